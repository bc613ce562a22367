// Vigilance: threat image projection scores per analyst (supervisors, instructors and
// admins see everyone in their scope; analysts their own), the centre's breaks with an
// early end (supervisors, with a reason) and the library of fictional threat images.

import { useEffect, useState } from 'preact/hooks';
import { useUser } from '../auth';
import { formatNumber, formatPercent, formatTime } from '../format';
import { t } from '../i18n';
import { errorText } from '../workflow';
import { fetchBreaks, fetchScores, fetchThreats, generateThreat, overrideBreak, setThreatActive } from '../tip';
import type { BreakState, Scores, Threat, Trend } from '../tip';
import { THREAT_CATEGORIES } from '../threatCategories';
import './analyst/tip.css';

const categoryLabel = (code: string) => t(`tip:category.${code}`);

function TrendTable({ rows, first, label }: { rows: (Trend & { key: string })[]; first: string; label: string }) {
  return (
    <table class="tip-table">
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">{t('tip:scores.projections')}</th>
          <th scope="col">{t('tip:scores.hitRate')}</th>
          <th scope="col">{t('tip:scores.meanDecision')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.key}</td>
            <td>{formatNumber(r.projections)}</td>
            <td>{formatPercent(r.hit_rate)}</td>
            <td>{r.mean_decision_s === null ? '—' : formatNumber(r.mean_decision_s)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScoresPanel() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [scores, setScores] = useState<Scores | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    void fetchScores(from || undefined, to || undefined).then(
      (s) => {
        setScores(s);
        setError(null);
      },
      (err) => setError(errorText(err, t('tip:scores.loadError'))),
    );
  useEffect(load, []);
  return (
    <section class="tip-panel">
      <h2>{t('tip:scores.heading')}</h2>
      <p class="muted">{t('tip:scores.intro')}</p>
      <form
        class="tip-period"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t('tip:scores.from')} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('tip:scores.to')} <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t('tip:scores.show')}
        </button>
      </form>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {scores && scores.analysts.length === 0 && <p class="muted">{t('tip:scores.none')}</p>}
      {scores && scores.analysts.length > 0 && (
        <>
          <table class="tip-table" data-testid="tip-scores">
            <thead>
              <tr>
                <th scope="col">{t('tip:scores.analyst')}</th>
                <th scope="col">{t('tip:scores.projections')}</th>
                <th scope="col">{t('tip:scores.hits')}</th>
                <th scope="col">{t('tip:scores.misses')}</th>
                <th scope="col">{t('tip:scores.hitRate')}</th>
                <th scope="col">{t('tip:scores.realDecisions')}</th>
                <th scope="col">{t('tip:scores.falseAlarms')}</th>
                <th scope="col">{t('tip:scores.falseAlarmRate')}</th>
                <th scope="col">{t('tip:scores.dPrime')}</th>
                <th scope="col">{t('tip:scores.refresher')}</th>
              </tr>
            </thead>
            <tbody>
              {scores.analysts.map((a) => (
                <tr key={a.analyst.id}>
                  <td translate={false}>{a.analyst.display_name ?? a.analyst.username}</td>
                  <td>{formatNumber(a.projections)}</td>
                  <td>{formatNumber(a.hits)}</td>
                  <td>{formatNumber(a.misses)}</td>
                  <td>{formatPercent(a.hit_rate)}</td>
                  <td>{formatNumber(a.real_decisions)}</td>
                  <td>{formatNumber(a.false_alarms)}</td>
                  <td>{formatPercent(a.false_alarm_rate)}</td>
                  <td>{a.d_prime === null ? '—' : formatNumber(a.d_prime, { maximumFractionDigits: 2 })}</td>
                  <td>
                    {a.refresher.flagged && <a href={a.refresher.link ?? '/trainee'}>{t('tip:scores.flagged')}</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="tip-trends">
            <TrendTable
              label={t('tip:scores.byHour')}
              first={t('tip:scores.hour')}
              rows={scores.by_hour.map((r) => ({ ...r, key: String(r.hour).padStart(2, '0') }))}
            />
            <TrendTable
              label={t('tip:scores.byTask')}
              first={t('tip:scores.minutes')}
              rows={scores.by_minutes_on_task.map((r) => ({ ...r, key: r.minutes }))}
            />
          </div>
        </>
      )}
    </section>
  );
}

function BreaksPanel() {
  const [rows, setRows] = useState<BreakState[] | null>(null);
  const [ending, setEnding] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => void fetchBreaks().then(setRows, (err) => setError(errorText(err, t('tip:breaks.failed'))));
  useEffect(load, []);
  const end = async (userId: number) => {
    try {
      await overrideBreak(userId, reason.trim());
      setEnding(null);
      setReason('');
      setError(null);
      load();
    } catch (err) {
      setError(errorText(err, t('tip:breaks.failed')));
    }
  };
  return (
    <section class="tip-panel">
      <h2>{t('tip:breaks.heading')}</h2>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p class="muted">{t('tip:breaks.none')}</p>}
      <ul class="tip-breaks">
        {(rows ?? []).map((r) => (
          <li key={r.user_id}>
            <span translate={false}>{r.display_name ?? r.username}</span>{' '}
            {r.on_break && r.break_until ? (
              <>
                {t('tip:breaks.onBreak', { time: formatTime(r.break_until) })}{' '}
                {ending === r.user_id ? (
                  <form
                    class="tip-override"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void end(r.user_id);
                    }}
                  >
                    <label>
                      {t('tip:breaks.reason')}{' '}
                      <input value={reason} required minLength={3} onInput={(e) => setReason(e.currentTarget.value)} />
                    </label>
                    <button type="submit" class="button button--primary">
                      {t('tip:breaks.confirm')}
                    </button>
                    <button type="button" class="button" onClick={() => setEnding(null)}>
                      {t('tip:breaks.cancel')}
                    </button>
                  </form>
                ) : (
                  <button type="button" class="chip" onClick={() => setEnding(r.user_id)}>
                    {t('tip:breaks.end')}
                  </button>
                )}
              </>
            ) : (
              t('tip:breaks.onTask', { minutes: formatNumber(r.minutes_on_task) })
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LibraryPanel() {
  const [threats, setThreats] = useState<Threat[] | null>(null);
  const [category, setCategory] = useState<string>(THREAT_CATEGORIES[0][0]);
  const [error, setError] = useState<string | null>(null);
  const load = () => void fetchThreats().then(setThreats, (err) => setError(errorText(err, t('tip:library.failed'))));
  useEffect(load, []);
  const act = (p: Promise<unknown>) =>
    void p.then(
      () => {
        setError(null);
        load();
      },
      (err) => setError(errorText(err, t('tip:library.failed'))),
    );
  return (
    <section class="tip-panel">
      <h2>{t('tip:library.heading')}</h2>
      <form
        class="tip-period"
        onSubmit={(e) => {
          e.preventDefault();
          act(generateThreat(category));
        }}
      >
        <label>
          {t('tip:library.category')}{' '}
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            {THREAT_CATEGORIES.map(([code]) => (
              <option key={code} value={code}>
                {categoryLabel(code)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          {t('tip:library.generate')}
        </button>
      </form>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {threats && threats.length === 0 && <p class="muted">{t('tip:library.empty')}</p>}
      <ul class="tip-threats">
        {(threats ?? []).map((th) => (
          <li key={th.id} class={th.active ? '' : 'tip-threats--off'}>
            <img src={`/api/v1/tip/threats/${th.id}/preview.png`} alt="" />
            <span>{categoryLabel(th.category)}</span> <span translate={false}>{th.name}</span>{' '}
            <span class="muted">{th.active ? t('tip:library.active') : t('tip:library.inactive')}</span>{' '}
            <button type="button" class="chip" onClick={() => act(setThreatActive(th.id, !th.active))}>
              {th.active ? t('tip:library.toggleOff') : t('tip:library.toggleOn')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TipPage() {
  const user = useUser();
  const manager = user.roles.some((r) => r === 'supervisor' || r === 'instructor' || r === 'admin');
  return (
    <div class="tip-page">
      <h1>{t('tip:page.title')}</h1>
      <ScoresPanel />
      {user.roles.includes('supervisor') && <BreaksPanel />}
      {manager && <LibraryPanel />}
    </div>
  );
}
