// One level of the tree: the unit's rollup and a table of the units below
// (centres of a headquarters, sites of a centre, scanners of a site).

import type { ComponentChildren } from 'preact';
import type { CentreNode, HqNode, Rollup, ScannerStatus, SiteNode } from '../../equipment';
import { formatTime, zoneName } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { Figures, StatusBadge, StatusCounts, figureCells, figureHeads } from './parts';
import { hrefOf } from './tree';

interface Row {
  id: number;
  href: string;
  name: string;
  sub?: string;
  state: ComponentChildren;
  cells: string[];
  note?: ComponentChildren;
  status?: string;
}

function UnitTable({ caption, unit, rows, testid }: { caption: string; unit: string; rows: Row[]; testid: string }) {
  return (
    <table class="eq-table" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{unit}</th>
          <th scope="col">{t('equipment:status')}</th>
          {figureHeads().map((h) => (
            <th key={h} scope="col" class="num">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={9} class="muted">
              {t('equipment:nothingYet')}
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.id} data-testid={`${testid}-${r.id}`} data-status={r.status}>
            <th scope="row">
              <Link href={r.href} translate={false}>
                {r.name}
              </Link>
              {r.sub && (
                <span class="muted small" translate={false}>
                  {' '}
                  {r.sub}
                </span>
              )}
              {r.note && <div class="eq-note small">{r.note}</div>}
            </th>
            <td>{r.state}</td>
            {r.cells.map((c, i) => (
              <td key={i} class="num">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const unitRow = (level: 'centre' | 'site', u: { id: number; code: string; name: string; rollup: Rollup }): Row => ({
  id: u.id,
  href: hrefOf(level, u.id),
  name: u.name,
  sub: u.code,
  state: <StatusCounts rollup={u.rollup} />,
  cells: figureCells(u.rollup.today),
});

function scannerRow(s: ScannerStatus): Row {
  // A site's page: its scanners' times in the site's zone.
  const zone = s.site?.timezone;
  return {
    id: s.id,
    href: hrefOf('scanner', s.id),
    name: s.name,
    sub: [s.kind, s.vendor].filter(Boolean).join(' · '),
    status: s.status,
    state: (
      <>
        <StatusBadge status={s.status} />{' '}
        <span class="muted small">{t('equipment:since', { time: formatTime(s.status_since, { zone }) })}</span>
      </>
    ),
    cells: figureCells(s.today),
    note: (
      <>
        {s.fault && (
          <span class="eq-fault" translate={false}>
            {t('equipment:fault', { code: s.fault.code, text: s.fault.text })}
          </span>
        )}
        {s.skewed && <span class="eq-skew"> {t('equipment:skewed')}</span>}
        <span class="muted"> {t('equipment:lastHeartbeat', { time: formatTime(s.last_heartbeat, { zone }) })}</span>
      </>
    ),
  };
}

function Head({
  kind,
  name,
  code,
  rollup,
  zone,
}: {
  kind: string;
  name: string;
  code: string;
  rollup: Rollup;
  zone?: string;
}) {
  return (
    <div class="eq-head">
      <h2>
        <span class="muted small">{kind}</span> <span translate={false}>{name}</span>{' '}
        <span class="muted small" translate={false}>
          ({code})
        </span>
      </h2>
      <p>
        {t('equipment:scanners', { count: rollup.scanners })} · <StatusCounts rollup={rollup} />
        {zone && <span class="muted small"> · {t('equipment:timesIn', { zone: zoneName(zone) })}</span>}
      </p>
      <Figures today={rollup.today} label={t('equipment:today', { name })} />
    </div>
  );
}

export function HqView({ hq }: { hq: HqNode }) {
  return (
    <section class="eq-level" data-testid="level-headquarters">
      <Head kind={t('equipment:level.headquarters')} name={hq.name} code={hq.code} rollup={hq.rollup} />
      <UnitTable
        caption={t('equipment:level.centres')}
        unit={t('equipment:level.centre')}
        testid="centre-row"
        rows={hq.centres.map((c) => unitRow('centre', c))}
      />
    </section>
  );
}

export function CentreView({ centre }: { centre: CentreNode }) {
  return (
    <section class="eq-level" data-testid="level-centre">
      <Head kind={t('equipment:level.centre')} name={centre.name} code={centre.code} rollup={centre.rollup} />
      <UnitTable
        caption={t('equipment:level.sites')}
        unit={t('equipment:level.site')}
        testid="site-row"
        rows={centre.sites.map((s) => unitRow('site', s))}
      />
    </section>
  );
}

export function SiteView({ site }: { site: SiteNode }) {
  return (
    <section class="eq-level" data-testid="level-site">
      <Head
        kind={t('equipment:level.site')}
        name={site.name}
        code={site.code}
        rollup={site.rollup}
        zone={site.scanners[0]?.site?.timezone}
      />
      <UnitTable
        caption={t('equipment:level.scanners')}
        unit={t('equipment:level.scanner')}
        testid="scanner-row"
        rows={site.scanners.map(scannerRow)}
      />
    </section>
  );
}
