// A load that failed: the reason, and a button to try again.

import { t } from '../i18n';

export function RetryError({
  message,
  onRetry,
  buttonClass = 'button',
  extraClass = '',
}: {
  message: string;
  onRetry(): void;
  buttonClass?: string;
  extraClass?: string;
}) {
  return (
    <div class={`message message--error${extraClass ? ` ${extraClass}` : ''}`} role="alert">
      {message}{' '}
      <button type="button" class={buttonClass} onClick={onRetry}>
        {t('status:ui.tryAgain')}
      </button>
    </div>
  );
}
