// The wall's actions (reassign, priority, link a declaration): the shared form
// dialog plus a reason, which is always required and recorded with the name.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { FormDialog } from '../../components/FormDialog';
import { t } from '../../i18n';

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
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      onClose={onClose}
      onSubmit={() => onSubmit(reason.trim())}
      validate={() => validate?.() ?? (reason.trim() ? null : t('queue:reason.needed'))}
    >
      {children}
      <label class="form-field">
        <span>{t('queue:reason.label')}</span>
        <textarea rows={2} maxLength={500} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
    </FormDialog>
  );
}
