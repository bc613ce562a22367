// A new exam template: how many questions, drawn from which tags, difficulties
// and scanner kinds; the time limit, the pass mark and the grade bands
// (junior starts at the pass mark); how long a certificate stays valid. The
// server's refusals (e.g. not enough matching questions) are shown as sent.

import { useState } from 'preact/hooks';
import { SCANNER_KINDS, createExam, scannerKindLabel, splitList } from '../../training';
import type { Exam, ExamBody, GradeBand } from '../../training';
import { errorText } from '../../workflow';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const build = (): ExamBody | string => {
    if (!name.trim()) return 'Give the exam a name.';
    const n = num(count);
    if (!Number.isInteger(n) || n < 1) return 'The number of questions is a whole number of at least 1.';
    const m = num(minutes);
    if (!(m > 0)) return 'The time limit is a number of minutes above 0.';
    const p = num(pass);
    if (!(p >= 1 && p <= 100)) return 'The pass mark is a percentage from 1 to 100.';
    const bands: GradeBand[] = [{ grade: 'junior', min_percent: p }];
    for (const [grade, raw] of [
      ['intermediate', intermediate],
      ['senior', senior],
    ] as const) {
      if (raw.trim() === '') continue;
      const v = num(raw);
      if (!(v > bands[bands.length - 1].min_percent && v <= 100)) {
        return `The ${grade} grade must start above the grade below it and at most at 100 %.`;
      }
      bands.push({ grade, min_percent: v });
    }
    const days = num(validity);
    if (!Number.isInteger(days) || days < 1) return 'The validity is a whole number of days.';
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
      setError(errorText(err, 'The exam could not be created.'));
    } finally {
      setBusy(false);
    }
  };

  const toggleKind = (k: string, on: boolean) => setKinds((list) => (on ? [...list, k] : list.filter((x) => x !== k)));
  return (
    <form class="exam-form" onSubmit={submit} noValidate aria-labelledby="exam-form-title" data-testid="exam-form">
      <h3 id="exam-form-title">New exam</h3>
      <div class="form-grid">
        <label class="form-field form-grid__wide">
          <span>Name</span>
          <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="form-field form-grid__wide">
          <span>Description</span>
          <textarea
            rows={2}
            maxLength={4000}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <label class="form-field">
          <span>Number of questions</span>
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
          <span>Tags</span>
          <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          <span class="form-field__hint">Questions must carry all of these (comma-separated); empty: any.</span>
        </label>
        <label class="form-field">
          <span>Difficulty from</span>
          <select aria-label="Difficulty from" value={dmin} onChange={(e) => setDmin(e.currentTarget.value)}>
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label class="form-field">
          <span>Difficulty to</span>
          <select aria-label="Difficulty to" value={dmax} onChange={(e) => setDmax(e.currentTarget.value)}>
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <fieldset class="form-fieldset form-grid__wide">
          <legend>Scanner kinds (none ticked: all)</legend>
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
          <span>Time limit (minutes)</span>
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
          <span>Pass mark (%)</span>
          <input type="number" min={1} max={100} value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
          <span class="form-field__hint">The junior grade starts here.</span>
        </label>
        <label class="form-field">
          <span>Intermediate from (%)</span>
          <input
            type="number"
            min={1}
            max={100}
            value={intermediate}
            onInput={(e) => setIntermediate(e.currentTarget.value)}
          />
          <span class="form-field__hint">Empty: no intermediate grade.</span>
        </label>
        <label class="form-field">
          <span>Senior from (%)</span>
          <input type="number" min={1} max={100} value={senior} onInput={(e) => setSenior(e.currentTarget.value)} />
          <span class="form-field__hint">Empty: no senior grade.</span>
        </label>
        <label class="form-field">
          <span>Certificate validity (days)</span>
          <input
            type="number"
            min={1}
            max={3650}
            value={validity}
            onInput={(e) => setValidity(e.currentTarget.value)}
          />
        </label>
      </div>
      {error && (
        <p class="message message--error" role="alert" data-testid="exam-form-error">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create exam'}
      </button>
    </form>
  );
}
