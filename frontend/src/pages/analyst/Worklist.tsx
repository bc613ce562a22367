// The worklist: the current assignment opens by itself in the viewer with the
// verdict beside it; the next one follows without a click.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DeclarationPanel } from '../../components/declaration/DeclarationPanel';
import { LazyViewer, preloadViewer } from '../../components/LazyViewer';
import type { GoodsLine } from '../../declarations';
import { isPageKey, isTypingTarget, pageKeys } from '../../viewer/keyboard';
import type { RenderParams } from '../../viewer/renderParams';
import type { Assignment, Region } from '../../workflow';
import { AssignmentPanel, VERDICT_KEYS } from './AssignmentPanel';
import type { Workstation } from './useWorkstation';
import { t } from '../../i18n';
import { revealRegion } from '../../tip';
import type { TipReveal as TipRevealBody } from '../../tip';
import { TipReveal } from './TipReveal';
import { PriorsPane } from './PriorsPane';

/** V (keyboard.ts PAGE_KEYS) shows or hides the priors; the Priors button does the same. */
function usePriorsKey(toggle: () => void): void {
  const latest = useRef(toggle);
  latest.current = toggle;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (!isPageKey(e, 'priors') || document.querySelector('[data-modal], .help-backdrop')) return;
      e.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

function AssignmentView({ a, ws }: { a: Assignment; ws: Workstation }) {
  const [regions, setRegions] = useState<Region[]>([]);
  const [goods, setGoods] = useState<GoodsLine[] | null>(null);
  // After a projected test threat's reveal: the real scan, under new links, with the threat's box shown.
  const [reveal, setReveal] = useState<TipRevealBody | null>(null);
  const scan = reveal ? { ...a.scan, links: { ...a.scan.links, ...reveal.links } } : a.scan;
  // Priors: earlier scans of the same container or plate, in a second viewer beside this one.
  const [priors, setPriors] = useState(false);
  const [osd, setOsd] = useState<OpenSeadragon.Viewer | null>(null);
  const [params, setParams] = useState<RenderParams | undefined>(undefined);
  usePriorsKey(() => setPriors((open) => !open));
  return (
    <LazyViewer
      key={reveal ? 'real' : 'first'}
      scan={scan}
      onOsd={setOsd}
      onParamsChange={setParams}
      beside={
        priors && (
          <PriorsPane assignmentId={a.assignment_id} mainOsd={osd} params={params} onClose={() => setPriors(false)} />
        )
      }
      markedRegions={reveal ? [revealRegion(reveal.tip.region, t('tip:reveal.label'))] : undefined}
      markedTitle={reveal ? t('tip:reveal.label') : undefined}
      onRegionsChange={setRegions}
      pageShortcuts={[...VERDICT_KEYS, ...pageKeys('readyPause', 'library', 'priors')]}
      goods={goods}
      aside={
        <>
          {reveal && <TipReveal reveal={reveal} />}
          <AssignmentPanel
            key={reveal ? 'real' : 'first'}
            onReveal={(r) => {
              setRegions([]); // the real scan opens without the first decision's marks
              setReveal(r);
            }}
            assignment={a}
            regions={regions}
            more={ws.assignments.length - 1}
            onDone={(d) => ws.verdictGiven(a.assignment_id, d, a.scan.scan_uid)}
            onStale={ws.refresh}
          />
          <button
            type="button"
            class="button button--wide"
            aria-pressed={priors}
            aria-keyshortcuts="V"
            data-testid="priors-button"
            onClick={() => setPriors((open) => !open)}
          >
            {t('analyst:priors.button')}
            <kbd aria-hidden="true">V</kbd>
          </button>
          <DeclarationPanel scanId={a.scan_id} onGoods={setGoods} />
        </>
      }
    />
  );
}

function Idle({ ws }: { ws: Workstation }) {
  if (ws.state === 'loading') {
    return (
      <div class="ws-idle muted" role="status">
        {t('analyst:idle.loading')}
      </div>
    );
  }
  const paused = ws.state === 'paused';
  return (
    <div class="ws-idle">
      <div class={`ws-idle__card ws-idle__card--${ws.state}`}>
        <h2>{paused ? t('analyst:idle.paused') : t('analyst:idle.waiting')}</h2>
        {paused ? <p>{t('analyst:idle.pausedHelp')}</p> : <p>{t('analyst:idle.readyHelp')}</p>}
        {ws.live !== 'live' && <p class="message message--warning">{t('analyst:idle.offline')}</p>}
      </div>
    </div>
  );
}

export function Worklist({ ws }: { ws: Workstation }) {
  const a = ws.current;
  useEffect(() => {
    void preloadViewer().catch(() => undefined);
  }, []);
  useEffect(() => {
    const state = a
      ? t('analyst:scanTitle', { uid: a.scan.scan_uid })
      : ws.state === 'waiting'
        ? t('analyst:idle.waitingShort')
        : ws.state === 'paused'
          ? t('analyst:idle.paused')
          : '';
    document.title = `${state ? `${state} · ` : ''}${t('common:page.analyst')} · CIPS`;
  }, [a?.assignment_id, ws.state]);

  if (!a) return <Idle ws={ws} />;
  return <AssignmentView key={a.assignment_id} a={a} ws={ws} />;
}
