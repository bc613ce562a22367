// The supervisor wall: one screen (1080p or 4K), dark, readable from across
// the room, never scrolling. Scanner tiles by status, the headline figures,
// scans per hour by site and open alerts, live; it reconnects by itself.
// The interactive queue tools are on /wall/queue.

import { useEffect } from 'preact/hooks';
import { useNow } from '../clock';
import { Link } from '../router';
import { ScannerTiles } from './wall/ScannerTiles';
import { SiteChart } from './wall/SiteChart';
import { useWallScreen } from './wall/useWallScreen';
import { WallAlerts } from './wall/WallAlerts';
import { WallKpis } from './wall/WallKpis';
import './wall/screen.css';
import './wall/tiles.css';

const TITLE = 'Supervisor wall';

function Connection({ live, error, fetchedAt }: { live: string; error: string | null; fetchedAt: number | null }) {
  const ok = live === 'live' && !error;
  const text =
    live === 'live'
      ? error
        ? 'Server not answering – retrying'
        : 'Live'
      : live === 'connecting'
        ? 'Connecting…'
        : 'Reconnecting…';
  return (
    <span
      class={`wall-conn wall-conn--${ok ? 'live' : 'down'}`}
      role="status"
      data-testid="wall-connection"
      data-live={live}
    >
      {text}
      {fetchedAt && <span class="wall-conn__time"> · updated {new Date(fetchedAt).toLocaleTimeString()}</span>}
    </span>
  );
}

export function WallPage() {
  const { data, error, live, fetchedAt } = useWallScreen();
  const now = useNow(1000);
  useEffect(() => {
    document.title = `${TITLE} · CIPS`;
  }, []);
  return (
    <section class="wall-screen" data-testid="wall" aria-labelledby="page-title">
      <header class="wall-head">
        <h1 id="page-title">{TITLE}</h1>
        <Connection live={live} error={error} fetchedAt={fetchedAt} />
        <span class="wall-clock">{new Date(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
        <nav class="wall-links" aria-label="Supervisor tools">
          <Link href="/wall/queue">Queue</Link>
          <Link href="/equipment">Equipment</Link>
          <Link href="/reports">Reports</Link>
        </nav>
      </header>
      {!data && (
        <p class={`wall-loading${error ? ' message message--error' : ' muted'}`} role={error ? 'alert' : 'status'}>
          {error ?? 'Loading the wall…'}
        </p>
      )}
      {data && (
        <>
          <WallKpis data={data} fetchedAt={fetchedAt ?? now} now={now} />
          <ScannerTiles scanners={data.scanners} now={now} />
          <SiteChart sites={data.scans_per_hour_by_site} />
          <WallAlerts alerts={data.alerts} />
        </>
      )}
    </section>
  );
}
