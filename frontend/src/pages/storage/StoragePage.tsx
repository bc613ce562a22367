// Storage planning and use: what the image store holds (by site, scanner, kind of
// object, month), growth per day, days until full, a calculator for a plan of
// scanners, and the retention rules (editable by admins).

import { useEffect, useState } from 'preact/hooks';
import { useAuth } from '../../auth';
import { Page } from '../../components/Page';
import { errorText } from '../../workflow';
import { fetchPlan, fetchRetentionRules, fetchStorageReport, formatBytes, saveRetentionRule } from './storage';
import type { RetentionRule, StoragePlan, StorageReport } from './storage';

function Breakdown({ title, values }: { title: string; values: Record<string, number> }) {
  const entries = Object.entries(values);
  return (
    <table class="table">
      <caption>{title}</caption>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={2} class="muted">
              nothing stored yet
            </td>
          </tr>
        ) : (
          entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td class="num">{formatBytes(value)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function days(value: number | null): string {
  return value === null ? 'for ever' : `${value} days`;
}

function RuleRow({ rule, editable, onSaved }: { rule: RetentionRule; editable: boolean; onSaved: () => void }) {
  const [keep, setKeep] = useState(rule.keep_days === null ? '' : String(rule.keep_days));
  const [pyramid, setPyramid] = useState(rule.pyramid_days === null ? '' : String(rule.pyramid_days));
  const [error, setError] = useState<string | null>(null);
  const parse = (v: string) => (v.trim() === '' ? null : Number(v));
  const save = async () => {
    try {
      setError(null);
      await saveRetentionRule(rule.kind, parse(keep), parse(pyramid));
      onSaved();
    } catch (err) {
      setError(errorText(err, 'The storage figures could not be loaded.'));
    }
  };
  if (!editable) {
    return (
      <tr>
        <th scope="row">{rule.kind}</th>
        <td>{days(rule.keep_days)}</td>
        <td>{days(rule.pyramid_days)}</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{rule.kind}</th>
      <td>
        <input
          aria-label={`${rule.kind}: keep days`}
          type="number"
          min={0}
          placeholder="for ever"
          value={keep}
          onInput={(e) => setKeep((e.target as HTMLInputElement).value)}
        />
      </td>
      <td>
        <input
          aria-label={`${rule.kind}: pyramid days`}
          type="number"
          min={0}
          placeholder="never dropped"
          value={pyramid}
          onInput={(e) => setPyramid((e.target as HTMLInputElement).value)}
        />
      </td>
      <td>
        <button type="button" onClick={() => void save()}>
          Save
        </button>
        {error && <span role="alert"> {error}</span>}
      </td>
    </tr>
  );
}

export function StoragePage() {
  const { user } = useAuth();
  const isAdmin = !!user && user.roles.includes('admin');
  const [report, setReport] = useState<StorageReport | null>(null);
  const [rules, setRules] = useState<RetentionRule[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [scanners, setScanners] = useState(40);
  const [perDay, setPerDay] = useState(1000);
  const [perScan, setPerScan] = useState(0);
  const [retention, setRetention] = useState(5 * 365);
  const [plan, setPlan] = useState<StoragePlan | null>(null);

  const load = () => {
    fetchStorageReport()
      .then((r) => {
        setReport(r);
        setPerScan((current) => current || r.bytes_per_scan || 41_000_000);
      })
      .catch((err) => setError(errorText(err, 'The storage figures could not be loaded.')));
    fetchRetentionRules()
      .then(setRules)
      .catch((err) => setError(errorText(err, 'The storage figures could not be loaded.')));
  };
  useEffect(load, []);
  useEffect(() => {
    if (!perScan) return;
    fetchPlan(scanners, perDay, perScan, retention)
      .then(setPlan)
      .catch((err) => setError(errorText(err, 'The storage figures could not be loaded.')));
  }, [scanners, perDay, perScan, retention]);

  return (
    <Page title="Storage">
      {error && <p role="alert">{error}</p>}
      {report && (
        <dl class="facts">
          <div>
            <dt>Store</dt>
            <dd>{report.store}</dd>
          </div>
          <div>
            <dt>Stored</dt>
            <dd>
              {formatBytes(report.total_bytes)} in {report.objects} objects ({report.scans} scans,{' '}
              {formatBytes(report.bytes_per_scan)} per scan)
            </dd>
          </div>
          <div>
            <dt>Growth</dt>
            <dd>
              {formatBytes(report.growth_bytes_per_day)} per day (last {report.growth_days} days)
            </dd>
          </div>
          <div>
            <dt>Capacity</dt>
            <dd>
              {formatBytes(report.capacity_bytes)}; full in{' '}
              {report.days_until_full === null ? '–' : `${report.days_until_full} days`}
            </dd>
          </div>
        </dl>
      )}
      {report && (
        <div class="storage-breakdowns">
          <Breakdown title="By site" values={report.by_site} />
          <Breakdown title="By scanner" values={report.by_scanner} />
          <Breakdown title="By kind of object" values={report.by_kind} />
          <Breakdown title="By month" values={report.by_month} />
        </div>
      )}
      <h2>Calculator</h2>
      <form class="storage-plan" onSubmit={(e) => e.preventDefault()}>
        <label>
          Scanners{' '}
          <input
            type="number"
            min={0}
            value={scanners}
            onInput={(e) => setScanners(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          Scans per scanner and day{' '}
          <input
            type="number"
            min={0}
            value={perDay}
            onInput={(e) => setPerDay(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          Bytes per scan{' '}
          <input
            type="number"
            min={0}
            value={perScan}
            onInput={(e) => setPerScan(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          Retention (days){' '}
          <input
            type="number"
            min={0}
            value={retention}
            onInput={(e) => setRetention(Number((e.target as HTMLInputElement).value))}
          />
        </label>
      </form>
      {plan && (
        <p>
          {formatBytes(plan.bytes_per_day)} per day; <strong>{formatBytes(plan.bytes_needed)}</strong> needed for{' '}
          {plan.retention_days} days.
        </p>
      )}
      <h2>Retention</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Kind of scan</th>
            <th scope="col">Images kept</th>
            <th scope="col">Pyramid kept</th>
            {isAdmin && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <RuleRow key={`${rule.kind}-${rule.updated_at}`} rule={rule} editable={isAdmin} onSaved={load} />
          ))}
        </tbody>
      </table>
    </Page>
  );
}
