// The regions drawn on the scan: label each, zoom to it, delete it.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { toRegion } from './regionModel';
import type { W3CImageAnnotation } from './regionModel';

interface Props {
  annotations: W3CImageAnnotation[];
  /** The region just drawn: its label field gets the focus. */
  focusId: string | null;
  onLabel(id: string, label: string): void;
  onDelete(id: string): void;
  onShow(id: string): void;
  readOnly?: boolean;
  error?: string | null;
}

const SHAPES = { rectangle: 'Rectangle', polygon: 'Polygon', other: 'Region' };

export function RegionList({ annotations, focusId, onLabel, onDelete, onShow, readOnly, error }: Props) {
  const listRef = useRef<HTMLOListElement>(null);
  // Labels being typed: a re-render of the page around the viewer (a region
  // saved, a status changing) must not put back the old label mid-word.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const commit = (id: string, value: string) => {
    onLabel(id, value);
    setDrafts(({ [id]: _, ...rest }) => rest);
  };

  // Layout effect: the field has the focus before the next key press lands.
  useLayoutEffect(() => {
    if (!focusId) return;
    const input = listRef.current?.querySelector<HTMLInputElement>(`input[data-region="${CSS.escape(focusId)}"]`);
    input?.focus();
  }, [focusId, annotations.length]);

  return (
    <section class="side-section" aria-labelledby="regions-title">
      <h2 id="regions-title" class="side-title">
        Regions <span class="muted small">({annotations.length})</span>
      </h2>
      {error && <p class="muted small">{error}</p>}
      {annotations.length === 0 && !error && (
        <p class="muted small">
          None yet. Draw with <kbd>b</kbd> (rectangle) or <kbd>y</kbd> (polygon).
        </p>
      )}
      <ol class="region-list" data-testid="region-list" ref={listRef}>
        {annotations.map((a, i) => {
          const r = toRegion(a);
          return (
            <li key={r.id} class="region-list__item">
              <button type="button" class="icon-button" onClick={() => onShow(r.id)} title="Zoom to this region">
                <span aria-hidden="true">{i + 1}</span>
                <span class="visually-hidden">Show region {i + 1}</span>
              </button>
              <label class="visually-hidden" for={`region-label-${i}`}>
                Label for region {i + 1} ({SHAPES[r.shape]})
              </label>
              <input
                id={`region-label-${i}`}
                class="region-list__label"
                data-region={r.id}
                type="text"
                value={drafts[r.id] ?? r.label}
                placeholder={`${SHAPES[r.shape]} – add a label`}
                readOnly={readOnly}
                maxLength={200}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  setDrafts((d) => ({ ...d, [r.id]: value }));
                }}
                onChange={(e) => commit(r.id, e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === 'Escape') {
                    commit(r.id, e.currentTarget.value);
                    e.currentTarget.blur();
                    e.stopPropagation();
                  }
                }}
              />
              {!readOnly && (
                <button type="button" class="icon-button icon-button--danger" onClick={() => onDelete(r.id)}>
                  <span aria-hidden="true">×</span>
                  <span class="visually-hidden">Delete region {i + 1}</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
