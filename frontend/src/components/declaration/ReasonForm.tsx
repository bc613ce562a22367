// A small inline form behind a button: "Link declaration…" (number + reason)
// or "Unlink…" (reason). Enter sends, Escape or Cancel closes and gives the
// focus back to the button. Fits the narrow side panel.

import type { TargetedSubmitEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

interface Props {
  /** The button that opens the form. */
  label: string;
  submitLabel: string;
  /** Ask for a declaration number as well as the reason. */
  withNumber?: boolean;
  testId: string;
  onSubmit(values: { number: string; reason: string }): Promise<void>;
}

export function ReasonForm({ label, submitLabel, withNumber, testId, onSubmit }: Props) {
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const wasOpen = useRef(false);

  // Synchronously after the render, so that no key typed right after opening
  // reaches the viewer's shortcuts.
  useLayoutEffect(() => {
    if (open) form.current?.querySelector<HTMLInputElement>('input')?.focus();
    else if (wasOpen.current) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => {
    setOpen(false);
    setError(null);
    setBusy(false);
  };

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    if (withNumber && !number.trim()) return setError(t('declaration:form.needNumber'));
    if (!reason.trim()) return setError(t('declaration:form.needReason'));
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ number: number.trim(), reason: reason.trim() });
      setNumber('');
      setReason('');
      close();
    } catch (err) {
      setError(errorText(err, t('status:ui.tryAgainFailed')));
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" class="button decl__btn" ref={toggle} data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form
      class="decl__form"
      ref={form}
      onSubmit={submit}
      noValidate
      aria-label={label.replace(/…$/, '')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    >
      {withNumber && (
        <label class="decl__field">
          <span>{t('declaration:form.number')}</span>
          <input
            type="text"
            name="number"
            value={number}
            maxLength={40}
            autoComplete="off"
            spellcheck={false}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </label>
      )}
      <label class="decl__field">
        <span>{t('declaration:form.reason')}</span>
        <input
          type="text"
          name="reason"
          value={reason}
          maxLength={500}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <div class="decl__buttons">
        <button type="submit" class="button button--primary decl__btn" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" class="button decl__btn" onClick={close}>
          {t('status:ui.cancel')}
        </button>
      </div>
    </form>
  );
}
