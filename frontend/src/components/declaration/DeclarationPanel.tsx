// The customs declaration of one scan, beside the image: fetched from
// GET /scans/<id>/declaration, looked for again every 30 s while none is
// matched, linked or unlinked by hand (with a reason) by analysts, experts and
// supervisors. Keys inside the panel are its own (data-own-keys): Enter on a
// button or link here does not send the verdict.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useAuth } from '../../auth';
import { LINK_ROLES, UNLINK_ROLES, fetchScanDeclaration, linkDeclaration, unlinkDeclaration } from '../../declarations';
import type { EarlierScan, GoodsLine, ScanDeclaration } from '../../declarations';
import { Link } from '../../router';
import { formatScanTime } from '../../scans';
import { DECISION_LABELS, errorText } from '../../workflow';
import { DeclarationView } from './DeclarationView';
import { ReasonForm } from './ReasonForm';
import './declaration.css';
import { RetryError } from '../RetryError';
import { t } from '../../i18n';

const RECHECK_MS = 30_000;

function EarlierScans({ scans, links }: { scans: EarlierScan[]; links: boolean }) {
  if (scans.length === 0) return null;
  return (
    <div class="decl__earlier" data-testid="earlier-scans">
      <h3 class="decl__subtitle">{t('declaration:earlier')}</h3>
      <ul>
        {scans.map((s) => (
          <li key={s.id}>
            <span translate={false}>
              {links ? (
                <Link href={`/analyst/scans/${encodeURIComponent(String(s.id))}`}>{s.scan_uid}</Link>
              ) : (
                s.scan_uid
              )}
            </span>
            <span class="muted">
              {' '}
              · <span translate={false}>{s.site}</span> · {formatScanTime(s.scanned_at)}
            </span>
            {s.verdict && (
              <span class={`decl__verdict decl__verdict--${s.verdict}`}>
                {' '}
                {DECISION_LABELS[s.verdict] ?? s.verdict}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Props {
  scanId: number | string;
  /** Offer link/unlink (default: by role). */
  canLink?: boolean;
  /** The current declaration's goods lines (null: none), whenever they are (re)loaded. */
  onGoods?(goods: GoodsLine[] | null): void;
}

export function DeclarationPanel({ scanId, canLink, onGoods }: Props) {
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  const mayLink = canLink ?? roles.some((r) => LINK_ROLES.includes(r));
  const mayUnlink = canLink ?? roles.some((r) => UNLINK_ROLES.includes(r));
  const scanLinks = roles.includes('analyst') || roles.includes('expert');
  const [data, setData] = useState<ScanDeclaration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  const [done, setDone] = useState('');
  const seq = useRef(0);

  const load = async (quiet = false) => {
    const mine = ++seq.current;
    try {
      const d = await fetchScanDeclaration(scanId);
      if (mine !== seq.current) return;
      setData(d);
      setError(null);
      onGoods?.(d.declaration?.goods ?? null);
    } catch (err) {
      if (mine !== seq.current) return;
      if (err instanceof ApiError && err.status === 403) return setHidden(true);
      if (!quiet) setError(errorText(err, t('declaration:loadFailed')));
    }
  };

  useEffect(() => {
    setData(null);
    setError(null);
    setHidden(false);
    setDone('');
    void load();
    return () => {
      seq.current++;
    };
  }, [scanId]);

  const unmatched = data !== null && data.declaration === null;
  useEffect(() => {
    if (!unmatched) return;
    const timer = window.setInterval(() => void load(true), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [unmatched, scanId]);

  if (hidden) return null;
  const decl = data?.declaration ?? null;
  return (
    <section
      class="side-section decl"
      data-testid="declaration-panel"
      data-own-keys
      aria-labelledby="decl-title"
      aria-busy={!data && !error}
    >
      <h2 id="decl-title" class="side-title">
        {t('declaration:title')}
      </h2>
      {error && <RetryError message={error} onRetry={() => void load()} buttonClass="button decl__btn" />}
      {!data && !error && (
        <p class="muted small" role="status">
          {t('declaration:loading')}
        </p>
      )}
      {data && decl && <DeclarationView d={decl} match={data.match} weight={data.weight} />}
      {data && !decl && (
        <p class="decl__none" data-testid="declaration-none">
          {t('declaration:noneYet')}
        </p>
      )}
      {data && mayLink && !decl && (
        <ReasonForm
          key="link"
          label={t('declaration:link.label')}
          submitLabel={t('declaration:link.submit')}
          withNumber
          testId="declaration-link"
          onSubmit={async ({ number, reason }) => {
            await linkDeclaration(scanId, number, reason);
            setDone(t('declaration:link.done', { number }));
            await load();
          }}
        />
      )}
      {data && mayUnlink && decl && (
        <ReasonForm
          key="unlink"
          label={t('declaration:unlink.label')}
          submitLabel={t('declaration:unlink.submit')}
          testId="declaration-unlink"
          onSubmit={async ({ reason }) => {
            await unlinkDeclaration(scanId, reason);
            setDone(t('declaration:unlink.done', { number: decl.number }));
            await load();
          }}
        />
      )}
      <p class="visually-hidden" role="status">
        {done}
      </p>
      {data && <EarlierScans scans={data.earlier_scans ?? []} links={scanLinks} />}
    </section>
  );
}
