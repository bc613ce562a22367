// Exam templates: what each draws, its limits and grades, how many active
// questions match (fewer than it asks for: candidates cannot start it), open
// or closed to candidates; and the form for a new one.

import { useEffect, useState } from 'preact/hooks';
import { fetchExams, formatLimit, formatPercent, gradeLabel, patchExam, scannerKindLabel } from '../../training';
import type { Exam } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { ExamForm } from './ExamForm';

function Bands({ exam }: { exam: Exam }) {
  return <>{exam.grade_bands.map((b) => `${gradeLabel(b.grade)} ≥ ${formatPercent(b.min_percent)}`).join(', ')}</>;
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
      setError(errorText(err, 'The exams could not be loaded.'));
    }
  });
  useEffect(() => load(), []);

  const toggle = async (exam: Exam) => {
    setBusy(exam.id);
    setNotice(null);
    try {
      await patchExam(exam.id, { active: !exam.active });
      setNotice({
        ok: true,
        text: `“${exam.name}” is ${exam.active ? 'closed to candidates' : 'open to candidates'}.`,
      });
      load();
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, 'The exam could not be changed.') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="exams-title">
      <h2 id="exams-title">Exams</h2>
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
      {!exams && !error && <p class="muted">Loading…</p>}
      {exams && (
        <div class="table-wrap">
          <table class="data-table" data-testid="academy-exams">
            <caption class="visually-hidden">Exams</caption>
            <thead>
              <tr>
                <th scope="col">Exam</th>
                <th scope="col" class="num">
                  Questions
                </th>
                <th scope="col">Draws from</th>
                <th scope="col" class="num">
                  Time
                </th>
                <th scope="col">Grades</th>
                <th scope="col" class="num">
                  Validity
                </th>
                <th scope="col">Candidates</th>
              </tr>
            </thead>
            <tbody>
              {exams.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    No exams yet: create the first one below.
                  </td>
                </tr>
              )}
              {exams.map((e) => {
                const short = e.available_questions !== undefined && e.available_questions < e.question_count;
                return (
                  <tr key={e.id} data-testid={`academy-exam-${e.id}`} class={e.active ? undefined : 'row--off'}>
                    <td>
                      <b>{e.name}</b>
                      {e.description && <div class="muted small">{e.description}</div>}
                    </td>
                    <td class="num">
                      {e.question_count}
                      {e.available_questions !== undefined && (
                        <div class={`small ${short ? 'text-warning' : 'muted'}`}>
                          {e.available_questions} in the bank
                        </div>
                      )}
                    </td>
                    <td class="small">
                      Difficulty {e.difficulty.min}–{e.difficulty.max}
                      <br />
                      {e.tags.length ? `Tags: ${e.tags.join(', ')}` : 'Any tags'}
                      <br />
                      {e.scanner_kinds.length ? e.scanner_kinds.map(scannerKindLabel).join(', ') : 'All scanner kinds'}
                    </td>
                    <td class="num">{formatLimit(e.time_limit_s)}</td>
                    <td class="small">
                      <Bands exam={e} />
                    </td>
                    <td class="num">{e.validity_days} days</td>
                    <td class="cell-toggle">
                      <span class={e.active ? 'state-on' : 'state-off'}>{e.active ? 'Open' : 'Closed'}</span>
                      <button
                        type="button"
                        class="chip"
                        disabled={busy !== null}
                        aria-label={`${e.active ? 'Close' : 'Open'} ${e.name}`}
                        onClick={() => void toggle(e)}
                      >
                        {e.active ? 'Close' : 'Open'}
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
          setNotice({ ok: true, text: `The exam “${exam.name}” is created and open to candidates.` });
          load();
        }}
      />
    </section>
  );
}
