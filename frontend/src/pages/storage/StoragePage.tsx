// Storage planning and use: what the image store holds (by site, scanner, kind of
// object, month), growth per day, days until full, a calculator for a plan of
// scanners, and the retention rules (editable by admins).

import { useEffect, useState } from 'preact/hooks';
import { useAuth } from '../../auth';
import { Page } from '../../components/Page';
import { errorText } from '../../workflow';
import { fetchPlan, fetchRetentionRules, fetchStorageReport, formatBytes, saveRetentionRule } from './storage';
import type { RetentionRule, StoragePlan, StorageReport } from './storage';
import { t } from '../../i18n';

function Breakdown({ title, values }: { title: string; values: Record<string, number> }) {
  const entries = Object.entries(values);
  return (
    <table class="table">
      <caption>{title}</caption>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={2} class="muted">
              {t('storage:page.nothing')}
            </td>
          </tr>
        ) : (
          entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row" translate={false}>
                {key}
              </th>
              <td class="num">{formatBytes(value)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function days(value: number | null): string {
  return value === null ? t('storage:page.forEver') : t('storage:page.days', { count: value });
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
      setError(errorText(err, t('storage:page.saveFailed')));
    }
  };
  if (!editable) {
    return (
      <tr>
        <th scope="row" translate={false}>
          {rule.kind}
        </th>
        <td>{days(rule.keep_days)}</td>
        <td>{days(rule.pyramid_days)}</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row" translate={false}>
        {rule.kind}
      </th>
      <td>
        <input
          aria-label={t('storage:page.keepDays', { kind: rule.kind })}
          type="number"
          min={0}
          placeholder={t('storage:page.forEver')}
          value={keep}
          onInput={(e) => setKeep((e.target as HTMLInputElement).value)}
        />
      </td>
      <td>
        <input
          aria-label={t('storage:page.pyramidDays', { kind: rule.kind })}
          type="number"
          min={0}
          placeholder={t('storage:page.neverDropped')}
          value={pyramid}
          onInput={(e) => setPyramid((e.target as HTMLInputElement).value)}
        />
      </td>
      <td>
        <button type="button" onClick={() => void save()}>
          {t('storage:page.save')}
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
      .catch((err) => setError(errorText(err, t('storage:page.loadFailed'))));
    fetchRetentionRules()
      .then(setRules)
      .catch((err) => setError(errorText(err, t('storage:page.loadFailed'))));
  };
  useEffect(load, []);
  useEffect(() => {
    if (!perScan) return;
    fetchPlan(scanners, perDay, perScan, retention)
      .then(setPlan)
      .catch((err) => setError(errorText(err, t('storage:page.loadFailed'))));
  }, [scanners, perDay, perScan, retention]);

  return (
    <Page title={t('storage:page.storage')}>
      {error && <p role="alert">{error}</p>}
      {report && (
        <dl class="facts">
          <div>
            <dt>{t('storage:page.store')}</dt>
            <dd translate={false}>{report.store}</dd>
          </div>
          <div>
            <dt>{t('storage:page.stored')}</dt>
            <dd>
              {t('storage:page.storedText', {
                bytes: formatBytes(report.total_bytes),
                objects: report.objects,
                scans: report.scans,
                perScan: formatBytes(report.bytes_per_scan),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('storage:page.growth')}</dt>
            <dd>
              {t('storage:page.growthText', {
                bytes: formatBytes(report.growth_bytes_per_day),
                days: report.growth_days,
              })}
            </dd>
          </div>
          <div>
            <dt>{t('storage:page.capacity')}</dt>
            <dd>
              {t('storage:page.capacityText', {
                bytes: formatBytes(report.capacity_bytes),
                full: report.days_until_full === null ? '–' : t('storage:page.days', { count: report.days_until_full }),
              })}
            </dd>
          </div>
        </dl>
      )}
      {report && (
        <div class="storage-breakdowns">
          <Breakdown title={t('storage:page.bySite')} values={report.by_site} />
          <Breakdown title={t('storage:page.byScanner')} values={report.by_scanner} />
          <Breakdown title={t('storage:page.byKindOfObject')} values={report.by_kind} />
          <Breakdown title={t('storage:page.byMonth')} values={report.by_month} />
        </div>
      )}
      <h2>{t('storage:page.calculator')}</h2>
      <form class="storage-plan" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('storage:page.scanners')}{' '}
          <input
            type="number"
            min={0}
            value={scanners}
            onInput={(e) => setScanners(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          {t('storage:page.scansPerDay')}{' '}
          <input
            type="number"
            min={0}
            value={perDay}
            onInput={(e) => setPerDay(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          {t('storage:page.bytesPerScan')}{' '}
          <input
            type="number"
            min={0}
            value={perScan}
            onInput={(e) => setPerScan(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          {t('storage:page.retentionDays')}{' '}
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
          {t('storage:page.planPerDay', { bytes: formatBytes(plan.bytes_per_day) })}{' '}
          <strong>{formatBytes(plan.bytes_needed)}</strong>{' '}
          {t('storage:page.planNeeded', { days: plan.retention_days })}
        </p>
      )}
      <h2>{t('storage:page.retention')}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('storage:page.kindOfScan')}</th>
            <th scope="col">{t('storage:page.imagesKept')}</th>
            <th scope="col">{t('storage:page.pyramidKept')}</th>
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
