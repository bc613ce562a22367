// A small modal form: the first field has the focus, Escape or Cancel closes
// it, and an error thrown by onSubmit (e.g. the server's 409 message) is shown
// inside while the form stays open.

import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../workflow';
import './dialogs.css';
import { t } from '../i18n';

interface Props {
  title: string;
  submitLabel: string;
  onClose(): void;
  /** Throw to keep the dialog open with the error shown. */
  onSubmit(): Promise<void>;
  /** A message when the fields are not valid, else null. */
  validate?(): string | null;
  /** Return true when the error is shown beside its field (the dialog then adds only a pointer to it). */
  onError?(err: unknown): boolean;
  children?: ComponentChildren;
}

export function FormDialog({ title, submitLabel, onClose, onSubmit, validate, onError, children }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      closeRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, []);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const problem = validate?.() ?? null;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      onClose();
    } catch (err) {
      setError(onError?.(err) ? t('status:ui.correctField') : errorText(err, t('status:ui.tryAgainFailed')));
      setBusy(false);
    }
  };

  return (
    <div class="confirm-backdrop" data-modal onClick={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby="form-dialog-title">
        <form class="confirm form-dialog" ref={ref} onSubmit={submit} noValidate>
          <h2 id="form-dialog-title">{title}</h2>
          {children}
          {error && (
            <p class="message message--error" role="alert">
              {error}
            </p>
          )}
          <div class="confirm__buttons">
            <button type="submit" class="button button--primary" disabled={busy}>
              {submitLabel}
            </button>
            <button type="button" class="button" disabled={busy} onClick={onClose}>
              {t('status:ui.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
