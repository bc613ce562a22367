// Form pieces of the administration screens: labelled fields that show the
// server's complaint about them (422 `field`, 409 on a taken name) right beside
// the input, and the dialog that shows a new token exactly once.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorField } from '../../admin';
import { errorText } from '../../workflow';
import '../../components/dialogs.css';
import { t } from '../../i18n';

export type FieldErrors = Record<string, string>;

/**
 * Errors per field. `take(err, known, fallback)` puts a server error beside the
 * field it names (or `fallback(err)`'s field, e.g. a 409 on the username) and
 * answers true; false when no field on this form is named (the dialog shows it).
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const take = (err: unknown, known: string[], fallback?: (err: unknown) => string | null): boolean => {
    const field = errorField(err) ?? fallback?.(err) ?? null;
    if (!field || !known.includes(field)) {
      setErrors({});
      return false;
    }
    setErrors({ [field]: errorText(err, t('admin:field.refused')) });
    return true;
  };
  const clear = () => setErrors({});
  return { errors, take, clear };
}

let nextId = 0;
function useId(prefix: string): string {
  const ref = useRef<string | null>(null);
  if (ref.current === null) ref.current = `${prefix}-${++nextId}`;
  return ref.current;
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  wide?: boolean;
}

/**
 * One input (whose id is `id`) with its label, hint and error; the hint and the error
 * describe the input for screen readers without becoming part of its name.
 */
function FieldFrame({
  label,
  error,
  hint,
  wide,
  id,
  children,
}: FieldProps & { id: string; children: ComponentChildren }) {
  return (
    <div class={`form-field${wide ? ' form-grid__wide' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} class="form-field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="form-field__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function described(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField({
  label,
  value,
  onInput,
  error,
  hint,
  wide,
  type = 'text',
  autoComplete = 'off',
  maxLength,
  testId,
  readOnly,
  list,
}: FieldProps & {
  value: string;
  onInput(value: string): void;
  type?: 'text' | 'password' | 'number' | 'search';
  autoComplete?: string;
  maxLength?: number;
  testId?: string;
  readOnly?: boolean;
  /** Id of a <datalist> of suggestions. */
  list?: string;
}) {
  const id = useId('field');
  return (
    <FieldFrame label={label} error={error} hint={hint} wide={wide} id={id}>
      <input
        id={id}
        // Preact types the input's attributes per `type`; this one takes any of the four.
        type={type as 'text'}
        value={value}
        readOnly={readOnly}
        list={list}
        maxLength={maxLength}
        autoComplete={autoComplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, hint, error)}
        data-testid={testId}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  hint,
  wide,
  testId,
}: FieldProps & {
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string; disabled?: boolean }[];
  testId?: string;
}) {
  const id = useId('select');
  return (
    <FieldFrame label={label} error={error} hint={hint} wide={wide} id={id}>
      <select
        id={id}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, hint, error)}
        data-testid={testId}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
  hint?: string;
}) {
  return (
    <div class="form-grid__wide">
      <label class="form-check">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
        {label}
      </label>
      {hint && <span class="form-field__hint"> {hint}</span>}
    </div>
  );
}

/** An error about a group of controls (a fieldset), read out when it appears. */
export function GroupError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p class="form-field__error" role="alert">
      {error}
    </p>
  );
}

/**
 * A secret the server shows only once (a bearer token): selectable, with a copy
 * button, and a plain warning that it will not be shown again.
 */
export function SecretDialog({
  title,
  secret,
  what,
  onClose,
}: {
  title: string;
  secret: string;
  what: string;
  onClose(): void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef<HTMLButtonElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    input.current?.focus();
    input.current?.select();
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

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('admin:secret.copied'));
    } catch {
      input.current?.select();
      setCopied(t('admin:secret.copyBlocked'));
    }
  };

  return (
    <div class="confirm-backdrop" data-modal>
      <div
        class="confirm"
        role="dialog"
        aria-modal="true"
        aria-labelledby="secret-title"
        aria-describedby="secret-warning"
        data-testid="secret-dialog"
      >
        <h2 id="secret-title">{title}</h2>
        <p id="secret-warning" class="message message--warning">
          {t('admin:secret.warning', { what })} <strong>{t('admin:secret.once')}</strong>{' '}
          {t('admin:secret.fingerprint')}
        </p>
        <label class="form-field">
          <span>{t('admin:secret.token')}</span>
          <input
            ref={input}
            class="secret-value"
            type="text"
            readOnly
            value={secret}
            data-testid="secret-value"
            translate={false}
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
        <p class="small muted" role="status">
          {copied ?? ''}
        </p>
        <div class="confirm__buttons">
          <button type="button" class="button button--primary" onClick={() => void copy()}>
            {t('admin:secret.copy')}
          </button>
          <button type="button" class="button" ref={done} onClick={onClose}>
            {t('admin:secret.stored')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** A line of success or failure after an action on a table row. */
export function Notice({ notice }: { notice: { ok: boolean; text: string } | null }) {
  if (!notice) return null;
  return (
    <p class={`message ${notice.ok ? 'message--info' : 'message--error'}`} role={notice.ok ? 'status' : 'alert'}>
      {notice.text}
    </p>
  );
}
