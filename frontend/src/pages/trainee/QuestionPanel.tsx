// Beside the image during an exam: the decision for this question, whether
// the answer is saved, previous / next, and every question at a glance.

import { pageKeys } from '../../viewer/keyboard';
import type { PageShortcut } from '../../viewer/keyboard';
import { DecisionButtons } from '../analyst/DecisionButtons';
import '../analyst/analyst.css';
import { answerProblem, saveState } from './useExam';
import type { ExamState, SaveState, Slot } from './useExam';

export const EXAM_KEYS: PageShortcut[] = pageKeys(
  ['clear', 'Answer: clear'],
  ['suspect', 'Answer: suspect (mark at least one region)'],
  'nextQuestion',
  'previousQuestion',
);

const STATE_TEXT: Record<SaveState, string> = {
  empty: 'Not answered',
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Not saved yet',
  incomplete: 'Not saved',
  error: 'Not saved',
};

export function SaveStatus({ slot, onRetry }: { slot: Slot; onRetry(): void }) {
  const state = saveState(slot);
  const detail =
    state === 'error' ? slot.error : state === 'incomplete' || state === 'empty' ? answerProblem(slot) : null;
  return (
    <div class={`save-status save-status--${state}`} data-testid="save-status" data-state={state}>
      <p role="status" aria-live="polite" class="save-status__word">
        {STATE_TEXT[state]}
      </p>
      {detail && (
        <p
          class={state === 'error' ? 'message message--error' : 'muted small'}
          role={state === 'error' ? 'alert' : undefined}
        >
          {detail}
        </p>
      )}
      {state === 'error' && (
        <button type="button" class="chip" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

function QuestionGrid({ exam }: { exam: ExamState }) {
  return (
    <nav class="question-grid" aria-label="Questions">
      {exam.slots.map((s, i) => {
        const state = saveState(s);
        const answered = !!s.decision;
        const what = answered ? (state === 'saved' ? 'answered' : 'answer not saved') : 'not answered';
        return (
          <button
            key={i}
            type="button"
            class={`question-grid__btn question-grid__btn--${answered ? state : 'empty'}`}
            aria-current={i === exam.index ? 'step' : undefined}
            aria-label={`Question ${i + 1}, ${what}`}
            onClick={() => exam.setIndex(i)}
          >
            {i + 1}
          </button>
        );
      })}
    </nav>
  );
}

export function QuestionPanel({ exam }: { exam: ExamState }) {
  const i = exam.index;
  const slot = exam.slots[i];
  const n = exam.slots.length;
  const locked = !!exam.ending || exam.submitting;
  return (
    <section class="exam-panel" aria-labelledby="exam-question-title" data-testid="exam-panel">
      <h2 id="exam-question-title" class="side-title">
        Question {i + 1} of {n}
      </h2>
      <DecisionButtons
        value={slot.decision}
        onChange={(d) => exam.setDecision(i, d)}
        keys
        disabled={locked}
        label="Your answer"
      />
      <p class="muted small">
        {slot.regions.length} {slot.regions.length === 1 ? 'region' : 'regions'} marked · draw with <kbd>B</kbd>{' '}
        rectangle, <kbd>Y</kbd> polygon
      </p>
      <SaveStatus slot={slot} onRetry={() => exam.retry(i)} />
      <div class="exam-panel__nav">
        <button
          type="button"
          class="button"
          disabled={i === 0}
          aria-keyshortcuts="K PageUp"
          onClick={() => exam.setIndex(i - 1)}
        >
          ← Previous
        </button>
        <button
          type="button"
          class="button"
          disabled={i >= n - 1}
          aria-keyshortcuts="J PageDown"
          onClick={() => exam.setIndex(i + 1)}
        >
          Next →
        </button>
      </div>
      <QuestionGrid exam={exam} />
    </section>
  );
}
