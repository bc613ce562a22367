// A yes/no question in a modal: the confirming button has the focus, Escape
// or the other button says no. Used before actions that cannot be undone
// (starting an exam's clock, submitting an exam).

import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './dialogs.css';
import { t } from '../i18n';

interface Props {
  title: string;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
  children?: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, cancelLabel, busy, error, onConfirm, onCancel, children }: Props) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    confirmRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      cancelRef.current();
    };
    // Capture: the page's own keys (and the viewer's) must not see keys meant for the dialog.
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, []);

  return (
    <div class="confirm-backdrop" data-modal onClick={(e) => e.target === e.currentTarget && !busy && onCancel()}>
      <div
        class="confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
      >
        <h2 id="confirm-title">{title}</h2>
        <div id="confirm-body">{children}</div>
        {error && (
          <p class="message message--error" role="alert">
            {error}
          </p>
        )}
        <div class="confirm__buttons">
          <button type="button" class="button button--primary" ref={confirmRef} disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" class="button" disabled={busy} onClick={onCancel}>
            {cancelLabel ?? t('status:ui.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** True while a modal dialog is open (page-wide keys leave it alone). */
export function modalOpen(): boolean {
  return !!document.querySelector('[data-modal], .help-backdrop');
}
