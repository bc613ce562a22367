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
import { t } from '../../i18n';

export const VERDICT_KEYS: PageShortcut[] = pageKeys(
  ['clear', () => t('analyst:keys.clear')],
  ['suspect', () => t('analyst:keys.suspect')],
  ['submit', () => t('analyst:keys.submit')],
);

/** Why the verdict cannot be sent yet, or null. */
export function verdictProblem(decision: Decision | null, regions: Region[], final = false): string | null {
  if (!decision) return final ? t('analyst:verdict.chooseFinal') : t('analyst:verdict.chooseFirst');
  if (decision === 'suspect' && regions.length === 0) {
    return t('analyst:verdict.needRegion');
  }
  const missing = regions.findIndex((r) => !categoryOf(r));
  if (missing >= 0) return t('analyst:verdict.needCategory', { n: missing + 1 });
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
      setError(errorText(err, t('analyst:verdict.sendFailed')));
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
      const el = e.target instanceof HTMLElement ? e.target : null;
      // Parts of the side panel with keys of their own (the declaration's
      // links and forms) keep Enter and Ctrl+Enter.
      const inWork = (!el || el === document.body || !!el.closest('.viewer')) && !el?.closest('[data-own-keys]');
      if (e.key === 'Enter' && e.ctrlKey && inWork) void latest.current.submit();
      else if (e.ctrlKey || isTypingTarget(el)) return;
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

  // [label, value, is the value data (left untranslated)]
  const facts: [string, string, boolean][] = [
    [t('analyst:fact.scanner'), scan.scanner?.name ?? '—', true],
    [t('analyst:fact.site'), scan.scanner?.site ? `${scan.scanner.site.name} (${scan.scanner.site.code})` : '—', true],
    [t('analyst:fact.scanned'), formatDateTime(scan.scanned_at), false],
    [t('analyst:fact.weight'), formatWeight(scan.weight_kg), false],
    [t('analyst:fact.radiation'), formatRadiation(scan), false],
  ];
  const warning = decision === 'suspect' && regions.length === 0 && !error;

  return (
    <section class="assignment" data-testid="assignment-panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title" class="side-title">
        {t('analyst:scanTitle', { uid: scan.scan_uid })}
      </h2>
      <p class="assignment__ids" data-testid="assignment-ids" translate={false}>
        {conveyanceIds(scan)}
      </p>
      <p class="assignment__deadline">
        {t('analyst:deadline')} <Countdown deadline={a.deadline} />
      </p>
      {scan.radiation?.alarm && <p class="badge badge--alarm">{t('analyst:radiationAlarm')}</p>}
      <dl class="facts--compact">
        {facts.map(([k, v, data]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd translate={data ? false : undefined}>{v}</dd>
          </Fragment>
        ))}
      </dl>
      <DecisionButtons value={decision} onChange={choose} keys disabled={busy} label={t('analyst:verdict.label')} />
      <p class="muted small">{t('analyst:regionsMarked', { count: regions.length })}</p>
      {warning && (
        <p class="message message--warning" role="status">
          {t('analyst:verdict.markHint')}
        </p>
      )}
      <label class="assignment__note">
        <span>{t('analyst:note.label')}</span>
        <textarea
          rows={2}
          value={note}
          maxLength={5000}
          onInput={(e) => setNote(e.currentTarget.value)}
          placeholder={t('analyst:note.placeholder')}
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
        {t('analyst:verdict.submit')}
        <kbd aria-hidden="true">Enter</kbd>
      </button>
      {more > 0 && <p class="muted small">{t('analyst:moreAssigned', { count: more })}</p>}
    </section>
  );
}
