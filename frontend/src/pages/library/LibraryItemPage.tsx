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
  KIND_LABELS,
  MATERIAL_LABELS,
  fetchLibraryItem,
  formatDate,
  imageAsScan,
  patchLibraryItem,
  scannerKindLabel,
} from '../../training';
import type { LibraryItem } from '../../training';
import { DECISION_LABELS, OUTCOME_LABELS, errorText } from '../../workflow';
import { DetailsFields, bodyOf, draftOf, draftProblem } from './DetailsFields';
import { lastLibrarySearch } from './LibrarySearch';

const STAFF = ['instructor', 'supervisor', 'admin'];

function Facts({ item }: { item: LibraryItem }) {
  const rows: [string, string][] = [
    ['Kind', KIND_LABELS[item.kind] ?? item.kind],
    ['HS code', item.hs_code ? `${item.hs_code}${item.hs_chapter ? ` (chapter ${item.hs_chapter})` : ''}` : '—'],
    ['Goods', item.goods_description || '—'],
    ['Packing', item.packing || '—'],
    ['Material', item.material_class ? MATERIAL_LABELS[item.material_class] : '—'],
    ['Scanner kind', scannerKindLabel(item.scanner_kind)],
    ['Image', `${item.image.width} × ${item.image.height} px${item.image.scanner?.dual_energy ? ', dual-energy' : ''}`],
    ['Added', formatDate(item.created_at)],
  ];
  return (
    <section class="side-section" aria-labelledby="lib-facts-title" data-testid="library-facts">
      <h2 id="lib-facts-title" class="side-title">
        {item.title}
      </h2>
      <dl class="facts--compact">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
      {item.labels.length > 0 && (
        <p class="lib-card__labels small" aria-label="Labels">
          {item.labels.map((l) => (
            <Link
              key={l}
              class="lib-label"
              href={`/library?label=${encodeURIComponent(l)}`}
              title="Other images with this label"
            >
              {l}
            </Link>
          ))}
        </p>
      )}
      {item.notes && <p class="lib-notes small">{item.notes}</p>}
    </section>
  );
}

function CaseFacts({ item }: { item: LibraryItem }) {
  const c = item.case;
  if (!c) return null;
  return (
    <section class="side-section" aria-labelledby="lib-case-title" data-testid="library-case">
      <h2 id="lib-case-title" class="side-title">
        The case
      </h2>
      <p class="small">
        Final decision{' '}
        <span class={`verdict-word verdict-word--${c.decision}`}>{DECISION_LABELS[c.decision] ?? c.decision}</span>
      </p>
      <p class="small">
        Inspection: <b>{c.outcome ? (OUTCOME_LABELS[c.outcome] ?? c.outcome) : 'not inspected'}</b>
      </p>
      {c.findings && <p class="lib-notes small">{c.findings}</p>}
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
      title={`Edit “${item.title}”`}
      submitLabel="Save details"
      onClose={onClose}
      validate={() => draftProblem(draft)}
      onSubmit={async () => onSaved(await patchLibraryItem(item.id, bodyOf(draft)))}
    >
      {item.kind === 'typical' && (
        <p class="muted small">As on promotion, names and numbers from the case are removed from what you type.</p>
      )}
      <DetailsFields value={draft} onChange={setDraft} />
    </FormDialog>
  );
}

export function LibraryItemPage({ id }: { id: string }) {
  const user = useUser();
  const [item, setItem] = useState<LibraryItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    setItem(null);
    setError(null);
    fetchLibraryItem(id).then(setItem, (err: unknown) =>
      setError(errorText(err, 'This library image could not be loaded.')),
    );
  }, [id]);
  useEffect(() => {
    document.title = `${item?.title ?? 'Library image'} · Image library · CIPS`;
  }, [item?.title]);

  const staff = user.roles.some((r) => STAFF.includes(r));
  const back = <Link href={`/library${lastLibrarySearch}`}>← Library</Link>;
  if (!item) {
    return (
      <div class="scan-page__state">
        <h1>Library image</h1>
        {error ? (
          <p class="message message--error" role="alert">
            {error}
          </p>
        ) : (
          <p class="muted" role="status">
            Loading…
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
        <h1>{item.title}</h1>
        <span class={`badge lib-kind lib-kind--${item.kind}`}>{KIND_LABELS[item.kind] ?? item.kind}</span>
        {item.hs_code && <span class="muted small">HS {item.hs_code}</span>}
        {staff && (
          <span class="lib-head__action">
            <button type="button" class="chip" onClick={() => setEditing(true)}>
              Edit details…
            </button>{' '}
            <Link href={`/academy/questions/new?item=${item.id}`}>Make a question from this image</Link>
          </span>
        )}
      </div>
      <LazyViewer
        key={item.id}
        scan={imageAsScan(item.image)}
        regions={false}
        markedRegions={item.case ? (item.case.regions ?? []) : undefined}
        markedTitle="Regions of the case"
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
