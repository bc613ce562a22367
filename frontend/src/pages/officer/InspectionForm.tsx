// The physical inspection: outcome (three big buttons), findings, record.
// Once recorded, the result is shown instead.

import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatDateTime } from '../../scans';
import { OUTCOME_LABELS, errorText, personName, recordInspection } from '../../workflow';
import type { Inspection, Outcome } from '../../workflow';

const OUTCOMES: Outcome[] = ['seizure', 'discrepancy', 'no_finding'];

export function InspectionResult({ inspection }: { inspection: Inspection }) {
  return (
    <section
      class={`inspection-result inspection-result--${inspection.outcome}`}
      data-testid="inspection-result"
      aria-labelledby="inspection-title"
    >
      <h3 id="inspection-title">Inspection recorded</h3>
      <p class="inspection-result__outcome">{OUTCOME_LABELS[inspection.outcome] ?? inspection.outcome}</p>
      {inspection.findings && <p class="inspection-result__findings">{inspection.findings}</p>}
      <p class="muted">
        {personName(inspection.officer)} · {formatDateTime(inspection.recorded_at)}
      </p>
    </section>
  );
}

interface Props {
  scanId: number;
  onRecorded(i: Inspection): void;
  /** The server already has an inspection (another tablet): reload. */
  onStale(): void;
}

export function InspectionForm({ scanId, onRecorded, onStale }: Props) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [findings, setFindings] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    if (!outcome) return setError('Choose the outcome: Seizure, Discrepancy or No finding.');
    setBusy(true);
    setError(null);
    try {
      onRecorded(await recordInspection(scanId, { outcome, findings: findings.trim() }));
    } catch (err) {
      setError(errorText(err, 'The inspection could not be recorded. Check the connection and try again.'));
      if (err instanceof ApiError && err.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="inspection" id="inspection" onSubmit={submit} aria-labelledby="inspection-form-title" noValidate>
      <h3 id="inspection-form-title">Physical inspection</h3>
      <div class="outcome" role="group" aria-label="Outcome">
        {OUTCOMES.map((o) => (
          <button
            key={o}
            type="button"
            class={`outcome__btn outcome__btn--${o}`}
            aria-pressed={outcome === o}
            disabled={busy}
            onClick={() => (setOutcome(o), setError(null))}
          >
            {OUTCOME_LABELS[o]}
          </button>
        ))}
      </div>
      <label class="inspection__findings">
        <span>Findings</span>
        <textarea
          rows={4}
          value={findings}
          maxLength={10000}
          onInput={(e) => setFindings(e.currentTarget.value)}
          placeholder="What was found, where, how much"
        />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary button--big" disabled={busy}>
        Record inspection
      </button>
      {busy && (
        <p class="muted" role="status">
          Recording…
        </p>
      )}
    </form>
  );
}
