// Priors beside the scan being judged: the earlier scans of the same container or plate
// (never of the analyst's own site), the newest opened at once in a second viewer whose pan
// and zoom follow the current scan's both ways (useSyncedViewports) and which shows the
// current scan's render settings. Opening one is written in the audit trail by the server.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useState } from 'preact/hooks';
import { LazyViewer } from '../../components/LazyViewer';
import { fetchPriors, openPrior } from '../../priors';
import type { OpenedPrior, Prior, PriorFacts } from '../../priors';
import { formatDateTime } from '../../scans';
import type { Scan } from '../../scans';
import type { RenderParams } from '../../viewer/renderParams';
import { useSyncedViewports } from '../../viewer/useSyncedViewports';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

interface Props {
  assignmentId: number;
  /** The current scan's viewer: the prior's follows it, and it follows the prior's. */
  mainOsd: OpenSeadragon.Viewer | null;
  /** The current scan's render parameters, shown on the prior too. */
  params: RenderParams | undefined;
  onClose(): void;
}

function outcome(p: PriorFacts): string | null {
  if (p.inspection) return t(`analyst:outcome.${p.inspection}`);
  if (p.decision) return t(`analyst:decision.${p.decision}`);
  return null;
}

function label(p: PriorFacts): string {
  return [formatDateTime(p.scanned_at), p.site.code, p.scanner.name, outcome(p) ?? t('analyst:priors.undecided')].join(
    ' · ',
  );
}

function matched(p: PriorFacts): string {
  const same: string[] = [];
  if (p.matched.container_ids.length)
    same.push(t('analyst:priors.sameContainer', { ids: p.matched.container_ids.join(', ') }));
  if (p.matched.plate) same.push(t('analyst:priors.samePlate', { plate: p.matched.plate }));
  return same.join(' · ');
}

export function PriorsPane({ assignmentId, mainOsd, params, onClose }: Props) {
  const [priors, setPriors] = useState<Prior[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [opened, setOpened] = useState<{ facts: OpenedPrior; scan: Scan } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [priorOsd, setPriorOsd] = useState<OpenSeadragon.Viewer | null>(null);

  useEffect(() => {
    let live = true;
    fetchPriors(assignmentId).then(
      (found) => {
        if (!live) return;
        setPriors(found);
        setChosen(found[0]?.scan_id ?? null);
      },
      (err: unknown) => live && setError(errorText(err, t('analyst:priors.loadFailed'))),
    );
    return () => {
      live = false;
    };
  }, [assignmentId]);

  useEffect(() => {
    const prior = priors?.find((p) => p.scan_id === chosen);
    if (!prior) return;
    let live = true;
    setOpened(null);
    setError(null);
    openPrior(prior).then(
      (o) => live && setOpened(o),
      (err: unknown) => live && setError(errorText(err, t('analyst:priors.openFailed'))),
    );
    return () => {
      live = false;
    };
  }, [chosen, priors]);

  useSyncedViewports(mainOsd, opened ? priorOsd : null);

  return (
    <section class="priors" data-testid="priors" data-prior={opened?.facts.scan_id} aria-labelledby="priors-title">
      <header class="priors__head">
        <h2 id="priors-title" class="side-title">
          {t('analyst:priors.title')}
        </h2>
        {priors && priors.length > 0 && (
          <select
            class="priors__choice"
            aria-label={t('analyst:priors.choose')}
            value={chosen ?? ''}
            onChange={(e) => setChosen(Number(e.currentTarget.value))}
          >
            {priors.map((p) => (
              <option key={p.scan_id} value={p.scan_id}>
                {label(p)}
              </option>
            ))}
          </select>
        )}
        <button type="button" class="chip" onClick={onClose} aria-label={t('analyst:priors.close')}>
          {t('analyst:priors.closeShort')}
        </button>
        {opened && (
          <p class="priors__facts small" data-testid="prior-facts">
            {matched(opened.facts)}
          </p>
        )}
      </header>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!error && !priors && (
        <p class="priors__state muted" role="status">
          {t('analyst:priors.loading')}
        </p>
      )}
      {priors && priors.length === 0 && (
        <p class="priors__state muted" role="status" data-testid="priors-none">
          {t('analyst:priors.none')}
        </p>
      )}
      {opened && (
        <LazyViewer
          key={opened.facts.scan_id}
          scan={opened.scan}
          regions={false}
          secondary
          followParams={params}
          onOsd={setPriorOsd}
        />
      )}
      {!error && priors && priors.length > 0 && !opened && (
        <p class="priors__state muted" role="status">
          {t('analyst:priors.opening')}
        </p>
      )}
    </section>
  );
}
