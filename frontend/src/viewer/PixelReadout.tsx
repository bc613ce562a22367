// Live pixel readout under the cursor: raw values, dual-energy ratio and
// material class. At most one request in flight; the latest position wins.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Schemas } from '../api';
import { apiPath } from '../scans';
import { clientToImage } from './osdSetup';
import { t } from '../i18n';

/** Raw values, R, material class and Z-effective (with its uncertainty) at one pixel. */
export type PixelValue = Schemas['PixelReading'];

const SOURCE_KEYS: Record<string, string> = {
  'cips-calibrated': 'calibrated',
  default: 'notCalibrated',
  vendor: 'vendor',
};

const MIN_GAP_MS = 40;

type Readout =
  | { state: 'outside' }
  | { state: 'pending'; x: number; y: number }
  | { state: 'value'; value: PixelValue }
  | { state: 'error'; message: string };

interface Props {
  osd: OpenSeadragon.Viewer | null;
  /** The element to watch for pointer moves (the viewer stage). */
  stage: HTMLElement | null;
  pixelLink: string;
  width: number;
  height: number;
}

export function PixelReadout({ osd, stage, pixelLink, width, height }: Props) {
  const [readout, setReadout] = useState<Readout>({ state: 'outside' });
  const latest = useRef<{ x: number; y: number } | null>(null);
  const inflight = useRef(false);

  useEffect(() => {
    if (!osd || !stage) return;
    let disposed = false;
    const base = apiPath(pixelLink);
    const sep = base.includes('?') ? '&' : '?';

    const pump = async () => {
      if (inflight.current || !latest.current) return;
      const { x, y } = latest.current;
      inflight.current = true;
      try {
        const value = await api.get<PixelValue>(`${base}${sep}x=${x}&y=${y}`, { timeoutMs: 5000 });
        const now = latest.current;
        if (!disposed && now && now.x === x && now.y === y) setReadout({ state: 'value', value });
      } catch (err) {
        const now = latest.current;
        if (!disposed && now && now.x === x && now.y === y) {
          setReadout({ state: 'error', message: err instanceof Error ? err.message : t('viewer:readout.none') });
        }
      }
      // A short breather keeps a fast sweep from becoming a request stream.
      await new Promise((resolve) => window.setTimeout(resolve, MIN_GAP_MS));
      inflight.current = false;
      const now = latest.current;
      if (!disposed && now && (now.x !== x || now.y !== y)) void pump();
    };

    const onMove = (e: PointerEvent) => {
      const p = clientToImage(osd, e.clientX, e.clientY);
      const x = p ? Math.floor(p.x) : -1;
      const y = p ? Math.floor(p.y) : -1;
      if (!p || x < 0 || y < 0 || x >= width || y >= height) {
        latest.current = null;
        setReadout({ state: 'outside' });
        return;
      }
      const prev = latest.current;
      if (prev && prev.x === x && prev.y === y) return;
      latest.current = { x, y };
      setReadout((r) => (r.state === 'value' ? r : { state: 'pending', x, y }));
      void pump();
    };
    const onLeave = () => {
      latest.current = null;
      setReadout({ state: 'outside' });
    };
    stage.addEventListener('pointermove', onMove, { passive: true });
    stage.addEventListener('pointerleave', onLeave);
    return () => {
      disposed = true;
      stage.removeEventListener('pointermove', onMove);
      stage.removeEventListener('pointerleave', onLeave);
    };
  }, [osd, stage, pixelLink, width, height]);

  return (
    <div class="readout" data-testid="pixel-readout" aria-live="off" title={t('viewer:readout.title')}>
      {describe(readout)}
    </div>
  );
}

// "undefined" is the classifier's name for air and for what no ray got through; analysts
// read the word as a fault of the software.
const MATERIALS = new Set(['organic', 'inorganic', 'metal', 'undefined']);
const CHANNELS = new Set(['high', 'low']);

function describe(r: Readout) {
  if (r.state === 'outside') return <span class="muted">—</span>;
  if (r.state === 'pending')
    return (
      <span class="muted">
        x {r.x} · y {r.y} · …
      </span>
    );
  if (r.state === 'error') return <span class="muted">{r.message}</span>;
  const v = r.value;
  const values = Object.entries(v.values ?? {}).map(([k, n]) => (
    <span key={k}>
      {' · '}
      {CHANNELS.has(k) ? t(`viewer:readout.channel.${k}`) : k} <b>{n}</b>
    </span>
  ));
  return (
    <span>
      x {v.x} · y {v.y}
      {values}
      {v.r !== null && v.r !== undefined && (
        <span>
          {' · '}R <b>{v.r.toFixed(2)}</b>
        </span>
      )}
      {v.material && (
        <span
          class={`readout__material readout__material--${v.material}`}
          title={v.material === 'undefined' ? t('viewer:readout.noClassTitle') : undefined}
        >
          {' '}
          {MATERIALS.has(v.material) ? t(`viewer:material.${v.material}`) : v.material}
        </span>
      )}
      {v.z_eff !== null && v.z_eff !== undefined && (
        <span data-testid="readout-zeff">
          {' · '}Z <b>{v.z_eff.toFixed(1)}</b>
          {v.z_sigma !== null && v.z_sigma !== undefined && ` ± ${v.z_sigma.toFixed(1)}`}
        </span>
      )}
      {v.material_source && (
        <span class="muted">
          {' '}
          ({SOURCE_KEYS[v.material_source] ? t(`viewer:source.${SOURCE_KEYS[v.material_source]}`) : v.material_source})
        </span>
      )}
    </span>
  );
}
