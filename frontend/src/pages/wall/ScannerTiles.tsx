// A tile per scanner, coloured by status and saying it in words, laid out
// to fill its box without scrolling: columns chosen for the box's shape; when
// there are too many to read, the most urgent are shown and "+N more".

import { useRef } from 'preact/hooks';
import { secondsSince } from '../../clock';
import { STATES, STATE_URGENCY, formatNumber, stateLabel, stateOf } from '../../equipment';
import type { ScannerStatus } from '../../equipment';
import { formatSpan, formatTime } from '../../format';
import { t } from '../../i18n';
import { useBox } from '../../useBox';

/** Smallest readable tile, in em of the wall's type. */
const MIN_W = 9;
const MIN_H = 4.6;
const ASPECT = 1.9;

function layout(n: number, w: number, h: number, fs: number) {
  if (n === 0 || w === 0 || h === 0) return { cols: 1, rows: 1, fit: n };
  const maxCols = Math.max(1, Math.floor(w / (MIN_W * fs)));
  const maxRows = Math.max(1, Math.floor(h / (MIN_H * fs)));
  const fit = maxCols * maxRows;
  const shown = Math.min(n, fit);
  let cols = Math.min(maxCols, Math.max(1, Math.round(Math.sqrt((shown * w) / (h * ASPECT)))));
  while (Math.ceil(shown / cols) > maxRows && cols < maxCols) cols += 1;
  return { cols, rows: Math.ceil(shown / cols), fit };
}

function Tile({ s, now, scans, zone }: { s: ScannerStatus; now: number; scans: number; zone: string }) {
  const st = stateOf(s.status);
  const since = secondsSince(s.status_since, now);
  return (
    <li class={`stile stile--${st}`} data-testid={`scanner-tile-${s.id}`} data-status={st}>
      <span class="stile__name" title={s.name} translate={false}>
        {s.name}
      </span>
      <span class="stile__status">{stateLabel(st)}</span>
      <span class="stile__since">
        <span translate={false}>{s.site?.code}</span>
        {since !== null ? ` · ${t('wall:tiles.for', { time: formatSpan(since) })}` : ''}
      </span>
      <span class="stile__detail">
        {st === 'fault' && s.fault ? (
          <span translate={false}>{`${s.fault.code}: ${s.fault.text}`}</span>
        ) : (
          t('wall:tiles.scansToday', { count: scans, n: formatNumber(scans) }) +
          (s.last_scan_at ? ` · ${t('wall:tiles.lastScan', { time: formatTime(s.last_scan_at, { zone }) })}` : '')
        )}
      </span>
    </li>
  );
}

export function ScannerTiles({
  scanners,
  scansToday,
  now,
  zone,
}: {
  scanners: ScannerStatus[];
  scansToday: Record<string, number>;
  now: number;
  zone: string;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const { w, h, fs } = useBox(ref);
  const { cols, rows, fit } = layout(scanners.length, w, h, fs);
  const over = scanners.length > fit;
  const shown = over
    ? [...scanners]
        .sort((a, b) => STATE_URGENCY[stateOf(a.status)] - STATE_URGENCY[stateOf(b.status)])
        .slice(0, fit - 1)
    : scanners;
  const counts = STATES.map((st) => [st, scanners.filter((s) => stateOf(s.status) === st).length] as const).filter(
    ([, n]) => n,
  );
  return (
    <section class="wall-box wall-box--tiles" aria-labelledby="tiles-title">
      <h2 id="tiles-title">
        {t('wall:tiles.title')}{' '}
        <span class="wall-box__sub">
          {counts.map(([st, n]) => (
            <span key={st} class={`wall-count wall-count--${st}`}>
              {n} {stateLabel(st)}
            </span>
          ))}
        </span>
      </h2>
      <ul
        ref={ref}
        class="stiles"
        data-testid="scanner-tiles"
        style={{
          gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
        }}
      >
        {scanners.length === 0 && <li class="muted">{t('wall:tiles.none')}</li>}
        {shown.map((s) => (
          <Tile key={s.id} s={s} now={now} scans={scansToday[String(s.id)] ?? 0} zone={zone} />
        ))}
        {over && (
          <li class="stile stile--more" data-testid="scanner-tiles-more">
            {t('wall:more', { count: scanners.length - shown.length })}
          </li>
        )}
      </ul>
    </section>
  );
}
