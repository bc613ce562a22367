// The question bank: every question with its image, expected decision,
// difficulty, tags and whether exams may draw it; filters; switching a
// question on or off; and new questions made from a library image.

import { useEffect, useState } from 'preact/hooks';
import { Link, navigate, useLocation } from '../../router';
import { decisionLabel, fetchQuestions, patchQuestion, query, scannerKindLabel } from '../../training';
import type { Question, QuestionFilters } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { LibraryPicker } from './LibraryPicker';
import { ScannerKindSelect } from '../../components/ScannerKindSelect';
import { t } from '../../i18n';

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
      aria-label={t('academy:bank.filter')}
      onSubmit={(e) => {
        e.preventDefault();
        set({ tag: tag.trim() });
      }}
    >
      <label class="form-field">
        <span>{t('academy:bank.tag')}</span>
        <input
          type="search"
          value={tag}
          onInput={(e) => setTag(e.currentTarget.value)}
          onBlur={() => tag.trim() !== value.tag && set({ tag: tag.trim() })}
        />
      </label>
      <label class="form-field">
        <span>{t('academy:stats.difficulty')}</span>
        <select
          aria-label={t('academy:stats.difficulty')}
          value={value.difficulty}
          onChange={(e) => set({ difficulty: e.currentTarget.value })}
        >
          <option value="">{t('academy:bank.all')}</option>
          {[1, 2, 3, 4, 5].map((d) => (
            <option key={d} value={String(d)}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label class="form-field">
        <span>{t('library:facts.scannerKind')}</span>
        <ScannerKindSelect value={value.scanner_kind} onChange={(k) => set({ scanner_kind: k })} />
      </label>
      <label class="form-field">
        <span>{t('academy:bank.inUse')}</span>
        <select
          aria-label={t('academy:bank.inUse')}
          value={value.active}
          onChange={(e) => set({ active: e.currentTarget.value })}
        >
          <option value="">{t('academy:bank.all')}</option>
          <option value="true">{t('academy:bank.active')}</option>
          <option value="false">{t('academy:bank.switchedOff')}</option>
        </select>
      </label>
      <button type="submit" class="button">
        {t('academy:bank.filterButton')}
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
      setError(errorText(err, t('academy:bank.loadFailed')));
    }
  });
  useEffect(() => load(), [search, load]);

  const toggle = async (q: Question) => {
    setBusy(q.id);
    setNotice(null);
    try {
      await patchQuestion(q.id, { active: !q.active });
      setNotice(q.active ? t('academy:bank.nowOff', { id: q.id }) : t('academy:bank.nowOn', { id: q.id }));
      load();
    } catch (err) {
      setNotice(errorText(err, t('academy:bank.changeFailed')));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="bank-title">
      <h2 id="bank-title">{t('academy:tabs.questions')}</h2>
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
      {!rows && !error && <p class="muted">{t('academy:loading')}</p>}
      {rows && (
        <div class="table-wrap">
          <table class="data-table" data-testid="question-table">
            <caption class="visually-hidden">{t('academy:stats.questions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('academy:stats.question')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('library:facts.image')}</span>
                </th>
                <th scope="col">{t('academy:bank.expected')}</th>
                <th scope="col" class="num">
                  {t('academy:stats.difficulty')}
                </th>
                <th scope="col">{t('academy:stats.tags')}</th>
                <th scope="col">{t('library:facts.scannerKind')}</th>
                <th scope="col">{t('training:results.explanation')}</th>
                <th scope="col">{t('academy:bank.inUse')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    {t('academy:bank.none')}
                  </td>
                </tr>
              )}
              {rows.map((q) => (
                <tr key={q.id} data-testid={`question-${q.id}`} class={q.active ? undefined : 'row--off'}>
                  <td>
                    <Link href={`/academy/questions/${q.id}`} aria-label={t('academy:bank.openLabel', { id: q.id })}>
                      #{q.id}
                    </Link>
                  </td>
                  <td>
                    <img class="thumb-small" src={q.image.links.thumbnail} alt="" loading="lazy" />
                  </td>
                  <td>
                    <span class={`verdict-word verdict-word--${q.decision}`}>{decisionLabel(q.decision)}</span>{' '}
                    <span class="muted small">{t('academy:bank.regions', { count: q.regions.length })}</span>
                  </td>
                  <td class="num">{q.difficulty}</td>
                  <td translate={false}>{q.tags.join(', ') || '—'}</td>
                  <td>{scannerKindLabel(q.scanner_kind)}</td>
                  <td class="cell-clip" title={q.explanation} translate={false}>
                    {q.explanation || '—'}
                  </td>
                  <td class="cell-toggle">
                    <span class={q.active ? 'state-on' : 'state-off'}>
                      {q.active ? t('academy:bank.active') : t('academy:bank.off')}
                    </span>
                    <button
                      type="button"
                      class="chip"
                      disabled={busy !== null}
                      aria-label={
                        q.active
                          ? t('academy:bank.switchOffLabel', { id: q.id })
                          : t('academy:bank.switchOnLabel', { id: q.id })
                      }
                      onClick={() => void toggle(q)}
                    >
                      {q.active ? t('academy:bank.switchOff') : t('academy:bank.switchOn')}
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
