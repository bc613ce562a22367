// What a matched declaration says, compact enough for the analyst's side
// panel, most telling first: risk, the weight check, origin and transport,
// the goods lines and how the declaration was matched. Party names only when the server sent them.

import { Fragment } from 'preact';
import type { ComponentChild } from 'preact';
import {
  PARTIES,
  countryParts,
  formatKg,
  formatPercent,
  quantityParts,
  matchText,
  partyLabel,
  riskLabel,
} from '../../declarations';
import type { Declaration, DeclarationMatch, GoodsLine, WeightCheck } from '../../declarations';
import { formatScanTime, formatWeight } from '../../scans';
import { t } from '../../i18n';

export function WeightCheckView({ weight }: { weight: WeightCheck | null }) {
  if (!weight) {
    return (
      <p class="muted small" data-testid="weight-check" data-flagged="false">
        {t('declaration:weight.none')}
      </p>
    );
  }
  const flagged = weight.flagged;
  return (
    <div class={`weight${flagged ? ' weight--flagged' : ''}`} data-testid="weight-check" data-flagged={String(flagged)}>
      <p class="weight__verdict">
        <span aria-hidden="true">{flagged ? '⚠ ' : '✓ '}</span>
        {flagged ? t('declaration:weight.mismatch') : t('declaration:weight.match')}
      </p>
      <dl class="facts--compact">
        <dt class="muted">{t('declaration:weight.declared')}</dt>
        <dd>{formatWeight(weight.declared_gross_kg)}</dd>
        <dt class="muted">{t('declaration:weight.measured')}</dt>
        <dd>{formatWeight(weight.measured_kg)}</dd>
        <dt class="muted">{t('declaration:weight.difference')}</dt>
        <dd class="weight__diff">{formatPercent(weight.difference_percent)}</dd>
      </dl>
    </div>
  );
}

function GoodsTable({ goods }: { goods: Declaration['goods'] }) {
  if (goods.length === 0) return <p class="muted small">{t('declaration:goods.none')}</p>;
  return (
    <table class="goods" data-testid="goods-table">
      <caption>{t('declaration:goods.caption', { count: goods.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('declaration:goods.hs')}</th>
          <th scope="col">{t('declaration:goods.description')}</th>
          <th scope="col" class="num">
            {t('declaration:goods.weights')}
          </th>
        </tr>
      </thead>
      {goods.map((g, i) => (
        <tbody key={i} class="goods__line">
          <tr>
            <th scope="row" class="goods__hs" translate={false}>
              {g.hs_code}
            </th>
            <td>
              {g.description ? (
                <span translate={false}>{g.description}</span>
              ) : (
                <span class="muted">{t('declaration:goods.noDescription')}</span>
              )}
              <Quantity line={g} />
            </td>
            <td class="num">
              {formatKg(g.gross_kg)} / {formatKg(g.net_kg)}
            </td>
          </tr>
          <tr class="goods__chapter">
            <td colSpan={3}>
              {g.hs_chapter ? (
                <>
                  {t('declaration:goods.chapter', { code: g.hs_chapter.code })}{' '}
                  <span translate={false}>{g.hs_chapter.name}</span>
                </>
              ) : (
                t('declaration:goods.chapterUnknown')
              )}
            </td>
          </tr>
        </tbody>
      ))}
    </table>
  );
}

// [label, value, is the value data (left untranslated)]
type Row = [string, ComponentChild, boolean];

/** "China (CN)": the name in the reader's language, the declared code as data. */
function Country({ code }: { code: string | null | undefined }) {
  const parts = countryParts(code);
  if (!parts) return <>—</>;
  if (!parts.name) return <span translate={false}>{parts.code}</span>;
  return (
    <>
      {parts.name} <span translate={false}>({parts.code})</span>
    </>
  );
}

/** " · 800 pcs": the number in the reader's format, the declared unit as data. */
function Quantity({ line }: { line: GoodsLine }) {
  const parts = quantityParts(line);
  if (!parts) return null;
  return (
    <span class="goods__qty">
      {' · '}
      {parts.amount}
      {parts.amount && parts.unit ? ' ' : ''}
      {parts.unit && <span translate={false}>{parts.unit}</span>}
    </span>
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
  const parties = PARTIES.filter((key) => key in d);
  const reasons = d.risk?.reasons ?? [];
  const level = d.risk?.level;
  const containers = d.transport?.container_ids ?? [];
  const rows: Row[] = [
    [t('declaration:origin'), <Country code={d.origin_country} />, false],
    ...(containers.length ? [[t('declaration:containers'), containers.join(', '), true] as Row] : []),
    ...(d.transport?.plate ? [[t('declaration:plate'), d.transport.plate, true] as Row] : []),
    [t('declaration:declared'), formatScanTime(d.declared_at), false],
    ...parties.map((key): Row => [partyLabel(key), d[key] || '—', true]),
  ];
  return (
    <>
      <p class="decl__number">
        {t('declaration:number')}{' '}
        <b data-testid="declaration-number" translate={false}>
          {d.number}
        </b>
        <span class="muted"> · {t('declaration:version', { version: d.version })}</span>
      </p>
      {level && (
        <div class={`risk risk--${level}`} data-testid="declaration-risk">
          <span class={`badge risk__badge risk__badge--${level}`}>{riskLabel(level)}</span>
          {reasons.length > 0 && (
            <ul class="risk__reasons" translate={false}>
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <WeightCheckView weight={weight} />
      <dl class="facts--compact">
        {rows.map(([k, v, data]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd translate={data ? false : undefined}>{v}</dd>
          </Fragment>
        ))}
      </dl>
      {parties.length === 0 && <p class="muted small">{t('declaration:partiesHidden')}</p>}
      <GoodsTable goods={d.goods ?? []} />
      {match && (
        <p class="decl__match small" data-testid="declaration-match">
          {matchText(match)}
        </p>
      )}
    </>
  );
}
