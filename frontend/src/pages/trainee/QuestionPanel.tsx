// Beside the image during an exam: the decision for this question, whether
// the answer is saved, previous / next, and every question at a glance.

import { pageKeys } from '../../viewer/keyboard';
import type { PageShortcut } from '../../viewer/keyboard';
import { DecisionButtons } from '../analyst/DecisionButtons';
import '../analyst/analyst.css';
import { answerProblem, saveState } from './useExam';
import type { ExamState, SaveState, Slot } from './useExam';
import { t } from '../../i18n';

/** The exam's page keys, described in the language in use (call while rendering). */
export const examKeys = (): PageShortcut[] =>
  pageKeys(
    ['clear', t('training:attempt.keyClear')],
    ['suspect', t('training:attempt.keySuspect')],
    'nextQuestion',
    'previousQuestion',
  );

function stateText(state: SaveState): string {
  switch (state) {
    case 'empty':
      return t('training:attempt.state.empty');
    case 'saved':
      return t('training:attempt.state.saved');
    case 'saving':
      return t('training:attempt.state.saving');
    case 'unsaved':
      return t('training:attempt.state.unsaved');
    default:
      return t('training:attempt.state.notSaved');
  }
}

export function SaveStatus({ slot, onRetry }: { slot: Slot; onRetry(): void }) {
  const state = saveState(slot);
  const detail =
    state === 'error' ? slot.error : state === 'incomplete' || state === 'empty' ? answerProblem(slot) : null;
  return (
    <div class={`save-status save-status--${state}`} data-testid="save-status" data-state={state}>
      <p role="status" aria-live="polite" class="save-status__word">
        {stateText(state)}
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
          {t('training:attempt.tryAgain')}
        </button>
      )}
    </div>
  );
}

function QuestionGrid({ exam }: { exam: ExamState }) {
  return (
    <nav class="question-grid" aria-label={t('training:attempt.questions')}>
      {exam.slots.map((s, i) => {
        const state = saveState(s);
        const answered = !!s.decision;
        const what = answered
          ? state === 'saved'
            ? t('training:attempt.gridAnswered')
            : t('training:attempt.gridNotSaved')
          : t('training:attempt.gridNotAnswered');
        return (
          <button
            key={i}
            type="button"
            class={`question-grid__btn question-grid__btn--${answered ? state : 'empty'}`}
            aria-current={i === exam.index ? 'step' : undefined}
            aria-label={t('training:attempt.gridLabel', { number: i + 1, what })}
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
        {t('training:attempt.position', { number: i + 1, total: n })}
      </h2>
      <DecisionButtons
        value={slot.decision}
        onChange={(d) => exam.setDecision(i, d)}
        keys
        disabled={locked}
        label={t('training:attempt.yourAnswer')}
      />
      <p class="muted small">
        {t('training:attempt.regionsMarked', { count: slot.regions.length })} ·{' '}
        {t('training:attempt.drawWith', { rect: 'B', poly: 'Y' })}
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
          {t('training:attempt.previous')}
        </button>
        <button
          type="button"
          class="button"
          disabled={i >= n - 1}
          aria-keyshortcuts="J PageDown"
          onClick={() => exam.setIndex(i + 1)}
        >
          {t('training:attempt.next')}
        </button>
      </div>
      <QuestionGrid exam={exam} />
    </section>
  );
}
