// A load that failed: the reason, and a button to try again.

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
        Try again
      </button>
    </div>
  );
}
