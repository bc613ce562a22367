// One question in the viewer: /academy/questions/new?item=<library item> makes
// a new one from a library image, /academy/questions/<id> edits one. The
// ground-truth regions are drawn with the viewer's own tools (B rectangle,
// Y polygon) and labelled in its region list; a typical case shows the case's
// regions read-only for reference.

import { useEffect, useState } from 'preact/hooks';
import { LazyViewer } from '../../components/LazyViewer';
import { Link, navigate } from '../../router';
import { createQuestion, fetchLibraryItem, fetchQuestion, imageAsScan, patchQuestion, splitList } from '../../training';
import type { ImageView, LibraryItem, Question } from '../../training';
import { categoryOf, labelOf } from '../../viewer/regionModel';
import { errorText } from '../../workflow';
import type { Decision, Region } from '../../workflow';
import { DecisionButtons } from '../analyst/DecisionButtons';
import '../analyst/analyst.css';
import '../../components/dialogs.css';
import './academy.css';
import { t, useLanguage } from '../../i18n';

interface Source {
  image: ImageView;
  question: Question | null;
  item: LibraryItem | null;
}

/** Why the question cannot be saved yet, or null. */
function problem(decision: Decision | null, regions: Region[]): string | null {
  if (!decision) return t('academy:question.needDecision');
  if (decision === 'suspect' && regions.length === 0) {
    return t('academy:question.needRegion');
  }
  const missing = regions.findIndex((r) => !labelOf(r) && !categoryOf(r));
  if (missing >= 0) return t('academy:question.needLabel', { number: missing + 1 });
  return null;
}

function Form({ source, regions }: { source: Source; regions: Region[] }) {
  const q = source.question;
  const [decision, setDecision] = useState<Decision | null>(q?.decision ?? source.item?.case?.decision ?? null);
  const [difficulty, setDifficulty] = useState(String(q?.difficulty ?? 3));
  const [tags, setTags] = useState((q?.tags ?? source.item?.labels ?? []).join(', '));
  const [explanation, setExplanation] = useState(q?.explanation ?? '');
  const [active, setActive] = useState(q?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    const p = problem(decision, regions);
    if (p) return setError(p);
    setBusy(true);
    setError(null);
    setSaved(null);
    const body = {
      decision: decision!,
      regions,
      explanation: explanation.trim(),
      difficulty: Number(difficulty),
      tags: splitList(tags),
    };
    try {
      if (q) {
        await patchQuestion(q.id, { ...body, active });
        setSaved(t('academy:question.saved', { id: q.id }));
      } else {
        const made = await createQuestion({ ...body, library_item_id: source.item!.id });
        navigate(`/academy/questions/${made.id}?saved=1`, { replace: true });
      }
    } catch (err) {
      setError(errorText(err, t('academy:question.saveFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="question-form" onSubmit={save} noValidate aria-labelledby="question-form-title">
      <h2 id="question-form-title" class="side-title">
        {q ? t('academy:question.title', { id: q.id }) : t('academy:question.new')}
      </h2>
      {saved && (
        <p class="message message--info" role="status">
          {saved}
        </p>
      )}
      <DecisionButtons value={decision} onChange={setDecision} label={t('academy:question.expected')} />
      <p class="muted small">{t('academy:question.regionsHint', { count: regions.length })}</p>
      <label class="form-field">
        <span>{t('academy:stats.difficulty')}</span>
        <select
          aria-label={t('academy:stats.difficulty')}
          value={difficulty}
          onChange={(e) => setDifficulty(e.currentTarget.value)}
        >
          {[1, 2, 3, 4, 5].map((d) => (
            <option key={d} value={String(d)}>
              {t('academy:question.difficultyOption', { level: d })}
            </option>
          ))}
        </select>
      </label>
      <label class="form-field">
        <span>{t('academy:stats.tags')}</span>
        <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} aria-describedby="tags-hint" />
        <span id="tags-hint" class="form-field__hint">
          {t('academy:question.tagsHint')}
        </span>
      </label>
      <label class="form-field">
        <span>{t('training:results.explanation')}</span>
        <textarea
          rows={5}
          maxLength={4000}
          value={explanation}
          onInput={(e) => setExplanation(e.currentTarget.value)}
        />
        <span class="form-field__hint">{t('academy:question.explanationHint')}</span>
      </label>
      {q && (
        <label class="form-check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />{' '}
          {t('academy:question.active')}
        </label>
      )}
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary button--wide" disabled={busy}>
        {busy ? t('academy:question.saving') : q ? t('academy:question.save') : t('academy:question.create')}
      </button>
    </form>
  );
}

export function QuestionEditor({ id, search }: { id: string; search: string }) {
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const params = new URLSearchParams(search);

  useEffect(() => {
    const load = async (): Promise<Source> => {
      if (id === 'new') {
        const itemId = params.get('item');
        if (!itemId) throw new Error(t('academy:question.needItem'));
        const item = await fetchLibraryItem(itemId);
        return { image: item.image, question: null, item };
      }
      const question = await fetchQuestion(id);
      const item = question.library_item_id ? await fetchLibraryItem(question.library_item_id).catch(() => null) : null;
      return { image: question.image, question, item };
    };
    load().then(
      (s) => {
        setSource(s);
        setRegions(s.question?.regions ?? []);
      },
      (err: unknown) =>
        setError(
          err instanceof Error && !('status' in err) ? err.message : errorText(err, t('academy:question.loadFailed')),
        ),
    );
  }, [id, search]);

  const lang = useLanguage();
  const title = id === 'new' ? t('academy:question.new') : t('academy:question.title', { id });
  useEffect(() => {
    document.title = t('academy:question.docTitle', { title });
  }, [title, lang]);

  const head = (
    <div class="scan-page__head">
      <Link href="/academy/questions">{t('academy:question.back')}</Link>
      <h1>{title}</h1>
      {source?.item && (
        <span class="muted small">
          {t('academy:question.fromLibrary')}{' '}
          <Link href={`/library/${source.item.id}`} translate={false}>
            {source.item.title}
          </Link>
        </span>
      )}
      {params.get('saved') && <span class="badge badge--new">{t('academy:question.created')}</span>}
    </div>
  );
  if (!source) {
    return (
      <>
        {head}
        <div class="scan-page__state">
          {error ? (
            <p class="message message--error" role="alert">
              {error}
            </p>
          ) : (
            <p class="muted" role="status">
              {t('academy:loading')}
            </p>
          )}
        </div>
      </>
    );
  }
  const caseRegions = source.item?.case?.regions;
  return (
    <>
      {head}
      <LazyViewer
        scan={imageAsScan(source.image)}
        initialRegions={source.question?.regions ?? []}
        onRegionsChange={setRegions}
        markedRegions={caseRegions?.length ? caseRegions : undefined}
        markedTitle={t('academy:question.caseRegions')}
        aside={<Form source={source} regions={regions} />}
      />
    </>
  );
}
