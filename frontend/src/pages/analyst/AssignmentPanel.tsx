// The current assignment beside the image: what was scanned, the deadline, and
// the verdict. Keys (keyboard.ts PAGE_KEYS): C clear, S suspect, Enter submit (not while
// typing; Ctrl+Enter also from the note).

import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { conveyanceIds, formatDateTime, formatRadiation, formatWeight } from '../../scans';
import { isPageKey, isTypingTarget, pageKeys } from '../../viewer/keyboard';
import type { PageShortcut } from '../../viewer/keyboard';
import { categoryOf } from '../../viewer/regionModel';
import { errorText, submitVerdict } from '../../workflow';
import type { Assignment, Decision, Region } from '../../workflow';
import { Countdown } from '../../components/Countdown';
import { DecisionButtons } from './DecisionButtons';
import { isReveal } from '../../tip';
import type { TipReveal as TipRevealBody } from '../../tip';

export const VERDICT_KEYS: PageShortcut[] = pageKeys(
  ['clear', 'Verdict: clear'],
  ['suspect', 'Verdict: suspect (mark at least one region, each with a threat category)'],
  ['submit', 'Send the verdict (not while typing in a field)'],
);

/** Why the verdict cannot be sent yet, or null. */
export function verdictProblem(decision: Decision | null, regions: Region[]): string | null {
  if (!decision) return 'Choose Clear (C) or Suspect (S) first.';
  if (decision === 'suspect' && regions.length === 0) {
    return 'A suspect verdict needs at least one marked region: draw one with B (rectangle) or Y (polygon).';
  }
  const missing = regions.findIndex((r) => !categoryOf(r));
  if (missing >= 0) return `Region ${missing + 1} has no threat category: choose one in the region list.`;
  return null;
}

interface Props {
  assignment: Assignment;
  regions: Region[];
  more: number;
  onDone(decision: Decision): void;
  /** The server refused: the assignment may be gone (reload the workstation). */
  onStale(): void;
  /** The scan carried a projected test threat: the reveal, then the real scan again (TipReveal). */
  onReveal?(reveal: TipRevealBody): void;
}

export function AssignmentPanel({ assignment: a, regions, more, onDone, onStale, onReveal }: Props) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scan = a.scan;

  const choose = (d: Decision) => {
    setDecision(d);
    setError(null);
  };

  const submit = async () => {
    if (busy) return;
    const problem = verdictProblem(decision, regions);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const answer: unknown = await submitVerdict(a.assignment_id, { decision: decision!, regions, note: note.trim() });
      if (isReveal(answer) && onReveal) {
        setDecision(null);
        setBusy(false);
        return onReveal(answer);
      }
      onDone(decision!);
    } catch (err) {
      setError(errorText(err, 'The verdict could not be sent. Check the connection and try again.'));
      setBusy(false);
      if (err instanceof ApiError && (err.status === 403 || err.status === 409)) onStale();
    }
  };

  const latest = useRef({ choose, submit });
  latest.current = { choose, submit };
  useEffect(() => {
    // A scan that opens by itself: a button still focused from a click (e.g.
    // Ready) would otherwise swallow the Enter meant for the verdict.
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body && !isTypingTarget(focused)) focused.blur();

    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.altKey || e.metaKey) return;
      if (document.querySelector('.help-backdrop')) return; // the viewer's help is open
      const t = e.target instanceof HTMLElement ? e.target : null;
      // Parts of the side panel with keys of their own (the declaration's
      // links and forms) keep Enter and Ctrl+Enter.
      const inWork = (!t || t === document.body || !!t.closest('.viewer')) && !t?.closest('[data-own-keys]');
      if (e.key === 'Enter' && e.ctrlKey && inWork) void latest.current.submit();
      else if (e.ctrlKey || isTypingTarget(t)) return;
      else if (isPageKey(e, 'clear')) latest.current.choose('clear');
      else if (isPageKey(e, 'suspect')) latest.current.choose('suspect');
      else if (isPageKey(e, 'submit') && inWork) void latest.current.submit();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    // Capture: before the viewer's own keys.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const facts: [string, string][] = [
    ['Scanner', scan.scanner?.name ?? '—'],
    ['Site', scan.scanner?.site ? `${scan.scanner.site.name} (${scan.scanner.site.code})` : '—'],
    ['Scanned', formatDateTime(scan.scanned_at)],
    ['Weight', formatWeight(scan.weight_kg)],
    ['Radiation', formatRadiation(scan)],
  ];
  const warning = decision === 'suspect' && regions.length === 0 && !error;

  return (
    <section class="assignment" data-testid="assignment-panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title" class="side-title">
        Scan {scan.scan_uid}
      </h2>
      <p class="assignment__ids" data-testid="assignment-ids">
        {conveyanceIds(scan)}
      </p>
      <p class="assignment__deadline">
        Deadline <Countdown deadline={a.deadline} />
      </p>
      {scan.radiation?.alarm && <p class="badge badge--alarm">Radiation alarm</p>}
      <dl class="facts--compact">
        {facts.map(([k, v]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
      <DecisionButtons value={decision} onChange={choose} keys disabled={busy} label="Verdict" />
      <p class="muted small">
        {regions.length} {regions.length === 1 ? 'region' : 'regions'} marked
      </p>
      {warning && (
        <p class="message message--warning" role="status">
          Mark at least one region for a suspect verdict: <kbd>B</kbd> rectangle, <kbd>Y</kbd> polygon.
        </p>
      )}
      <label class="assignment__note">
        <span>Note (optional)</span>
        <textarea
          rows={2}
          value={note}
          maxLength={5000}
          onInput={(e) => setNote(e.currentTarget.value)}
          placeholder="What you saw, for the record"
        />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        class="button button--primary button--wide"
        disabled={busy}
        aria-keyshortcuts="Enter"
        onClick={() => void submit()}
      >
        Submit verdict
        <kbd aria-hidden="true">Enter</kbd>
      </button>
      {more > 0 && (
        <p class="muted small">
          {more} more {more === 1 ? 'scan' : 'scans'} assigned after this one.
        </p>
      )}
    </section>
  );
}
