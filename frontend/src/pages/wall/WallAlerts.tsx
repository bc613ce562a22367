// Open alerts on the wall — queue alarms and scanner alerts — newest and
// unacknowledged first. The box is as tall as its alerts (none: one line), up to
// its share of the column; what does not fit there shows as "+N more".

import { useRef } from 'preact/hooks';
import { ackedText, alertKindLabel, siteCode } from '../../equipment';
import type { Alert, QueueAlarm } from '../../equipment';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { useBox } from '../../useBox';
import { alarmText } from './AlarmBanner';

/** One alert's height and the gap, in em (see .walert in screen.css). */
const ROW_EM = 3.1;
const GAP_EM = 0.4;

interface Item {
  key: string;
  raised: string;
  rank: number;
  node: preact.JSX.Element;
}

function rank(cleared: string | null, acked: boolean): number {
  return (cleared ? 2 : 0) + (acked ? 1 : 0);
}

export function WallAlerts({ alerts, alarms, zone }: { alerts: Alert[]; alarms: QueueAlarm[]; zone: string }) {
  const ref = useRef<HTMLOListElement>(null);
  const { h, fs } = useBox(ref);
  const items: Item[] = [
    ...alarms.map((a) => {
      const acked = ackedText(a, zone);
      return {
        key: `q${a.id}`,
        raised: a.raised_at,
        rank: rank(a.cleared_at, !!acked),
        node: (
          <li
            key={`q${a.id}`}
            class={`walert walert--${a.cleared_at ? 'cleared' : 'queue'}${acked ? ' walert--acked' : ''}`}
            data-testid={`wall-queue-alarm-${a.id}`}
          >
            <span class="walert__line">
              <b>{t('wall:alarm.kind')}</b> <span translate={false}>{a.centre.code}</span> · {alarmText(a)}
            </span>
            <span class="walert__line walert__meta">
              {formatTime(a.raised_at, { zone })}
              {a.cleared_at ? ` · ${t('wall:alerts.cleared', { time: formatTime(a.cleared_at, { zone }) })}` : ''}
              {acked ? ` · ${acked}` : ''}
            </span>
          </li>
        ),
      };
    }),
    ...alerts.map((a) => {
      const acked = ackedText(a, zone);
      return {
        key: `e${a.id}`,
        raised: a.raised_at,
        rank: rank(a.cleared_at, !!acked),
        node: (
          <li
            key={`e${a.id}`}
            class={`walert walert--${a.cleared_at ? 'cleared' : a.kind}${acked ? ' walert--acked' : ''}`}
            data-testid={`wall-alert-${a.id}`}
          >
            <span class="walert__line">
              <b>{alertKindLabel(a.kind)}</b>{' '}
              <span translate={false}>{a.scanner?.name ?? t('equipment:scannerNumber', { id: a.scanner?.id })}</span>{' '}
              <span class="walert__site" translate={false}>
                {siteCode(a.scanner?.site)}
              </span>
            </span>
            <span class="walert__line walert__meta">
              {formatTime(a.raised_at, { zone })}
              {a.detail ? (
                <>
                  {' · '}
                  <span translate={false}>{a.detail}</span>
                </>
              ) : null}
              {a.cleared_at ? ` · ${t('wall:alerts.cleared', { time: formatTime(a.cleared_at, { zone }) })}` : ''}
              {acked ? ` · ${acked}` : ''}
            </span>
          </li>
        ),
      };
    }),
  ];
  // A pixel of slack: clientHeight is rounded, and n rows measured a hair short of n
  // would show n - 1 and a "+1 more".
  const fit = h > 0 ? Math.max(1, Math.floor((h + GAP_EM * fs + 1) / ((ROW_EM + GAP_EM) * fs))) : items.length;
  const sorted = items.sort((a, b) => a.rank - b.rank || Date.parse(b.raised) - Date.parse(a.raised));
  const over = sorted.length > fit;
  // Never only "+N more": the newest open alert is always in view.
  const shown = over ? sorted.slice(0, Math.max(1, fit - 1)) : sorted;
  // While some do not fit, the box takes its whole share (wall-box--full), so `fit` counts
  // the room there is, not the rows shown: a box sized by the rows it shows would stay as
  // small as it was when the second alert came.
  return (
    <section
      class={`wall-box wall-box--alerts${over ? ' wall-box--full' : ''}`}
      aria-labelledby="wall-alerts-title"
      data-testid="wall-alerts"
    >
      <h2 id="wall-alerts-title">
        {t('wall:alerts.title')} <span class="wall-box__sub">{items.length}</span>
        <Link href="/equipment" class="wall-box__link">
          {t('common:page.equipment')}
        </Link>
      </h2>
      <ol ref={ref} class="walerts" aria-live="polite">
        {items.length === 0 && <li class="walerts__none">{t('wall:alerts.none')}</li>}
        {shown.map((i) => i.node)}
        {over && (
          <li class="walerts__more" data-testid="wall-alerts-more">
            {t('wall:more', { count: sorted.length - shown.length })}
          </li>
        )}
      </ol>
    </section>
  );
}
