// Time left until a deadline; urgent in the last minute.

import { formatDuration, secondsUntil, useNow } from '../clock';
import { t } from '../i18n';

export function Countdown({ deadline }: { deadline: string }) {
  const now = useNow(1000);
  const left = secondsUntil(deadline, now);
  if (left === null) return <span>—</span>;
  const cls = left <= 0 ? 'countdown countdown--over' : left <= 60 ? 'countdown countdown--urgent' : 'countdown';
  return (
    <span class={cls} data-testid="deadline-countdown" title={new Date(deadline).toLocaleTimeString()}>
      {left <= 0 ? t('status:ui.deadlinePassed') : t('status:ui.timeLeft', { time: formatDuration(left) })}
    </span>
  );
}
