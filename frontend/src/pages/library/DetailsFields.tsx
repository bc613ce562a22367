// The descriptive fields of a library item (title, HS code, goods, packing,
// material, labels, notes): for adding a standard image in the academy and for
// editing an item from its page.

import { MATERIAL_LABELS, splitList } from '../../training';
import type { LibraryBody, LibraryItem, MaterialClass } from '../../training';
import '../../components/dialogs.css';

export interface Draft {
  title: string;
  hs_code: string;
  goods_description: string;
  packing: string;
  material_class: MaterialClass | '';
  labels: string;
  notes: string;
}

export function draftOf(item?: LibraryItem): Draft {
  return {
    title: item?.title ?? '',
    hs_code: item?.hs_code ?? '',
    goods_description: item?.goods_description ?? '',
    packing: item?.packing ?? '',
    material_class: item?.material_class ?? '',
    labels: (item?.labels ?? []).join(', '),
    notes: item?.notes ?? '',
  };
}

export function bodyOf(d: Draft): LibraryBody {
  return {
    title: d.title.trim(),
    hs_code: d.hs_code.replace(/[\s.]/g, ''),
    goods_description: d.goods_description.trim(),
    packing: d.packing.trim(),
    material_class: d.material_class || null,
    labels: splitList(d.labels),
    notes: d.notes.trim(),
  };
}

/** What is wrong with the draft, or null. */
export function draftProblem(d: Draft): string | null {
  if (!d.title.trim()) return 'Give the image a title.';
  const hs = d.hs_code.replace(/[\s.]/g, '');
  if (hs && !/^\d{2,10}$/.test(hs)) return 'The HS code is 2 to 10 digits (chapter, heading or subheading).';
  return null;
}

export function DetailsFields({ value, onChange }: { value: Draft; onChange(d: Draft): void }) {
  const set = (patch: Partial<Draft>) => onChange({ ...value, ...patch });
  return (
    <>
      <label class="form-field form-grid__wide">
        <span>Title</span>
        <input type="text" maxLength={200} value={value.title} onInput={(e) => set({ title: e.currentTarget.value })} />
      </label>
      <label class="form-field">
        <span>HS code</span>
        <input
          type="text"
          inputMode="numeric"
          maxLength={12}
          value={value.hs_code}
          onInput={(e) => set({ hs_code: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>Goods description</span>
        <input
          type="text"
          maxLength={2000}
          value={value.goods_description}
          onInput={(e) => set({ goods_description: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>Packing</span>
        <input
          type="text"
          maxLength={200}
          value={value.packing}
          onInput={(e) => set({ packing: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>Material</span>
        <select
          aria-label="Material"
          value={value.material_class}
          onChange={(e) => set({ material_class: e.currentTarget.value as MaterialClass | '' })}
        >
          <option value="">Not given</option>
          {(Object.keys(MATERIAL_LABELS) as MaterialClass[]).map((m) => (
            <option key={m} value={m}>
              {MATERIAL_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label class="form-field form-grid__wide">
        <span>Labels</span>
        <input type="text" value={value.labels} onInput={(e) => set({ labels: e.currentTarget.value })} />
        <span class="form-field__hint">Comma-separated, e.g. tyres, rubber</span>
      </label>
      <label class="form-field form-grid__wide">
        <span>Notes</span>
        <textarea
          rows={3}
          maxLength={4000}
          value={value.notes}
          onInput={(e) => set({ notes: e.currentTarget.value })}
        />
      </label>
    </>
  );
}
