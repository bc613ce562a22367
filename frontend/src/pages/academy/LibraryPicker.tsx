// "New question": find a library image (standard or typical case) and open it
// in the question editor.

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { KIND_LABELS, fetchLibrary } from '../../training';
import type { LibraryItem } from '../../training';
import { errorText } from '../../workflow';

const SHOWN = 12;

export function LibraryPicker() {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    const t = window.setTimeout(() => {
      fetchLibrary({ q: q.trim() }, ctl.signal).then(
        (list) => {
          setItems(list);
          setError(null);
        },
        (err: unknown) => !ctl.signal.aborted && setError(errorText(err, 'The library could not be searched.')),
      );
    }, 250);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [q]);

  return (
    <details class="picker">
      <summary>New question from a library image</summary>
      <label class="form-field">
        <span>Find a library image</span>
        <input
          type="search"
          value={q}
          placeholder="Title, goods, labels, HS code…"
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && <p class="muted small">No library image matches.</p>}
      {items && items.length > 0 && (
        <ul class="picker__list">
          {items.slice(0, SHOWN).map((item) => (
            <li key={item.id} class="picker__item">
              <img class="thumb-small" src={item.image.links.thumbnail} alt="" loading="lazy" />
              <span>
                <b>{item.title}</b>
                <span class="muted small">
                  {' '}
                  · {KIND_LABELS[item.kind]}
                  {item.hs_code ? ` · HS ${item.hs_code}` : ''}
                </span>
              </span>
              <Link
                class="button"
                href={`/academy/questions/new?item=${item.id}`}
                aria-label={`Make a question from ${item.title}`}
              >
                Make a question
              </Link>
            </li>
          ))}
        </ul>
      )}
      {items && items.length > SHOWN && <p class="muted small">{items.length - SHOWN} more: narrow the search.</p>}
    </details>
  );
}
