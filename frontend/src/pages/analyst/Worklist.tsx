// The worklist: the current assignment opens by itself in the viewer with the
// verdict beside it; the next one follows without a click.

import { useEffect, useState } from 'preact/hooks';
import { DeclarationPanel } from '../../components/declaration/DeclarationPanel';
import { LazyViewer, preloadViewer } from '../../components/LazyViewer';
import type { GoodsLine } from '../../declarations';
import { pageKeys } from '../../viewer/keyboard';
import type { Assignment, Region } from '../../workflow';
import { AssignmentPanel, VERDICT_KEYS } from './AssignmentPanel';
import type { Workstation } from './useWorkstation';
import { t } from '../../i18n';
import { revealRegion } from '../../tip';
import type { TipReveal as TipRevealBody } from '../../tip';
import { TipReveal } from './TipReveal';

function AssignmentView({ a, ws }: { a: Assignment; ws: Workstation }) {
  const [regions, setRegions] = useState<Region[]>([]);
  const [goods, setGoods] = useState<GoodsLine[] | null>(null);
  // After a projected test threat's reveal: the real scan, under new links, with the threat's box shown.
  const [reveal, setReveal] = useState<TipRevealBody | null>(null);
  const scan = reveal ? { ...a.scan, links: { ...a.scan.links, ...reveal.links } } : a.scan;
  return (
    <LazyViewer
      key={reveal ? 'real' : 'first'}
      scan={scan}
      markedRegions={reveal ? [revealRegion(reveal.tip.region, t('tip:reveal.label'))] : undefined}
      markedTitle={reveal ? t('tip:reveal.label') : undefined}
      onRegionsChange={setRegions}
      pageShortcuts={[...VERDICT_KEYS, ...pageKeys('readyPause', 'library')]}
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
