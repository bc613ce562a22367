// Closed live cases that could join the typical-case library: promote one
// with a title, labels and notes (names and numbers are removed by the server).

import { useEffect, useState } from 'preact/hooks';
import { FormDialog } from '../../components/FormDialog';
import { Link } from '../../router';
import { formatScanTime } from '../../scans';
import { fetchCases, promoteCase, splitList } from '../../training';
import type { PromotableCase } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { DECISION_LABELS, OUTCOME_LABELS, errorText } from '../../workflow';

function PromoteDialog({ c, onClose, onDone }: { c: PromotableCase; onClose(): void; onDone(itemId: number): void }) {
  const [title, setTitle] = useState('');
  const [labels, setLabels] = useState('');
  const [notes, setNotes] = useState('');
  return (
    <FormDialog
      title={`Promote the case of scan ${c.scan_id}`}
      submitLabel="Promote to the library"
      onClose={onClose}
      validate={() => (title.trim() ? null : 'Give the case a title, e.g. “Cigarettes behind a false wall”.')}
      onSubmit={async () => {
        const item = await promoteCase({
          scan_id: c.scan_id,
          title: title.trim(),
          labels: splitList(labels),
          notes: notes.trim(),
        });
        onDone(item.id);
      }}
    >
      <p class="muted small">
        Company names, declaration and container numbers, plates and people's names are removed.
      </p>
      <label class="form-field">
        <span>Title</span>
        <input type="text" maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="form-field">
        <span>Labels</span>
        <input type="text" value={labels} onInput={(e) => setLabels(e.currentTarget.value)} />
        <span class="form-field__hint">Comma-separated, e.g. cigarettes, false wall</span>
      </label>
      <label class="form-field">
        <span>Notes</span>
        <textarea rows={3} maxLength={4000} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
    </FormDialog>
  );
}

export function Cases() {
  const [cases, setCases] = useState<PromotableCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [promoting, setPromoting] = useState<PromotableCase | null>(null);
  const [notice, setNotice] = useState<{ id: number; scan: number } | null>(null);

  const load = useCoalesced(async () => {
    try {
      setCases(await fetchCases());
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The closed cases could not be loaded.'));
    }
  });
  useEffect(() => load(), []);

  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">Closed cases</h2>
      <p class="muted">
        Cases with a final verdict (and, when suspect, an inspection) can become typical cases in the library, for
        analysts to compare against and for questions.
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="message message--info" role="status">
          The case of scan {notice.scan} is in the library: <Link href={`/library/${notice.id}`}>open it</Link>.
        </p>
      )}
      {!cases && !error && <p class="muted">Loading…</p>}
      {cases && (
        <div class="table-wrap">
          <table class="data-table" data-testid="case-table">
            <caption class="visually-hidden">Closed cases</caption>
            <thead>
              <tr>
                <th scope="col">Scan</th>
                <th scope="col">Scanned</th>
                <th scope="col">Decision</th>
                <th scope="col">Inspection</th>
                <th scope="col">Library</th>
              </tr>
            </thead>
            <tbody>
              {cases.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    No closed cases yet.
                  </td>
                </tr>
              )}
              {cases.map((c) => (
                <tr key={c.scan_id} data-testid={`case-${c.scan_id}`}>
                  <td>#{c.scan_id}</td>
                  <td>{formatScanTime(c.scanned_at)}</td>
                  <td>
                    <span class={`verdict-word verdict-word--${c.decision}`}>
                      {DECISION_LABELS[c.decision] ?? c.decision}
                    </span>
                  </td>
                  <td>{c.outcome ? (OUTCOME_LABELS[c.outcome] ?? c.outcome) : '—'}</td>
                  <td>
                    {c.promoted_item_id ? (
                      <Link href={`/library/${c.promoted_item_id}`}>In the library</Link>
                    ) : (
                      <button
                        type="button"
                        class="button"
                        aria-label={`Promote the case of scan ${c.scan_id}`}
                        onClick={() => setPromoting(c)}
                      >
                        Promote…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {promoting && (
        <PromoteDialog
          c={promoting}
          onClose={() => setPromoting(null)}
          onDone={(id) => {
            setNotice({ id, scan: promoting.scan_id });
            load();
          }}
        />
      )}
    </section>
  );
}
