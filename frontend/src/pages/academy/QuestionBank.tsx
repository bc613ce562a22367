// The question bank: every question with its image, expected decision,
// difficulty, tags and whether exams may draw it; filters; switching a
// question on or off; and new questions made from a library image.

import { useEffect, useState } from 'preact/hooks';
import { Link, navigate, useLocation } from '../../router';
import { fetchQuestions, patchQuestion, query, scannerKindLabel } from '../../training';
import type { Question, QuestionFilters } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { DECISION_LABELS, errorText } from '../../workflow';
import { LibraryPicker } from './LibraryPicker';
import { ScannerKindSelect } from '../../components/ScannerKindSelect';

function readFilters(search: string): Required<QuestionFilters> {
  const p = new URLSearchParams(search);
  return {
    tag: p.get('tag') ?? '',
    difficulty: p.get('difficulty') ?? '',
    scanner_kind: p.get('scanner_kind') ?? '',
    active: p.get('active') ?? '',
  };
}

function Filters({
  value,
  onChange,
}: {
  value: Required<QuestionFilters>;
  onChange(f: Required<QuestionFilters>): void;
}) {
  const [tag, setTag] = useState(value.tag);
  const set = (patch: Partial<QuestionFilters>) => onChange({ ...value, ...patch });
  return (
    <form
      class="academy-filters"
      role="search"
      aria-label="Filter questions"
      onSubmit={(e) => {
        e.preventDefault();
        set({ tag: tag.trim() });
      }}
    >
      <label class="form-field">
        <span>Tag</span>
        <input
          type="search"
          value={tag}
          onInput={(e) => setTag(e.currentTarget.value)}
          onBlur={() => tag.trim() !== value.tag && set({ tag: tag.trim() })}
        />
      </label>
      <label class="form-field">
        <span>Difficulty</span>
        <select
          aria-label="Difficulty"
          value={value.difficulty}
          onChange={(e) => set({ difficulty: e.currentTarget.value })}
        >
          <option value="">All</option>
          {[1, 2, 3, 4, 5].map((d) => (
            <option key={d} value={String(d)}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label class="form-field">
        <span>Scanner kind</span>
        <ScannerKindSelect value={value.scanner_kind} onChange={(k) => set({ scanner_kind: k })} />
      </label>
      <label class="form-field">
        <span>In use</span>
        <select aria-label="In use" value={value.active} onChange={(e) => set({ active: e.currentTarget.value })}>
          <option value="">All</option>
          <option value="true">Active</option>
          <option value="false">Switched off</option>
        </select>
      </label>
      <button type="submit" class="button">
        Filter
      </button>
    </form>
  );
}

export function QuestionBank() {
  const { search } = useLocation();
  const filters = readFilters(search);
  const [rows, setRows] = useState<Question[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCoalesced(async () => {
    try {
      setRows(await fetchQuestions(readFilters(window.location.search)));
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The question bank could not be loaded.'));
    }
  });
  useEffect(() => load(), [search]);

  const toggle = async (q: Question) => {
    setBusy(q.id);
    setNotice(null);
    try {
      await patchQuestion(q.id, { active: !q.active });
      setNotice(`Question ${q.id} is ${q.active ? 'switched off: exams no longer draw it' : 'active again'}.`);
      load();
    } catch (err) {
      setNotice(errorText(err, 'The question could not be changed.'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="bank-title">
      <h2 id="bank-title">Question bank</h2>
      <LibraryPicker />
      <Filters
        key={search}
        value={filters}
        onChange={(f) => navigate(`/academy/questions${query({ ...f })}`, { replace: true })}
      />
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="message message--info" role="status">
          {notice}
        </p>
      )}
      {!rows && !error && <p class="muted">Loading…</p>}
      {rows && (
        <div class="table-wrap">
          <table class="data-table" data-testid="question-table">
            <caption class="visually-hidden">Questions</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">
                  <span class="visually-hidden">Image</span>
                </th>
                <th scope="col">Expected</th>
                <th scope="col" class="num">
                  Difficulty
                </th>
                <th scope="col">Tags</th>
                <th scope="col">Scanner kind</th>
                <th scope="col">Explanation</th>
                <th scope="col">In use</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    No questions match.
                  </td>
                </tr>
              )}
              {rows.map((q) => (
                <tr key={q.id} data-testid={`question-${q.id}`} class={q.active ? undefined : 'row--off'}>
                  <td>
                    <Link href={`/academy/questions/${q.id}`} aria-label={`Open question ${q.id}`}>
                      #{q.id}
                    </Link>
                  </td>
                  <td>
                    <img class="thumb-small" src={q.image.links.thumbnail} alt="" loading="lazy" />
                  </td>
                  <td>
                    <span class={`verdict-word verdict-word--${q.decision}`}>{DECISION_LABELS[q.decision]}</span>{' '}
                    <span class="muted small">
                      {q.regions.length} {q.regions.length === 1 ? 'region' : 'regions'}
                    </span>
                  </td>
                  <td class="num">{q.difficulty}</td>
                  <td>{q.tags.join(', ') || '—'}</td>
                  <td>{scannerKindLabel(q.scanner_kind)}</td>
                  <td class="cell-clip" title={q.explanation}>
                    {q.explanation || '—'}
                  </td>
                  <td class="cell-toggle">
                    <span class={q.active ? 'state-on' : 'state-off'}>{q.active ? 'Active' : 'Off'}</span>
                    <button
                      type="button"
                      class="chip"
                      disabled={busy !== null}
                      aria-label={`${q.active ? 'Switch off' : 'Switch on'} question ${q.id}`}
                      onClick={() => void toggle(q)}
                    >
                      {q.active ? 'Switch off' : 'Switch on'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
