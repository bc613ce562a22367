// Queue alarms that are sounding, across the wall: what passed which threshold and
// since when (the wall's zone); a supervisor acknowledges each. The sound itself is
// played by useWallScreen when an alarm is raised.

import { formatSpan, formatTime } from '../../format';
import type { QueueAlarm } from '../../equipment';
import { t } from '../../i18n';

export function alarmText(a: QueueAlarm): string {
  return a.kind === 'length'
    ? t('wall:alarm.length', { count: a.value, threshold: a.threshold })
    : t('wall:alarm.wait', { age: formatSpan(a.value), threshold: formatSpan(a.threshold) });
}

export function AlarmBanner({ alarms, zone, onAck }: { alarms: QueueAlarm[]; zone: string; onAck(id: number): void }) {
  const sounding = alarms.filter((a) => !a.cleared_at);
  if (sounding.length === 0) return null;
  return (
    <section class="wall-alarm" role="alert" data-testid="queue-alarm" aria-label={t('wall:alarm.title')}>
      <strong class="wall-alarm__title">{t('wall:alarm.title')}</strong>
      {sounding.map((a) => (
        <span key={a.id} class="wall-alarm__item" data-testid={`queue-alarm-${a.kind}`}>
          <span translate={false}>{a.centre.code}</span> · {alarmText(a)} ·{' '}
          {t('wall:alarm.since', { time: formatTime(a.raised_at, { zone }) })}
          {a.acknowledged_at ? (
            <span class="wall-alarm__ack"> · {t('wall:alarm.acknowledged')}</span>
          ) : (
            <button type="button" class="button wall-alarm__btn" onClick={() => onAck(a.id)}>
              {t('wall:alarm.ack')}
            </button>
          )}
        </span>
      ))}
    </section>
  );
}
