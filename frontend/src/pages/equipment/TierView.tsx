// One level of the tree: the unit's rollup and a table of the units below
// (centres of a headquarters, sites of a centre, scanners of a site).

import type { ComponentChildren } from 'preact';
import { formatTime } from '../../equipment';
import type { CentreNode, HqNode, Rollup, ScannerStatus, SiteNode } from '../../equipment';
import { Link } from '../../router';
import { FIGURE_HEADS, Figures, StatusBadge, StatusCounts, figureCells } from './parts';
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
          <th scope="col">Status</th>
          {FIGURE_HEADS.map((h) => (
            <th key={h} scope="col" class="num">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={8} class="muted">
              Nothing here yet.
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.id} data-testid={`${testid}-${r.id}`} data-status={r.status}>
            <th scope="row">
              <Link href={r.href}>{r.name}</Link>
              {r.sub && <span class="muted small"> {r.sub}</span>}
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
  return {
    id: s.id,
    href: hrefOf('scanner', s.id),
    name: s.name,
    sub: [s.kind, s.vendor].filter(Boolean).join(' · '),
    status: s.status,
    state: (
      <>
        <StatusBadge status={s.status} /> <span class="muted small">since {formatTime(s.status_since)}</span>
      </>
    ),
    cells: figureCells(s.today),
    note: (
      <>
        {s.fault && (
          <span class="eq-fault">
            Fault {s.fault.code}: {s.fault.text}
          </span>
        )}
        {s.skewed && <span class="eq-skew"> Clock out of step</span>}
        <span class="muted"> Last heartbeat {formatTime(s.last_heartbeat)}</span>
      </>
    ),
  };
}

function Head({ kind, name, code, rollup }: { kind: string; name: string; code: string; rollup: Rollup }) {
  return (
    <div class="eq-head">
      <h2>
        <span class="muted small">{kind}</span> {name} <span class="muted small">({code})</span>
      </h2>
      <p>
        {rollup.scanners} {rollup.scanners === 1 ? 'scanner' : 'scanners'} · <StatusCounts rollup={rollup} />
      </p>
      <Figures today={rollup.today} label={`${name} today`} />
    </div>
  );
}

export function HqView({ hq }: { hq: HqNode }) {
  return (
    <section class="eq-level" data-testid="level-headquarters">
      <Head kind="Headquarters" name={hq.name} code={hq.code} rollup={hq.rollup} />
      <UnitTable
        caption="Centres"
        unit="Centre"
        testid="centre-row"
        rows={hq.centres.map((c) => unitRow('centre', c))}
      />
    </section>
  );
}

export function CentreView({ centre }: { centre: CentreNode }) {
  return (
    <section class="eq-level" data-testid="level-centre">
      <Head kind="Centre" name={centre.name} code={centre.code} rollup={centre.rollup} />
      <UnitTable caption="Sites" unit="Site" testid="site-row" rows={centre.sites.map((s) => unitRow('site', s))} />
    </section>
  );
}

export function SiteView({ site }: { site: SiteNode }) {
  return (
    <section class="eq-level" data-testid="level-site">
      <Head kind="Site" name={site.name} code={site.code} rollup={site.rollup} />
      <UnitTable caption="Scanners" unit="Scanner" testid="scanner-row" rows={site.scanners.map(scannerRow)} />
    </section>
  );
}
