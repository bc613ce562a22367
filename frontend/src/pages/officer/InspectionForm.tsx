// The physical inspection as the officer records it at the container: the
// outcome, what was found by category (the analysts' threat categories) with
// quantity and unit, the HS code, seals before and after, who was there, notes
// and photos from the tablet's camera. Everything typed is kept on the tablet
// as a draft (IndexedDB) as it is typed; "Record" puts the record in the
// tablet's outbox, which sends it now or when the Wi-Fi returns (outbox.ts).

import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { FINDING_UNITS, OUTCOMES } from '../../inspections';
import type { Finding, FindingUnit, InspectionRecord, Outcome } from '../../inspections';
import { THREAT_CATEGORIES } from '../../threatCategories';
import type { ThreatCategory } from '../../threatCategories';
import { categoryText, outcomeText, unitText } from './labels';
import { deleteDraft, enqueue, loadDraft, newKey, saveDraft } from './outbox';
import type { DraftForm, PhotoBlob } from './outbox';
import { NotAnImage, compressPhoto } from './photos';
import { PhotoThumb } from './PhotoThumb';

const MAX_PHOTOS = 12;
const EMPTY: DraftForm = {
  outcome: null,
  findings: '',
  items: [],
  hs_code: '',
  seals_before: '',
  seals_after: '',
  officers_present: '',
};

const list = (text: string, sep: RegExp) =>
  text
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

interface Props {
  scanId: number;
  /** Container number or plate, to name the record in the outbox. */
  label: string;
}

