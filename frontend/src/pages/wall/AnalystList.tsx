// The centre's analysts and what each is doing now: working on which scan for how
// long, ready, paused or offline, and how many scans they decided today (the wall's
// day). Rows change the moment `analyst.state` arrives; as many as fit are shown.

import { useRef } from 'preact/hooks';
import { secondsSince } from '../../clock';
import type { AnalystRow, AnalystState } from '../../equipment';
import { formatNumber, formatSpan } from '../../format';
import { t } from '../../i18n';
import { useBox } from '../../useBox';

const ROW_EM = 1.9;

function stateText(r: AnalystRow, now: number): string {
  const state: AnalystState = r.state;
  if (state === 'working')
    return t('wall:analysts.working', {
      scan: r.scan_uid ?? `#${r.scan_id}`,
      time: formatSpan(secondsSince(r.since, now)),
    });
  if (state === 'ready') return t('wall:analysts.ready');
  if (state === 'paused') return t('wall:analysts.paused');
  return t('wall:analysts.offline');
}

export function AnalystList({ rows, now }: { rows: AnalystRow[]; now: number }) {
  const ref = useRef<HTMLOListElement>(null);
  const { h, fs } = useBox(ref);
  const fit = h > 0 ? Math.max(1, Math.floor(h / (ROW_EM * fs))) : rows.length;
  const order: Record<AnalystState, number> = { working: 0, ready: 1, paused: 2, offline: 3 };
  const sorted = [...rows].sort(
    (a, b) => order[a.state] - order[b.state] || a.display_name.localeCompare(b.display_name),
  );
  const over = sorted.length > fit;
  const shown = over ? sorted.slice(0, fit - 1) : sorted;
  const online = rows.filter((r) => r.state !== 'offline').length;
  return (
    <section class="wall-box wall-box--analysts" aria-labelledby="analysts-title" data-testid="wall-analysts">
      <h2 id="analysts-title">
        {t('wall:analysts.title')}{' '}
        <span class="wall-box__sub">{t('wall:analysts.online', { online, total: rows.length })}</span>
        <span class="wall-box__link muted">{t('wall:analysts.today')}</span>
      </h2>
      <ol ref={ref} class="analysts" aria-live="polite">
        {rows.length === 0 && <li class="muted">{t('wall:analysts.none')}</li>}
        {shown.map((r) => (
          <li
            key={r.id}
            class={`analyst analyst--${r.state}`}
            data-testid={`analyst-row-${r.id}`}
            data-state={r.state}
            data-scan={r.scan_id ?? ''}
          >
            <span class="analyst__name" translate={false}>
              {r.display_name}
            </span>
            <span class="analyst__state">{stateText(r, now)}</span>
            <span class="analyst__count">{formatNumber(r.decided_today)}</span>
          </li>
        ))}
        {over && <li class="analysts__more">{t('wall:more', { count: sorted.length - shown.length })}</li>}
      </ol>
    </section>
  );
}
