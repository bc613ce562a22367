// A small modal for the wall's actions: Escape or Cancel closes it, the
// first field has the focus, a reason is always required.

import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../workflow';

interface Props {
  title: string;
  submitLabel: string;
  onClose(): void;
  /** Called with the reason; throw to keep the dialog open with the error shown. */
  onSubmit(reason: string): Promise<void>;
  /** Returns a message when the other fields are not valid. */
  validate?(): string | null;
  children?: ComponentChildren;
}

export function ActionDialog({ title, submitLabel, onClose, onSubmit, validate, children }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, []);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const problem = validate?.() ?? (reason.trim() ? null : 'Give a reason: it is recorded with your name.');
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
      onClose();
    } catch (err) {
      setError(errorText(err, 'That did not work. Try again.'));
      setBusy(false);
    }
  };

  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <form class="dialog" ref={ref} onSubmit={submit} noValidate>
          <h2 id="dialog-title">{title}</h2>
          {children}
          <label class="dialog__field">
            <span>Reason (required)</span>
            <textarea rows={2} maxLength={500} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          {error && (
            <p class="message message--error" role="alert">
              {error}
            </p>
          )}
          <div class="dialog__buttons">
            <button type="submit" class="button button--primary" disabled={busy}>
              {submitLabel}
            </button>
            <button type="button" class="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
