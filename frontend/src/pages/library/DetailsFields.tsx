// The descriptive fields of a library item (title, HS code, goods, packing,
// material, labels, notes): for adding a standard image in the academy and for
// editing an item from its page.

import { MATERIAL_CLASSES, materialLabel, splitList } from '../../training';
import { t } from '../../i18n';
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
  if (!d.title.trim()) return t('library:fields.needTitle');
  const hs = d.hs_code.replace(/[\s.]/g, '');
  if (hs && !/^\d{2,10}$/.test(hs)) return t('library:fields.badHs');
  return null;
}

export function DetailsFields({ value, onChange }: { value: Draft; onChange(d: Draft): void }) {
  const set = (patch: Partial<Draft>) => onChange({ ...value, ...patch });
  return (
    <>
      <label class="form-field form-grid__wide">
        <span>{t('library:fields.title')}</span>
        <input type="text" maxLength={200} value={value.title} onInput={(e) => set({ title: e.currentTarget.value })} />
      </label>
      <label class="form-field">
        <span>{t('library:facts.hsCode')}</span>
        <input
          type="text"
          inputMode="numeric"
          maxLength={12}
          value={value.hs_code}
          onInput={(e) => set({ hs_code: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>{t('library:fields.goods')}</span>
        <input
          type="text"
          maxLength={2000}
          value={value.goods_description}
          onInput={(e) => set({ goods_description: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>{t('library:facts.packing')}</span>
        <input
          type="text"
          maxLength={200}
          value={value.packing}
          onInput={(e) => set({ packing: e.currentTarget.value })}
        />
      </label>
      <label class="form-field">
        <span>{t('library:facts.material')}</span>
        <select
          aria-label={t('library:facts.material')}
          value={value.material_class}
          onChange={(e) => set({ material_class: e.currentTarget.value as MaterialClass | '' })}
        >
          <option value="">{t('library:fields.notGiven')}</option>
          {MATERIAL_CLASSES.map((m) => (
            <option key={m} value={m}>
              {materialLabel(m)}
            </option>
          ))}
        </select>
      </label>
      <label class="form-field form-grid__wide">
        <span>{t('library:facts.labels')}</span>
        <input type="text" value={value.labels} onInput={(e) => set({ labels: e.currentTarget.value })} />
        <span class="form-field__hint">{t('library:fields.labelsHint')}</span>
      </label>
      <label class="form-field form-grid__wide">
        <span>{t('library:fields.notes')}</span>
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
