// The supervisor wall: one screen (1080p or 4K), dark, readable from across
// the room, never scrolling. Headline figures, queue alarms (seen and heard),
// scanner tiles by status, the analysts and what each is doing, scans per hour
// and open alerts, live; it reconnects by itself. Every time on it is in the
// centre's zone, named beside the clock. The queue tools are on /wall/queue.

import { useEffect } from 'preact/hooks';
import { useNow } from '../clock';
import { formatTime, zoneName } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { AlarmBanner } from './wall/AlarmBanner';
import { AnalystList } from './wall/AnalystList';
import { ScannerTiles } from './wall/ScannerTiles';
import { SiteChart } from './wall/SiteChart';
import { useWallScreen } from './wall/useWallScreen';
import { WallAlerts } from './wall/WallAlerts';
import { WallKpis } from './wall/WallKpis';
import './wall/screen.css';
import './wall/tiles.css';

function Connection({
  live,
  error,
  fetchedAt,
  zone,
}: {
  live: string;
  error: string | null;
  fetchedAt: number | null;
  zone?: string;
}) {
  const ok = live === 'live' && !error;
  const text =
    live === 'live'
      ? error
        ? t('wall:conn.notAnswering')
        : t('wall:conn.live')
      : live === 'connecting'
        ? t('wall:conn.connecting')
        : t('wall:conn.reconnecting');
  return (
    <span
      class={`wall-conn wall-conn--${ok ? 'live' : 'down'}`}
      role="status"
      data-testid="wall-connection"
      data-live={live}
    >
      {text}
      {fetchedAt && (
        <span class="wall-conn__time">
          {' · '}
          {t('wall:conn.updated', { time: formatTime(fetchedAt, { zone, seconds: true }) })}
        </span>
      )}
    </span>
  );
}

export function WallPage() {
  const { data, error, live, fetchedAt, sounds, soundOn, toggleSound, acknowledge } = useWallScreen();
  const now = useNow(1000);
  const zone = data?.timezone;
  const title = t('common:page.wall');
  useEffect(() => {
    document.title = `${title} · CIPS`;
  }, [title]);
  return (
    <section class="wall-screen" data-testid="wall" aria-labelledby="page-title">
      <header class="wall-head">
        <h1 id="page-title">{title}</h1>
        <Connection live={live} error={error} fetchedAt={fetchedAt} zone={zone} />
        <button
          type="button"
          class={`wall-sound${soundOn ? ' wall-sound--on' : ''}`}
          aria-pressed={soundOn}
          onClick={toggleSound}
          data-testid="wall-sound"
          data-sounds={sounds}
        >
          {soundOn ? t('wall:sound.on') : t('wall:sound.off')}
        </button>
        {zone && (
          <span class="wall-clock" data-testid="wall-clock" data-zone={zone}>
            {formatTime(now, { zone })} <span class="wall-clock__zone">{zoneName(zone, now)}</span>
          </span>
        )}
        <nav class="wall-links" aria-label={t('wall:tools')}>
          <Link href="/wall/queue">{t('common:page.queue')}</Link>
          <Link href="/equipment">{t('common:page.equipment')}</Link>
          <Link href="/reports">{t('wall:reports')}</Link>
        </nav>
      </header>
      {!data && (
        <p class={`wall-loading${error ? ' message message--error' : ' muted'}`} role={error ? 'alert' : 'status'}>
          {error ?? t('wall:loading')}
        </p>
      )}
      {data && (
        <>
          <AlarmBanner alarms={data.queue_alarms} zone={data.timezone} onAck={acknowledge} />
          <WallKpis data={data} fetchedAt={fetchedAt ?? now} now={now} />
          <ScannerTiles
            scanners={data.scanners}
            scansToday={data.scans_today_by_scanner ?? {}}
            now={now}
            zone={data.timezone}
          />
          <SiteChart sites={data.scans_per_hour_by_site} zone={data.timezone} />
          <div class="wall-column">
            <WallAlerts alerts={data.alerts} alarms={data.queue_alarms} zone={data.timezone} />
            <AnalystList rows={data.analyst_list ?? []} now={now} />
          </div>
        </>
      )}
    </section>
  );
}
