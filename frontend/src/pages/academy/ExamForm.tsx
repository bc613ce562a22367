// A new exam template: how many questions, drawn from which tags, difficulties
// and scanner kinds; the time limit, the pass mark and the grade bands
// (junior starts at the pass mark); how long a certificate stays valid. The
// server's refusals (e.g. not enough matching questions) are shown as sent.

import { useState } from 'preact/hooks';
import { SCANNER_KINDS, createExam, gradeLabel, scannerKindLabel, splitList } from '../../training';
import type { Exam, ExamBody, GradeBand } from '../../training';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function ExamForm({ onCreated }: { onCreated(exam: Exam): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [count, setCount] = useState('10');
  const [tags, setTags] = useState('');
  const [dmin, setDmin] = useState('1');
  const [dmax, setDmax] = useState('5');
  const [kinds, setKinds] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('30');
  const [pass, setPass] = useState('70');
  const [intermediate, setIntermediate] = useState('85');
  const [senior, setSenior] = useState('95');
  const [validity, setValidity] = useState('365');
  const [retake, setRetake] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const build = (): ExamBody | string => {
    if (!name.trim()) return t('academy:examForm.needName');
    const n = num(count);
    if (!Number.isInteger(n) || n < 1) return t('academy:examForm.badCount');
    const m = num(minutes);
    if (!(m > 0)) return t('academy:examForm.badLimit');
    const p = num(pass);
    if (!(p >= 1 && p <= 100)) return t('academy:examForm.badPass');
    const bands: GradeBand[] = [{ grade: 'junior', min_percent: p }];
    for (const [grade, raw] of [
      ['intermediate', intermediate],
      ['senior', senior],
    ] as const) {
      if (raw.trim() === '') continue;
      const v = num(raw);
      if (!(v > bands[bands.length - 1].min_percent && v <= 100)) {
        return t('academy:examForm.badBand', { grade: gradeLabel(grade) });
      }
      bands.push({ grade, min_percent: v });
    }
    const days = num(validity);
    if (!Number.isInteger(days) || days < 1) return t('academy:examForm.badValidity');
    const wait = retake.trim() === '' ? null : num(retake);
    if (wait !== null && !(Number.isInteger(wait) && wait >= 0 && wait <= 720)) {
      return t('academy:examForm.badRetake');
    }
    return {
      name: name.trim(),
      description: description.trim(),
      question_count: n,
      tags: splitList(tags),
      difficulty: { min: Number(dmin), max: Number(dmax) },
      scanner_kinds: kinds,
      time_limit_s: Math.round(m * 60),
      pass_percent: p,
      grade_bands: bands,
      validity_days: days,
      retake_wait_hours: wait,
    };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = build();
    if (typeof body === 'string') return setError(body);
    setBusy(true);
    setError(null);
    try {
      onCreated(await createExam(body));
      setName('');
      setDescription('');
    } catch (err) {
      setError(errorText(err, t('academy:examForm.failed')));
    } finally {
      setBusy(false);
    }
  };

  const toggleKind = (k: string, on: boolean) => setKinds((list) => (on ? [...list, k] : list.filter((x) => x !== k)));
  return (
    <form class="exam-form" onSubmit={submit} noValidate aria-labelledby="exam-form-title" data-testid="exam-form">
      <h3 id="exam-form-title">{t('academy:examForm.title')}</h3>
      <div class="form-grid">
        <label class="form-field form-grid__wide">
          <span>{t('academy:examForm.name')}</span>
          <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="form-field form-grid__wide">
          <span>{t('academy:examForm.description')}</span>
          <textarea
            rows={2}
            maxLength={4000}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.count')}</span>
          <input
            type="number"
            min={1}
            max={200}
            step={1}
            value={count}
            onInput={(e) => setCount(e.currentTarget.value)}
          />
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.tags')}</span>
          <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          <span class="form-field__hint">{t('academy:examForm.tagsHint')}</span>
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.difficultyFrom')}</span>
          <select
            aria-label={t('academy:examForm.difficultyFrom')}
            value={dmin}
            onChange={(e) => setDmin(e.currentTarget.value)}
          >
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.difficultyTo')}</span>
          <select
            aria-label={t('academy:examForm.difficultyTo')}
            value={dmax}
            onChange={(e) => setDmax(e.currentTarget.value)}
          >
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <fieldset class="form-fieldset form-grid__wide">
          <legend>{t('academy:examForm.kinds')}</legend>
          {SCANNER_KINDS.map((k) => (
            <label key={k} class="form-check">
              <input
                type="checkbox"
                checked={kinds.includes(k)}
                onChange={(e) => toggleKind(k, e.currentTarget.checked)}
              />
              {scannerKindLabel(k)}
            </label>
          ))}
        </fieldset>
        <label class="form-field">
          <span>{t('academy:examForm.limit')}</span>
          <input
            type="number"
            min={1}
            max={480}
            step={1}
            value={minutes}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.pass')}</span>
          <input type="number" min={1} max={100} value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
          <span class="form-field__hint">{t('academy:examForm.passHint')}</span>
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.intermediate')}</span>
          <input
            type="number"
            min={1}
            max={100}
            value={intermediate}
            onInput={(e) => setIntermediate(e.currentTarget.value)}
          />
          <span class="form-field__hint">{t('academy:examForm.intermediateHint')}</span>
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.senior')}</span>
          <input type="number" min={1} max={100} value={senior} onInput={(e) => setSenior(e.currentTarget.value)} />
          <span class="form-field__hint">{t('academy:examForm.seniorHint')}</span>
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.validity')}</span>
          <input
            type="number"
            min={1}
            max={3650}
            value={validity}
            onInput={(e) => setValidity(e.currentTarget.value)}
          />
        </label>
        <label class="form-field">
          <span>{t('academy:examForm.retake')}</span>
          <input
            type="number"
            min={0}
            max={720}
            step={1}
            value={retake}
            onInput={(e) => setRetake(e.currentTarget.value)}
          />
          <span class="form-field__hint">{t('academy:examForm.retakeHint')}</span>
        </label>
      </div>
      {error && (
        <p class="message message--error" role="alert" data-testid="exam-form-error">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? t('academy:examForm.creating') : t('academy:examForm.create')}
      </button>
    </form>
  );
}
