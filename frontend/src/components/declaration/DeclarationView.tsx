// What a matched declaration says, compact enough for the analyst's side
// panel, most telling first: risk, the weight check, origin and transport,
// the goods lines and how the declaration was matched. Party names only when the server sent them.

import { Fragment } from 'preact';
import {
  PARTIES,
  RISK_LABELS,
  countryName,
  formatKg,
  formatPercent,
  formatQuantity,
  matchText,
} from '../../declarations';
import type { Declaration, DeclarationMatch, WeightCheck } from '../../declarations';
import { formatScanTime, formatWeight } from '../../scans';

export function WeightCheckView({ weight }: { weight: WeightCheck | null }) {
  if (!weight) {
    return (
      <p class="muted small" data-testid="weight-check" data-flagged="false">
        No weight check: the scan has no load-meter weight or the declaration no gross weight.
      </p>
    );
  }
  const flagged = weight.flagged;
  return (
    <div class={`weight${flagged ? ' weight--flagged' : ''}`} data-testid="weight-check" data-flagged={String(flagged)}>
      <p class="weight__verdict">
        <span aria-hidden="true">{flagged ? '⚠ ' : '✓ '}</span>
        {flagged ? 'Weight does not match the declaration' : 'Weight matches the declaration'}
      </p>
      <dl class="facts--compact">
        <dt class="muted">Declared gross</dt>
        <dd>{formatWeight(weight.declared_gross_kg)}</dd>
        <dt class="muted">Load meter</dt>
        <dd>{formatWeight(weight.measured_kg)}</dd>
        <dt class="muted">Difference</dt>
        <dd class="weight__diff">{formatPercent(weight.difference_percent)}</dd>
      </dl>
    </div>
  );
}

function GoodsTable({ goods }: { goods: Declaration['goods'] }) {
  if (goods.length === 0) return <p class="muted small">No goods lines declared.</p>;
  return (
    <table class="goods" data-testid="goods-table">
      <caption>
        Goods ({goods.length} {goods.length === 1 ? 'line' : 'lines'})
      </caption>
      <thead>
        <tr>
          <th scope="col">HS code</th>
          <th scope="col">Description · quantity</th>
          <th scope="col" class="num">
            Gross / net kg
          </th>
        </tr>
      </thead>
      {goods.map((g, i) => (
        <tbody key={i} class="goods__line">
          <tr>
            <th scope="row" class="goods__hs">
              {g.hs_code}
            </th>
            <td>
              {g.description || <span class="muted">No description</span>}
              {formatQuantity(g) && <span class="goods__qty"> · {formatQuantity(g)}</span>}
            </td>
            <td class="num">
              {formatKg(g.gross_kg)} / {formatKg(g.net_kg)}
            </td>
          </tr>
          <tr class="goods__chapter">
            <td colSpan={3}>
              {g.hs_chapter
                ? `Chapter ${g.hs_chapter.code}: ${g.hs_chapter.name}`
                : 'Chapter unknown (not an HS chapter)'}
            </td>
          </tr>
        </tbody>
      ))}
    </table>
  );
}

export function DeclarationView({
  d,
  match,
  weight,
}: {
  d: Declaration;
  match: DeclarationMatch | null;
  weight: WeightCheck | null;
}) {
  const parties = PARTIES.filter(([key]) => key in d);
  const reasons = d.risk?.reasons ?? [];
  const level = d.risk?.level;
  const containers = d.transport?.container_ids ?? [];
  const rows: [string, string][] = [
    ['Origin', countryName(d.origin_country)],
    ...(containers.length ? [['Containers', containers.join(', ')] as [string, string]] : []),
    ...(d.transport?.plate ? [['Plate', d.transport.plate] as [string, string]] : []),
    ['Declared', formatScanTime(d.declared_at)],
    ...parties.map(([key, label]): [string, string] => [label, d[key] || '—']),
  ];
  return (
    <>
      <p class="decl__number">
        No. <b data-testid="declaration-number">{d.number}</b>
        <span class="muted"> · version {d.version}</span>
      </p>
      {level && (
        <div class={`risk risk--${level}`} data-testid="declaration-risk">
          <span class={`badge risk__badge risk__badge--${level}`}>{RISK_LABELS[level] ?? level}</span>
          {reasons.length > 0 && (
            <ul class="risk__reasons">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <WeightCheckView weight={weight} />
      <dl class="facts--compact">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
      {parties.length === 0 && <p class="muted small">Parties hidden</p>}
      <GoodsTable goods={d.goods ?? []} />
      {match && (
        <p class="decl__match small" data-testid="declaration-match">
          {matchText(match)}
        </p>
      )}
    </>
  );
}
