// The time left in an exam, counted down locally from the server's figure;
// screen readers hear it at 5 minutes and at 1 minute.

import { formatDuration, useNow } from '../../clock';
import { t } from '../../i18n';

// Called while rendering: the words follow the language in use.
const warnings = (): [number, string][] => [
  [60, t('training:timer.oneMinute')],
  [300, t('training:timer.fiveMinutes')],
];

export function ExamTimer({ deadline }: { deadline: number | null }) {
  const now = useNow(500);
  if (deadline === null) return null;
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  const cls = left === 0 ? 'countdown countdown--over' : left <= 60 ? 'countdown countdown--urgent' : 'countdown';
  const warning = left === 0 ? t('training:timer.up') : (warnings().find(([s]) => left <= s)?.[1] ?? '');
  return (
    <span class="exam-timer" data-testid="exam-timer" data-seconds={left}>
      <span role="timer" aria-label={t('training:timer.left')}>
        <span class="muted small">{t('training:timer.left')} </span>
        <span class={cls}>{left === 0 ? t('training:timer.up') : formatDuration(left)}</span>
      </span>
      <span class="visually-hidden" aria-live="polite">
        {warning}
      </span>
    </span>
  );
}
