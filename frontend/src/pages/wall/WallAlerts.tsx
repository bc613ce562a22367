// Open equipment alerts on the wall, newest and unacknowledged first, as
// many as fit their box; the rest as "+N more".

import { useRef } from 'preact/hooks';
import { ALERT_KINDS, ackedText, formatTime, siteCode } from '../../equipment';
import type { Alert } from '../../equipment';
import { Link } from '../../router';
import { useBox } from '../../useBox';

/** One alert's height and the gap, in em (see .walert in screen.css). */
const ROW_EM = 3.1;
const GAP_EM = 0.4;

function rank(a: Alert): number {
  return (a.cleared_at ? 2 : 0) + (ackedText(a) ? 1 : 0);
}

export function WallAlerts({ alerts }: { alerts: Alert[] }) {
  const ref = useRef<HTMLOListElement>(null);
  const { h, fs } = useBox(ref);
  const fit = h > 0 ? Math.max(1, Math.floor((h + GAP_EM * fs) / ((ROW_EM + GAP_EM) * fs))) : alerts.length;
  const sorted = [...alerts].sort((a, b) => rank(a) - rank(b) || Date.parse(b.raised_at) - Date.parse(a.raised_at));
  const over = sorted.length > fit;
  const shown = over ? sorted.slice(0, fit - 1) : sorted;
  return (
    <section class="wall-box wall-box--alerts" aria-labelledby="wall-alerts-title" data-testid="wall-alerts">
      <h2 id="wall-alerts-title">
        Open alerts <span class="wall-box__sub">{alerts.length}</span>
        <Link href="/equipment" class="wall-box__link">
          Equipment
        </Link>
      </h2>
      <ol ref={ref} class="walerts" aria-live="polite">
        {alerts.length === 0 && <li class="walerts__none">No open alerts.</li>}
        {shown.map((a) => {
          const acked = ackedText(a);
          return (
            <li
              key={a.id}
              class={`walert walert--${a.cleared_at ? 'cleared' : a.kind}${acked ? ' walert--acked' : ''}`}
              data-testid={`wall-alert-${a.id}`}
            >
              <span class="walert__line">
                <b>{ALERT_KINDS[a.kind] ?? a.kind}</b> {a.scanner?.name ?? `Scanner ${a.scanner?.id}`}{' '}
                <span class="walert__site">{siteCode(a.scanner?.site)}</span>
              </span>
              <span class="walert__line walert__meta">
                {formatTime(a.raised_at)}
                {a.detail ? ` · ${a.detail}` : ''}
                {a.cleared_at ? ` · cleared ${formatTime(a.cleared_at)}` : ''}
                {acked ? ` · ${acked}` : ''}
              </span>
            </li>
          );
        })}
        {over && (
          <li class="walerts__more" data-testid="wall-alerts-more">
            +{sorted.length - shown.length} more
          </li>
        )}
      </ol>
    </section>
  );
}
