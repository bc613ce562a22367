// Exam templates: what each draws, its limits and grades, how many active
// questions match (fewer than it asks for: candidates cannot start it), open
// or closed to candidates; and the form for a new one.

import { useEffect, useState } from 'preact/hooks';
import { fetchExams, formatLimit, formatPercent, gradeLabel, patchExam, scannerKindLabel } from '../../training';
import type { Exam } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { ExamForm } from './ExamForm';
import { t } from '../../i18n';

function Bands({ exam }: { exam: Exam }) {
  return (
    <>
      {exam.grade_bands
        .map((b) => t('academy:exams.band', { grade: gradeLabel(b.grade), percent: formatPercent(b.min_percent) }))
        .join(t('academy:listSeparator'))}
    </>
  );
}

export function Exams() {
  const [exams, setExams] = useState<Exam[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCoalesced(async () => {
    try {
      setExams(await fetchExams());
      setError(null);
    } catch (err) {
      setError(errorText(err, t('academy:exams.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  const toggle = async (exam: Exam) => {
    setBusy(exam.id);
    setNotice(null);
    try {
      await patchExam(exam.id, { active: !exam.active });
      setNotice({
        ok: true,
        text: exam.active
          ? t('academy:exams.nowClosed', { name: exam.name })
          : t('academy:exams.nowOpen', { name: exam.name }),
      });
      load();
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, t('academy:exams.changeFailed')) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="exams-title">
      <h2 id="exams-title">{t('academy:exams.title')}</h2>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class={`message ${notice.ok ? 'message--info' : 'message--error'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {!exams && !error && <p class="muted">{t('academy:loading')}</p>}
      {exams && (
        <div class="table-wrap">
          <table class="data-table" data-testid="academy-exams">
            <caption class="visually-hidden">{t('academy:exams.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('academy:exams.exam')}</th>
                <th scope="col" class="num">
                  {t('academy:exams.questions')}
                </th>
                <th scope="col">{t('academy:exams.drawsFrom')}</th>
                <th scope="col" class="num">
                  {t('academy:exams.time')}
                </th>
                <th scope="col">{t('academy:exams.grades')}</th>
                <th scope="col" class="num">
                  {t('academy:exams.validity')}
                </th>
                <th scope="col">{t('academy:exams.candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {exams.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('academy:exams.none')}
                  </td>
                </tr>
              )}
              {exams.map((e) => {
                const short = e.available_questions != null && e.available_questions < e.question_count;
                return (
                  <tr key={e.id} data-testid={`academy-exam-${e.id}`} class={e.active ? undefined : 'row--off'}>
                    <td>
                      <b translate={false}>{e.name}</b>
                      {e.description && (
                        <div class="muted small" translate={false}>
                          {e.description}
                        </div>
                      )}
                    </td>
                    <td class="num">
                      {e.question_count}
                      {e.available_questions != null && (
                        <div class={`small ${short ? 'text-warning' : 'muted'}`}>
                          {t('academy:exams.inBank', { count: e.available_questions })}
                        </div>
                      )}
                    </td>
                    <td class="small">
                      {t('academy:exams.difficulty', { min: e.difficulty.min, max: e.difficulty.max })}
                      <br />
                      {e.tags.length ? (
                        <>
                          {t('academy:exams.tags')} <span translate={false}>{e.tags.join(', ')}</span>
                        </>
                      ) : (
                        t('academy:exams.anyTags')
                      )}
                      <br />
                      {e.scanner_kinds.length
                        ? e.scanner_kinds.map(scannerKindLabel).join(t('academy:listSeparator'))
                        : t('academy:exams.allKinds')}
                    </td>
                    <td class="num">{formatLimit(e.time_limit_s)}</td>
                    <td class="small">
                      <Bands exam={e} />
                    </td>
                    <td class="num">
                      {t('academy:exams.days', { count: e.validity_days })}
                      <div class="muted small" data-testid={`academy-exam-retake-${e.id}`}>
                        {e.retake_wait_hours === null || e.retake_wait_hours === undefined
                          ? t('academy:exams.retakeDefault')
                          : t('academy:exams.retakeHours', { hours: e.retake_wait_hours })}
                      </div>
                    </td>
                    <td class="cell-toggle">
                      <span class={e.active ? 'state-on' : 'state-off'}>
                        {e.active ? t('academy:exams.stateOpen') : t('academy:exams.stateClosed')}
                      </span>
                      <button
                        type="button"
                        class="chip"
                        disabled={busy !== null}
                        aria-label={
                          e.active
                            ? t('academy:exams.closeLabel', { name: e.name })
                            : t('academy:exams.openLabel', { name: e.name })
                        }
                        onClick={() => void toggle(e)}
                      >
                        {e.active ? t('academy:exams.close') : t('academy:exams.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ExamForm
        onCreated={(exam) => {
          setNotice({ ok: true, text: t('academy:exams.created', { name: exam.name }) });
          load();
        }}
      />
    </section>
  );
}