export function InspectionForm({ scanId, label }: Props) {
  const [form, setForm] = useState<DraftForm>(EMPTY);
  const [photos, setPhotos] = useState<PhotoBlob[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState<'photos' | 'saving' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draftSaved, setDraftSaved] = useState(false);
  const touched = useRef(false);
  const saves = useRef(0);
  // Photos being compressed: the draft is not complete until they are in it.
  const pending = useRef(false);

  useEffect(() => {
    let alive = true;
    loadDraft(scanId)
      .then((d) => {
        if (!alive || !d || touched.current) return;
        setForm({ ...EMPTY, ...d.form });
        setPhotos(d.photos);
        setDraftSaved(true);
      })
      .catch(() => undefined)
      .finally(() => alive && setLoaded(true));
    return () => {
      alive = false;
    };
  }, [scanId]);

  // Every change is on the tablet within half a second: a reload, a crash or a
  // flat battery loses nothing.
  useEffect(() => {
    if (!loaded || !touched.current) return;
    const timer = window.setTimeout(() => {
      // Only the newest save may say "saved": an older one finishing late (a slow
      // tablet) must not claim a photo added since is on the tablet.
      const mine = ++saves.current;
      saveDraft({ scanId, form, photos, savedAt: Date.now() })
        .then(() => mine === saves.current && !pending.current && setDraftSaved(true))
        .catch(() => setDraftSaved(false));
    }, 400);
    return () => window.clearTimeout(timer);
  }, [form, photos, loaded]);

  const change = (patch: Partial<DraftForm>) => {
    touched.current = true;
    setDraftSaved(false);
    setError(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const setItem = (i: number, patch: Partial<Finding>) =>
    change({ items: form.items.map((it, j) => (j === i ? { ...it, ...patch } : it)) });
  const addItem = () =>
    change({ items: [...form.items, { category: 'undeclared_goods', description: '', quantity: null, unit: null }] });
  const removeItem = (i: number) => change({ items: form.items.filter((_, j) => j !== i) });

  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    touched.current = true;
    setBusy('photos');
    setError(null);
    setDraftSaved(false);
    pending.current = true;
    const added: PhotoBlob[] = [];
    let refused = 0;
    try {
      for (const file of Array.from(files).slice(0, Math.max(0, MAX_PHOTOS - photos.length))) {
        try {
          added.push(await compressPhoto(file, file.name));
        } catch (err) {
          if (err instanceof NotAnImage) refused += 1;
          else throw err;
        }
      }
    } finally {
      pending.current = false;
    }
    setPhotos((p) => [...p, ...added]);
    if (refused) setError(t('officer:form.photoNotImage', { count: refused }));
    else if (files.length > added.length) setError(t('officer:form.photoLimit', { max: MAX_PHOTOS }));
    setBusy(null);
  };
  const removePhoto = (id: string) => {
    touched.current = true;
    setDraftSaved(false);
    setPhotos((p) => p.filter((x) => x.id !== id));
  };

  const record = (): InspectionRecord | string => {
    if (!form.outcome) return t('officer:form.needOutcome');
    const hs = form.hs_code.replace(/[\s.]/g, '');
    if (hs && !/^[0-9]{6,10}$/.test(hs)) return t('officer:form.badHs');
    const items = form.outcome === 'no_finding' ? [] : form.items;
    if (items.some((it) => it.quantity !== null && (!Number.isFinite(it.quantity) || it.quantity < 0))) {
      return t('officer:form.badQuantity');
    }
    const seals = (text: string) => list(text, /[\s,;]+/);
    return {
      client_key: newKey(),
      outcome: form.outcome,
      findings: form.findings.trim(),
      items: items.map((it) => ({ ...it, description: it.description.trim() })),
      hs_code: hs || null,
      seals_before: seals(form.seals_before),
      seals_after: seals(form.seals_after),
      officers_present: list(form.officers_present, /[,;\n]+/),
      inspected_at: new Date().toISOString(),
    };
  };

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const r = record();
    if (typeof r === 'string') return setError(r);
    setBusy('saving');
    try {
      // From here the tablet owns the record: it is sent now, or when the link returns.
      await enqueue({ key: r.client_key, scanId, label, record: r, photos });
      await deleteDraft(scanId).catch(() => undefined);
    } catch {
      setError(t('officer:form.storageFailed'));
      setBusy(null);
    }
  };

  return (
    <form class="inspection" id="inspection" onSubmit={submit} aria-labelledby="inspection-form-title" noValidate>
      <h3 id="inspection-form-title">{t('officer:form.title')}</h3>
      <div class="outcome" role="group" aria-label={t('officer:form.outcome')}>
        {OUTCOMES.map((o: Outcome) => (
          <button
            key={o}
            type="button"
            class={`outcome__btn outcome__btn--${o}`}
            aria-pressed={form.outcome === o}
            disabled={busy === 'saving'}
            onClick={() => change({ outcome: o })}
          >
            {outcomeText(o)}
          </button>
        ))}
      </div>

      {form.outcome !== 'no_finding' && (
        <fieldset class="inspection__items">
          <legend>{t('officer:form.items')}</legend>
          {form.items.length === 0 && <p class="muted">{t('officer:form.noItems')}</p>}
          {form.items.map((it, i) => (
            <div class="finding" key={i} data-testid={`finding-${i}`}>
              <label>
                <span>{t('officer:form.category')}</span>
                <select
                  value={it.category}
                  onChange={(e) => setItem(i, { category: e.currentTarget.value as ThreatCategory })}
                >
                  {THREAT_CATEGORIES.map(([key]) => (
                    <option key={key} value={key}>
                      {categoryText(key)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="finding__what">
                <span>{t('officer:form.what')}</span>
                <input
                  type="text"
                  maxLength={500}
                  value={it.description}
                  onInput={(e) => setItem(i, { description: e.currentTarget.value })}
                />
              </label>
              <label class="finding__qty">
                <span>{t('officer:form.quantity')}</span>
                <input
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="any"
                  value={it.quantity ?? ''}
                  onInput={(e) => {
                    const v = e.currentTarget.value;
                    setItem(i, { quantity: v === '' ? null : Number(v) });
                  }}
                />
              </label>
              <label class="finding__unit">
                <span>{t('officer:form.unit')}</span>
                <select
                  value={it.unit ?? ''}
                  onChange={(e) => setItem(i, { unit: (e.currentTarget.value || null) as FindingUnit | null })}
                >
                  <option value="">—</option>
                  {FINDING_UNITS.map((u) => (
                    <option key={u} value={u}>
                      {unitText(u)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                class="button finding__remove"
                aria-label={t('officer:form.removeItem')}
                onClick={() => removeItem(i)}
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" class="button" onClick={addItem} data-testid="add-finding">
            {t('officer:form.addItem')}
          </button>
        </fieldset>
      )}

      <div class="inspection__grid">
        <label>
          <span>{t('officer:form.hsCode')}</span>
          <input
            type="text"
            inputMode="numeric"
            maxLength={13}
            value={form.hs_code}
            placeholder="24022000"
            onInput={(e) => change({ hs_code: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('officer:form.sealsBefore')}</span>
          <input
            type="text"
            value={form.seals_before}
            onInput={(e) => change({ seals_before: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{t('officer:form.sealsAfter')}</span>
          <input type="text" value={form.seals_after} onInput={(e) => change({ seals_after: e.currentTarget.value })} />
        </label>
        <label>
          <span>{t('officer:form.officers')}</span>
          <input
            type="text"
            value={form.officers_present}
            placeholder={t('officer:form.officersHint')}
            onInput={(e) => change({ officers_present: e.currentTarget.value })}
          />
        </label>
      </div>

      <label class="inspection__findings">
        <span>{t('officer:form.notes')}</span>
        <textarea
          rows={3}
          value={form.findings}
          maxLength={10000}
          onInput={(e) => change({ findings: e.currentTarget.value })}
          placeholder={t('officer:form.notesHint')}
        />
      </label>

      <div class="inspection__photos">
        <label class="button button--big photo-take">
          {t('officer:form.takePhotos')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            class="visually-hidden"
            data-testid="photo-input"
            disabled={busy !== null || photos.length >= MAX_PHOTOS}
            onChange={(e) => {
              const input = e.currentTarget;
              void addPhotos(input.files).finally(() => (input.value = ''));
            }}
          />
        </label>
        <span class="muted" data-testid="photo-count">
          {t('officer:form.photoCount', { count: photos.length })}
        </span>
        {busy === 'photos' && (
          <span class="muted" role="status">
            {t('officer:form.compressing')}
          </span>
        )}
        {photos.length > 0 && (
          <ul class="photo-strip">
            {photos.map((p) => (
              <li key={p.id}>
                <PhotoThumb blob={p.blob} alt={p.name} />
                <button
                  type="button"
                  class="button photo-strip__remove"
                  aria-label={t('officer:form.removePhoto')}
                  onClick={() => removePhoto(p.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary button--big" disabled={busy !== null}>
        {t('officer:form.record')}
      </button>
      {draftSaved && (
        <p class="muted" data-testid="draft-saved">
          {t('officer:form.draftSaved')}
        </p>
      )}
    </form>
  );
}
