// The standard library from the academy: add a ready scan (an uploaded
// training image, or a live scan you may see) with its description, and the
// items already in it (each is edited from its own page).

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { addLibraryItem, fetchLibrary, formatDate, libraryKindLabel } from '../../training';
import type { LibraryItem } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { DetailsFields, bodyOf, draftOf, draftProblem } from '../library/DetailsFields';
import { ImageUpload } from './ImageUpload';
import { t } from '../../i18n';

function AddForm({ onAdded, uploaded }: { onAdded(item: LibraryItem): void; uploaded: number | null }) {
  const [scanId, setScanId] = useState('');
  useEffect(() => {
    if (uploaded !== null) setScanId(String(uploaded));
  }, [uploaded]);
  const [draft, setDraft] = useState(draftOf());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const n = Number(scanId);
    const problem = !Number.isInteger(n) || n < 1 ? t('academy:library.needScan') : draftProblem(draft);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      onAdded(await addLibraryItem({ scan_id: n, ...bodyOf(draft) }));
      setScanId('');
      setDraft(draftOf());
    } catch (err) {
      setError(errorText(err, t('academy:library.addFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="exam-form" onSubmit={submit} noValidate aria-labelledby="lib-add-title" data-testid="library-add-form">
      <h3 id="lib-add-title">{t('academy:library.addTitle')}</h3>
      <div class="form-grid">
        <label class="form-field">
          <span>{t('academy:library.scanNumber')}</span>
          <input
            type="number"
            min={1}
            step={1}
            value={scanId}
            onInput={(e) => setScanId(e.currentTarget.value)}
            aria-describedby="lib-scan-hint"
          />
          <span id="lib-scan-hint" class="form-field__hint">
            {t('academy:library.scanHint')}
          </span>
        </label>
        <DetailsFields value={draft} onChange={setDraft} />
      </div>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? t('academy:library.adding') : t('academy:library.add')}
      </button>
    </form>
  );
}

export function LibraryAdmin() {
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<LibraryItem | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const load = useCoalesced(async () => {
    try {
      setItems(await fetchLibrary({}));
      setError(null);
    } catch (err) {
      setError(errorText(err, t('academy:library.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  return (
    <section aria-labelledby="lib-admin-title">
      <h2 id="lib-admin-title">{t('academy:library.title')}</h2>
      {added && (
        <p class="message message--info" role="status">
          {t('academy:library.added', { title: added.title })}{' '}
          <Link href={`/library/${added.id}`}>{t('academy:cases.openIt')}</Link>
        </p>
      )}
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {items && (
        <div class="table-wrap">
          <table class="data-table" data-testid="library-admin-table">
            <caption class="visually-hidden">{t('library:search.images')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{t('library:facts.image')}</span>
                </th>
                <th scope="col">{t('library:fields.title')}</th>
                <th scope="col">{t('library:facts.kind')}</th>
                <th scope="col">{t('library:facts.hsCode')}</th>
                <th scope="col">{t('library:facts.labels')}</th>
                <th scope="col">{t('library:facts.added')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('academy:library.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('academy:library.empty')}
                  </td>
                </tr>
              )}
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <img class="thumb-small" src={item.image.links.thumbnail} alt="" loading="lazy" />
                  </td>
                  <td>
                    <Link href={`/library/${item.id}`} translate={false}>
                      {item.title}
                    </Link>
                  </td>
                  <td>{libraryKindLabel(item.kind)}</td>
                  <td>{item.hs_code || '—'}</td>
                  <td translate={false}>{item.labels.join(', ') || '—'}</td>
                  <td>{formatDate(item.created_at)}</td>
                  <td>
                    <Link
                      class="button"
                      href={`/academy/questions/new?item=${item.id}`}
                      aria-label={t('academy:library.makeQuestionLabel', { title: item.title })}
                    >
                      {t('academy:library.makeQuestion')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ImageUpload onReady={setUploaded} />
      <AddForm
        uploaded={uploaded}
        onAdded={(item) => {
          setAdded(item);
          load();
        }}
      />
    </section>
  );
}
