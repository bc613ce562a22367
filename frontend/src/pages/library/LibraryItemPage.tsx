// /library/<id>: one reference image in the viewer, with everything the
// library knows about it beside it; a typical case also shows its closed
// decision, the regions (drawn read-only), the inspection outcome and findings.

import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useUser } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { LazyViewer } from '../../components/LazyViewer';
import { Link } from '../../router';
import {
  fetchLibraryItem,
  formatDate,
  imageAsScan,
  decisionLabel,
  libraryKindLabel,
  materialLabel,
  outcomeLabel,
  patchLibraryItem,
  scannerKindLabel,
} from '../../training';
import type { LibraryItem } from '../../training';
import { errorText } from '../../workflow';
import { t, useLanguage } from '../../i18n';
import { DetailsFields, bodyOf, draftOf, draftProblem } from './DetailsFields';
import { lastLibrarySearch } from './LibrarySearch';

const STAFF = ['instructor', 'supervisor', 'admin'];

function Facts({ item }: { item: LibraryItem }) {
  // [label, value, value is data (not translated)]
  const rows: [string, string, boolean][] = [
    [t('library:facts.kind'), libraryKindLabel(item.kind), false],
    [
      t('library:facts.hsCode'),
      item.hs_code
        ? item.hs_chapter
          ? t('library:facts.hsWithChapter', { code: item.hs_code, chapter: item.hs_chapter })
          : item.hs_code
        : '—',
      false,
    ],
    [t('library:facts.goods'), item.goods_description || '—', true],
    [t('library:facts.packing'), item.packing || '—', true],
    [t('library:facts.material'), materialLabel(item.material_class), false],
    [t('library:facts.scannerKind'), scannerKindLabel(item.scanner_kind), false],
    [
      t('library:facts.image'),
      item.image.scanner?.dual_energy
        ? t('library:facts.sizeDual', { w: item.image.width, h: item.image.height })
        : t('library:facts.size', { w: item.image.width, h: item.image.height }),
      false,
    ],
    [t('library:facts.added'), formatDate(item.created_at), false],
  ];
  return (
    <section class="side-section" aria-labelledby="lib-facts-title" data-testid="library-facts">
      <h2 id="lib-facts-title" class="side-title" translate={false}>
        {item.title}
      </h2>
      <dl class="facts--compact">
        {rows.map(([k, v, data]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd translate={data ? false : undefined}>{v}</dd>
          </Fragment>
        ))}
      </dl>
      {item.labels.length > 0 && (
        <p class="lib-card__labels small" aria-label={t('library:facts.labels')} translate={false}>
          {item.labels.map((l) => (
            <Link
              key={l}
              class="lib-label"
              href={`/library?label=${encodeURIComponent(l)}`}
              title={t('library:facts.sameLabel')}
            >
              {l}
            </Link>
          ))}
        </p>
      )}
      {item.notes && (
        <p class="lib-notes small" translate={false}>
          {item.notes}
        </p>
      )}
    </section>
  );
}

function CaseFacts({ item }: { item: LibraryItem }) {
  const c = item.case;
  if (!c) return null;
  return (
    <section class="side-section" aria-labelledby="lib-case-title" data-testid="library-case">
      <h2 id="lib-case-title" class="side-title">
        {t('library:case.title')}
      </h2>
      <p class="small">
        {t('library:case.finalDecision')}{' '}
        <span class={`verdict-word verdict-word--${c.decision}`}>{decisionLabel(c.decision)}</span>
      </p>
      <p class="small">
        {t('library:case.inspection')} <b>{outcomeLabel(c.outcome)}</b>
      </p>
      {c.findings && (
        <p class="lib-notes small" translate={false}>
          {c.findings}
        </p>
      )}
    </section>
  );
}

function EditDialog({
  item,
  onClose,
  onSaved,
}: {
  item: LibraryItem;
  onClose(): void;
  onSaved(item: LibraryItem): void;
}) {
  const [draft, setDraft] = useState(draftOf(item));
  return (
    <FormDialog
      title={t('library:edit.title', { title: item.title })}
      submitLabel={t('library:edit.save')}
      onClose={onClose}
      validate={() => draftProblem(draft)}
      onSubmit={async () => onSaved(await patchLibraryItem(item.id, bodyOf(draft)))}
    >
      {item.kind === 'typical' && <p class="muted small">{t('library:edit.redacted')}</p>}
      <DetailsFields value={draft} onChange={setDraft} />
    </FormDialog>
  );
}

export function LibraryItemPage({ id }: { id: string }) {
  const user = useUser();
  const [item, setItem] = useState<LibraryItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const lang = useLanguage();
  useEffect(() => {
    setItem(null);
    setError(null);
    fetchLibraryItem(id).then(setItem, (err: unknown) => setError(errorText(err, t('library:item.loadFailed'))));
  }, [id]);
  useEffect(() => {
    document.title = t('library:item.docTitle', { title: item?.title ?? t('library:item.title') });
  }, [item?.title, lang]);

  const staff = user.roles.some((r) => STAFF.includes(r));
  const back = <Link href={`/library${lastLibrarySearch}`}>{t('library:item.back')}</Link>;
  if (!item) {
    return (
      <div class="scan-page__state">
        <h1>{t('library:item.title')}</h1>
        {error ? (
          <p class="message message--error" role="alert">
            {error}
          </p>
        ) : (
          <p class="muted" role="status">
            {t('library:loading')}
          </p>
        )}
        <p>{back}</p>
      </div>
    );
  }
  return (
    <>
      <div class="scan-page__head">
        {back}
        <h1 translate={false}>{item.title}</h1>
        <span class={`badge lib-kind lib-kind--${item.kind}`}>{libraryKindLabel(item.kind)}</span>
        {item.hs_code && <span class="muted small">{t('library:hsValue', { code: item.hs_code })}</span>}
        {staff && (
          <span class="lib-head__action">
            <button type="button" class="chip" onClick={() => setEditing(true)}>
              {t('library:item.edit')}
            </button>{' '}
            <Link href={`/academy/questions/new?item=${item.id}`}>{t('library:item.makeQuestion')}</Link>
          </span>
        )}
      </div>
      <LazyViewer
        key={item.id}
        scan={imageAsScan(item.image)}
        regions={false}
        markedRegions={item.case ? (item.case.regions ?? []) : undefined}
        markedTitle={t('library:case.regions')}
        aside={
          <>
            <Facts item={item} />
            <CaseFacts item={item} />
          </>
        }
      />
      {editing && <EditDialog item={item} onClose={() => setEditing(false)} onSaved={setItem} />}
    </>
  );
}
