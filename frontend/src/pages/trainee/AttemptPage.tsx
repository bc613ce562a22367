// /trainee/attempts/<id>: an exam in the real viewer, one question at a time.
// Keys (the one keymap, keyboard.ts; listed in the viewer's help): C clear, S suspect,
// J / Page Down next question, K / Page Up previous. The question shown is kept in
// the URL (?q=2), so a reload comes back to it; the clock is the server's.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ConfirmDialog, modalOpen } from '../../components/ConfirmDialog';
import { LazyViewer, preloadViewer } from '../../components/LazyViewer';
import { Link, useLocation } from '../../router';
import { imageAsScan } from '../../training';
import { isPageKey, isTypingTarget } from '../../viewer/keyboard';
import { ExamTimer } from './ExamTimer';
import { QuestionPanel, examKeys } from './QuestionPanel';
import { useExam } from './useExam';
import type { ExamState } from './useExam';
import './trainee.css';
import { RetryError } from '../../components/RetryError';
import { t, useLanguage } from '../../i18n';

function useExamKeys(exam: ExamState) {
  const latest = useRef(exam);
  latest.current = exam;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const x = latest.current;
      if (e.defaultPrevented || e.isComposing || e.altKey || e.metaKey || e.ctrlKey) return;
      if (!x.attempt || x.ending || x.submitting || modalOpen()) return;
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (isTypingTarget(t)) return;
      const i = x.index;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (isPageKey(e, 'clear')) x.setDecision(i, 'clear');
      else if (isPageKey(e, 'suspect')) x.setDecision(i, 'suspect');
      else if (key === 'j' || key === 'PageDown') x.setIndex(i + 1);
      else if (key === 'k' || key === 'PageUp') x.setIndex(i - 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    // Capture: before the viewer's keys.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

function SubmitDialog({ exam, onClose }: { exam: ExamState; onClose(): void }) {
  const n = exam.slots.length;
  const unanswered = exam.slots.filter((s) => !s.decision).length;
  const unsent = exam.slots.filter((s) => s.decision && s.rev !== s.savedRev).length;
  return (
    <ConfirmDialog
      title={t('training:attempt.submitTitle')}
      confirmLabel={exam.submitting ? t('training:attempt.submitting') : t('training:attempt.submitNow')}
      cancelLabel={t('training:attempt.keepWorking')}
      busy={exam.submitting}
      error={exam.submitError}
      onConfirm={() => void exam.submit()}
      onCancel={() => {
        exam.clearSubmitError();
        onClose();
      }}
    >
      <p data-testid="unanswered-count">
        {unanswered === 0
          ? t('training:attempt.allAnswered', { count: n })
          : t('training:attempt.unanswered', { count: unanswered, total: n })}
      </p>
      {unsent > 0 && <p class="message message--warning">{t('training:attempt.unsent', { count: unsent })}</p>}
      <p>{t('training:attempt.final')}</p>
    </ConfirmDialog>
  );
}

function Ending({ why }: { why: 'time_up' | 'submitted' }) {
  return (
    <div class="confirm-backdrop" data-modal>
      <div class="confirm" role="alertdialog" aria-modal="true" aria-labelledby="ending-title">
        <h2 id="ending-title">{why === 'time_up' ? t('training:timer.up') : t('training:attempt.submittedTitle')}</h2>
        <p>{why === 'time_up' ? t('training:attempt.timeUpBody') : t('training:attempt.submittedElsewhere')}</p>
        <p class="muted" role="status">
          {t('training:attempt.openingResults')}
        </p>
      </div>
    </div>
  );
}

export function AttemptPage({ id }: { id: string }) {
  const { search } = useLocation();
  const q = Number(new URLSearchParams(search).get('q'));
  const exam = useExam(id, Number.isInteger(q) && q > 0 ? q - 1 : 0);
  const lang = useLanguage();
  const [confirming, setConfirming] = useState(false);
  useExamKeys(exam);

  useEffect(() => {
    void preloadViewer().catch(() => undefined);
  }, []);
  useEffect(() => {
    document.title = t('training:attempt.docTitle', {
      name: exam.attempt ? exam.attempt.exam.name : t('training:attempt.exam'),
    });
  }, [exam.attempt?.exam.name, lang]);
  // The question shown, in the URL for reloads.
  useEffect(() => {
    if (!exam.attempt) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?q=${exam.index + 1}`);
  }, [exam.index, exam.attempt]);

  const back = <Link href="/trainee">{t('training:attempt.back')}</Link>;
  if (!exam.attempt) {
    return (
      <div class="scan-page__state">
        <h1>{t('training:attempt.exam')}</h1>
        {exam.loadError ? (
          <RetryError message={exam.loadError} onRetry={() => void exam.reload()} buttonClass="chip" />
        ) : (
          <p class="muted" role="status">
            {t('training:attempt.loading')}
          </p>
        )}
        <p>{back}</p>
      </div>
    );
  }

  const n = exam.questions.length;
  const question = exam.questions[exam.index];
  const slot = exam.slots[exam.index];
  return (
    <>
      <div class="scan-page__head exam-head">
        {back}
        <h1 translate={false}>{exam.attempt.exam.name}</h1>
        <span class="exam-head__pos" data-testid="question-position">
          {t('training:attempt.position', { number: exam.index + 1, total: n })}
        </span>
        <ExamTimer deadline={exam.deadline} />
        <button
          type="button"
          class="button button--primary exam-head__submit"
          disabled={!!exam.ending || exam.submitting}
          onClick={() => setConfirming(true)}
        >
          {t('training:attempt.submit')}
        </button>
      </div>
      {question ? (
        <LazyViewer
          key={question.position}
          scan={imageAsScan(question.image)}
          initialRegions={slot.regions}
          onRegionsChange={(r) => exam.setRegions(exam.index, r)}
          pageShortcuts={examKeys()}
          aside={<QuestionPanel exam={exam} />}
        />
      ) : (
        <p class="scan-page__state muted">{t('training:attempt.noQuestions')}</p>
      )}
      {confirming && !exam.ending && <SubmitDialog exam={exam} onClose={() => setConfirming(false)} />}
      {exam.ending && <Ending why={exam.ending} />}
    </>
  );
}
