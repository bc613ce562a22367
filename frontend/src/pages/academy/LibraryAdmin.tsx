// The standard library from the academy: add a ready scan (an uploaded
// training image, or a live scan you may see) with its description, and the
// items already in it (each is edited from its own page).

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { KIND_LABELS, addLibraryItem, fetchLibrary, formatDate } from '../../training';
import type { LibraryItem } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { DetailsFields, bodyOf, draftOf, draftProblem } from '../library/DetailsFields';
import { ImageUpload } from './ImageUpload';

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
    const problem =
      !Number.isInteger(n) || n < 1 ? 'Give the number of a scan whose image is ready.' : draftProblem(draft);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      onAdded(await addLibraryItem({ scan_id: n, ...bodyOf(draft) }));
      setScanId('');
      setDraft(draftOf());
    } catch (err) {
      setError(errorText(err, 'The image could not be added.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="exam-form" onSubmit={submit} noValidate aria-labelledby="lib-add-title" data-testid="library-add-form">
      <h3 id="lib-add-title">Add a standard image</h3>
      <div class="form-grid">
        <label class="form-field">
          <span>Scan number</span>
          <input
            type="number"
            min={1}
            step={1}
            value={scanId}
            onInput={(e) => setScanId(e.currentTarget.value)}
            aria-describedby="lib-scan-hint"
          />
          <span id="lib-scan-hint" class="form-field__hint">
            An uploaded training image, or a live scan you may see, once its image is ready.
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
        {busy ? 'Adding…' : 'Add to the library'}
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
      setError(errorText(err, 'The library could not be loaded.'));
    }
  });
  useEffect(() => load(), []);

  return (
    <section aria-labelledby="lib-admin-title">
      <h2 id="lib-admin-title">Library</h2>
      {added && (
        <p class="message message--info" role="status">
          “{added.title}” is in the library: <Link href={`/library/${added.id}`}>open it</Link>.
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
            <caption class="visually-hidden">Library images</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Image</span>
                </th>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">HS code</th>
                <th scope="col">Labels</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    The library is empty.
                  </td>
                </tr>
              )}
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <img class="thumb-small" src={item.image.links.thumbnail} alt="" loading="lazy" />
                  </td>
                  <td>
                    <Link href={`/library/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{KIND_LABELS[item.kind] ?? item.kind}</td>
                  <td>{item.hs_code || '—'}</td>
                  <td>{item.labels.join(', ') || '—'}</td>
                  <td>{formatDate(item.created_at)}</td>
                  <td>
                    <Link
                      class="button"
                      href={`/academy/questions/new?item=${item.id}`}
                      aria-label={`Make a question from ${item.title}`}
                    >
                      Make a question
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
