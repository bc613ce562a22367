// Clear / Suspect as two big toggle buttons.

import type { Decision } from '../../workflow';
import { t } from '../../i18n';

interface Props {
  value: Decision | null;
  onChange(d: Decision): void;
  /** Show the C / S key hints. */
  keys?: boolean;
  disabled?: boolean;
  label?: string;
}

export function DecisionButtons({ value, onChange, keys, disabled, label }: Props) {
  return (
    <div class="decision" role="group" aria-label={label ?? t('analyst:decision.label')}>
      <button
        type="button"
        class="decision__btn decision__btn--clear"
        aria-pressed={value === 'clear'}
        aria-keyshortcuts={keys ? 'C' : undefined}
        disabled={disabled}
        onClick={() => onChange('clear')}
      >
        {t('analyst:decision.clear')}
        {keys && <kbd aria-hidden="true">C</kbd>}
      </button>
      <button
        type="button"
        class="decision__btn decision__btn--suspect"
        aria-pressed={value === 'suspect'}
        aria-keyshortcuts={keys ? 'S' : undefined}
        disabled={disabled}
        onClick={() => onChange('suspect')}
      >
        {t('analyst:decision.suspect')}
        {keys && <kbd aria-hidden="true">S</kbd>}
      </button>
    </div>
  );
}
