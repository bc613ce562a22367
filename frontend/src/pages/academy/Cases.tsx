// Closed live cases that could join the typical-case library: promote one
// with a title, labels and notes (names and numbers are removed by the server).

import { useEffect, useState } from 'preact/hooks';
import { FormDialog } from '../../components/FormDialog';
import { Link } from '../../router';
import { formatScanTime } from '../../scans';
import { decisionLabel, fetchCases, outcomeLabel, promoteCase, splitList } from '../../training';
import type { PromotableCase } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

function PromoteDialog({ c, onClose, onDone }: { c: PromotableCase; onClose(): void; onDone(itemId: number): void }) {
  const [title, setTitle] = useState('');
  const [labels, setLabels] = useState('');
  const [notes, setNotes] = useState('');
  return (
    <FormDialog
      title={t('academy:cases.promoteTitle', { scan: c.scan_id })}
      submitLabel={t('academy:cases.promoteSubmit')}
      onClose={onClose}
      validate={() => (title.trim() ? null : t('academy:cases.needTitle'))}
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
      <p class="muted small">{t('academy:cases.redacted')}</p>
      <label class="form-field">
        <span>{t('library:fields.title')}</span>
        <input type="text" maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="form-field">
        <span>{t('library:facts.labels')}</span>
        <input type="text" value={labels} onInput={(e) => setLabels(e.currentTarget.value)} />
        <span class="form-field__hint">{t('academy:cases.labelsHint')}</span>
      </label>
      <label class="form-field">
        <span>{t('library:fields.notes')}</span>
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
      setError(errorText(err, t('academy:cases.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">{t('academy:cases.title')}</h2>
      <p class="muted">{t('academy:cases.lead')}</p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="message message--info" role="status">
          {t('academy:cases.promoted', { scan: notice.scan })}{' '}
          <Link href={`/library/${notice.id}`}>{t('academy:cases.openIt')}</Link>
        </p>
      )}
      {!cases && !error && <p class="muted">{t('academy:loading')}</p>}
      {cases && (
        <div class="table-wrap">
          <table class="data-table" data-testid="case-table">
            <caption class="visually-hidden">{t('academy:cases.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('academy:cases.scan')}</th>
                <th scope="col">{t('academy:cases.scanned')}</th>
                <th scope="col">{t('academy:cases.decision')}</th>
                <th scope="col">{t('academy:cases.inspection')}</th>
                <th scope="col">{t('academy:cases.library')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    {t('academy:cases.none')}
                  </td>
                </tr>
              )}
              {cases.map((c) => (
                <tr key={c.scan_id} data-testid={`case-${c.scan_id}`}>
                  <td>#{c.scan_id}</td>
                  <td>{formatScanTime(c.scanned_at)}</td>
                  <td>
                    <span class={`verdict-word verdict-word--${c.decision}`}>{decisionLabel(c.decision)}</span>
                  </td>
                  <td>{c.outcome ? outcomeLabel(c.outcome) : '—'}</td>
                  <td>
                    {c.promoted_item_id ? (
                      <Link href={`/library/${c.promoted_item_id}`}>{t('academy:cases.inLibrary')}</Link>
                    ) : (
                      <button
                        type="button"
                        class="button"
                        aria-label={t('academy:cases.promoteTitle', { scan: c.scan_id })}
                        onClick={() => setPromoting(c)}
                      >
                        {t('academy:cases.promote')}
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
