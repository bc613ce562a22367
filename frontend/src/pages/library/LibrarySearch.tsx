// /library: search the standard images and typical cases by text, HS code,
// kind and scanner kind. The filters live in the URL (a reload or a second
// window keeps them); results update as you type. Keys: / to search.

import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Page } from '../../components/Page';
import { Link, navigate, useLocation } from '../../router';
import { fetchLibrary, libraryKindLabel, query, scannerKindLabel } from '../../training';
import { t } from '../../i18n';
import type { LibraryFilters, LibraryItem, LibraryKind } from '../../training';
import { isTypingTarget } from '../../viewer/keyboard';
import { errorText } from '../../workflow';
import { ScannerKindSelect } from '../../components/ScannerKindSelect';

const TYPING_DELAY_MS = 250;

/** The last search, for the way back from one item. */
export let lastLibrarySearch = '';

function readFilters(search: string): Required<LibraryFilters> {
  const p = new URLSearchParams(search);
  const kind = p.get('kind');
  return {
    q: p.get('q') ?? '',
    hs: p.get('hs') ?? '',
    kind: kind === 'standard' || kind === 'typical' ? kind : '',
    label: p.get('label') ?? '',
    scanner_kind: p.get('scanner_kind') ?? '',
  };
}

function ItemCard({ item }: { item: LibraryItem }) {
  return (
    <li class="lib-card" data-testid={`library-item-${item.id}`}>
      <Link href={`/library/${item.id}`} class="lib-card__link">
        <img class="lib-card__thumb" src={item.image.links.thumbnail} alt="" loading="lazy" />
        <span class="lib-card__title" translate={false}>
          {item.title}
        </span>
      </Link>
      <span class="lib-card__meta">
        <span class={`badge lib-kind lib-kind--${item.kind}`}>{libraryKindLabel(item.kind)}</span>
        {item.hs_code && <span class="lib-card__hs">{t('library:hsValue', { code: item.hs_code })}</span>}
        <span class="muted small">{scannerKindLabel(item.scanner_kind)}</span>
      </span>
      {item.labels.length > 0 && (
        <span class="lib-card__labels small" translate={false}>
          {item.labels.map((l) => (
            <span key={l} class="lib-label">
              {l}
            </span>
          ))}
        </span>
      )}
    </li>
  );
}

export function LibrarySearch() {
  const { search } = useLocation();
  const filters = readFilters(search);
  const [draft, setDraft] = useState(filters);
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const typing = useRef(0);
  lastLibrarySearch = search;

  // Load whenever the URL's filters change.
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    fetchLibrary(filters, ctl.signal).then(
      (list) => {
        setItems(list);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        setError(errorText(err, t('library:search.failed')));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [search]);

  // The URL changed by other means (back, a link): show its filters.
  const applied = useRef(search);
  useEffect(() => {
    if (search !== applied.current) setDraft(readFilters(search));
    applied.current = search;
  }, [search]);

  const apply = (next: Required<LibraryFilters>) => {
    applied.current = query({ ...next });
    navigate(`/library${applied.current}`, { replace: true });
  };
  const change = (patch: Partial<LibraryFilters>, delay = 0) => {
    const next = { ...draft, ...patch } as Required<LibraryFilters>;
    setDraft(next);
    window.clearTimeout(typing.current);
    if (delay) typing.current = window.setTimeout(() => apply(next), delay);
    else apply(next);
  };
  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    window.clearTimeout(typing.current);
    apply(draft);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      window.clearTimeout(typing.current);
    };
  }, []);

  const any = Object.values(filters).some(Boolean);
  return (
    <Page title={t('library:search.title')}>
      <p class="lead">{t('library:search.lead')}</p>
      <form class="lib-filters" role="search" aria-label={t('library:search.filters')} onSubmit={onSubmit}>
        <label class="lib-field lib-field--q">
          <span>
            {t('library:search.search')} <kbd aria-hidden="true">/</kbd>
          </span>
          <input
            ref={searchRef}
            type="search"
            value={draft.q}
            placeholder={t('library:search.placeholder')}
            onInput={(e) => change({ q: e.currentTarget.value }, TYPING_DELAY_MS)}
          />
        </label>
        <label class="lib-field">
          <span>{t('library:search.hsCode')}</span>
          <input
            type="text"
            inputMode="numeric"
            value={draft.hs}
            placeholder={t('library:search.hsPlaceholder')}
            maxLength={10}
            onInput={(e) => change({ hs: e.currentTarget.value.replace(/[^\d.]/g, '') }, TYPING_DELAY_MS)}
          />
        </label>
        <label class="lib-field">
          <span>{t('library:search.kind')}</span>
          <select
            aria-label={t('library:search.kind')}
            value={draft.kind}
            onChange={(e) => change({ kind: e.currentTarget.value as LibraryKind | '' })}
          >
            <option value="">{t('library:search.allKinds')}</option>
            <option value="standard">{t('library:search.standardImages')}</option>
            <option value="typical">{t('library:search.typicalCases')}</option>
          </select>
        </label>
        <label class="lib-field">
          <span>{t('library:search.scannerKind')}</span>
          <ScannerKindSelect value={draft.scanner_kind} onChange={(k) => change({ scanner_kind: k })} />
        </label>
        {draft.label && (
          <button
            type="button"
            class="chip"
            onClick={() => change({ label: '' })}
            aria-label={t('library:search.removeLabel', { label: draft.label })}
          >
            {t('library:search.labelChip', { label: draft.label })}
          </button>
        )}
        <button type="submit" class="button">
          {t('library:search.search')}
        </button>
        {any && (
          <button
            type="button"
            class="button"
            onClick={() => change({ q: '', hs: '', kind: '', label: '', scanner_kind: '' })}
          >
            {t('library:search.clear')}
          </button>
        )}
      </form>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <p class="muted small" role="status" data-testid="library-count">
        {loading && !items
          ? t('library:search.searching')
          : items
            ? t('library:search.count', { count: items.length }) + (loading ? t('library:search.stillSearching') : '')
            : ''}
      </p>
      {items && items.length === 0 && !error && <p class="panel">{t('library:search.nothing')}</p>}
      {items && items.length > 0 && (
        <ul class="lib-grid" aria-label={t('library:search.images')}>
          {items.map((item) => (
            <ItemCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </Page>
  );
}
