// "New question": find a library image (standard or typical case) and open it
// in the question editor.

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { fetchLibrary, libraryKindLabel } from '../../training';
import type { LibraryItem } from '../../training';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

const SHOWN = 12;

export function LibraryPicker() {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    const timer = window.setTimeout(() => {
      fetchLibrary({ q: q.trim() }, ctl.signal).then(
        (list) => {
          setItems(list);
          setError(null);
        },
        (err: unknown) => !ctl.signal.aborted && setError(errorText(err, t('library:search.failed'))),
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  return (
    <details class="picker">
      <summary>{t('academy:picker.summary')}</summary>
      <label class="form-field">
        <span>{t('academy:picker.find')}</span>
        <input
          type="search"
          value={q}
          placeholder={t('academy:picker.placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && <p class="muted small">{t('academy:picker.none')}</p>}
      {items && items.length > 0 && (
        <ul class="picker__list">
          {items.slice(0, SHOWN).map((item) => (
            <li key={item.id} class="picker__item">
              <img class="thumb-small" src={item.image.links.thumbnail} alt="" loading="lazy" />
              <span>
                <b translate={false}>{item.title}</b>
                <span class="muted small">
                  {' '}
                  · {libraryKindLabel(item.kind)}
                  {item.hs_code ? ` · ${t('library:hsValue', { code: item.hs_code })}` : ''}
                </span>
              </span>
              <Link
                class="button"
                href={`/academy/questions/new?item=${item.id}`}
                aria-label={t('academy:library.makeQuestionLabel', { title: item.title })}
              >
                {t('academy:library.makeQuestion')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {items && items.length > SHOWN && (
        <p class="muted small">{t('academy:picker.more', { count: items.length - SHOWN })}</p>
      )}
    </details>
  );
}
