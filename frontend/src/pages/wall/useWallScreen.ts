// The wall screen's data: GET /api/v1/wall, refetched (at most once a second)
// on the events that change it, after a reconnection and every 30 s. A
// scanner's status, an analyst's state, a new alert or queue alarm show at
// once, before the refetch. A queue alarm raised sounds (once the supervisor
// has turned the sound on: browsers keep audio locked until a click).

import { useEffect, useRef, useState } from 'preact/hooks';
import { beep, unlockAudio } from '../../beep';
import { ackQueueAlarm, alertOf, fetchWall, upsert } from '../../equipment';
import type { AnalystRow, QueueAlarm, ScannerStatus, WallInfo } from '../../equipment';
import { t } from '../../i18n';
import { useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';

const REFRESH_MS = 30_000;
const SETTLE_MS = 1_000;
const SOUND_KEY = 'cips.wall.sound';

export interface WallScreen {
  data: WallInfo | null;
  error: string | null;
  live: LiveStatus;
  /** When `data` arrived (ms), for ticking waits and the "updated" time. */
  fetchedAt: number | null;
  /** How many alarms sounded since the page opened. */
  sounds: number;
  soundOn: boolean;
  toggleSound(): void;
  acknowledge(alarmId: number): void;
}

function withAnalyst(d: WallInfo, row: AnalystRow): WallInfo {
  const list = upsert(d.analyst_list ?? [], row);
  return {
    ...d,
    analyst_list: list,
    analysts: {
      online: list.filter((r) => r.state === 'ready' || r.state === 'working').length,
      busy: list.filter((r) => r.state === 'working').length,
    },
  };
}

function withAlarm(d: WallInfo, alarm: QueueAlarm): WallInfo {
  // Ended and acknowledged: nothing left to see.
  const list = upsert(d.queue_alarms ?? [], alarm, true).filter((a) => !(a.cleared_at && a.acknowledged_at));
  return { ...d, queue_alarms: list };
}

function storedSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === '1';
  } catch {
    return false;
  }
}

export function useWallScreen(): WallScreen {
  const [data, setData] = useState<WallInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetchedAt, setFetchedAt] = useState<number | null>(null);
  const [sounds, setSounds] = useState(0);
  const [soundOn, setSoundOn] = useState(storedSound);
  const timer = useRef<number | null>(null);
  const soundRef = useRef(soundOn);
  soundRef.current = soundOn;

  const reload = useCoalesced(async () => {
    try {
      const next = await fetchWall();
      setData(next);
      setFetchedAt(Date.now());
      setError(null);
    } catch (err) {
      setError(errorText(err, t('wall:loadFailed')));
    }
  });
  /** Bursts of events cost one fetch. */
  const soon = () => {
    if (timer.current === null) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        reload();
      }, SETTLE_MS);
    }
  };
  const sound = () => {
    setSounds((n) => n + 1);
    if (soundRef.current) beep('suspect');
  };

  const live = useLiveEvents(
    {
      'equipment.status': (s: ScannerStatus) => {
        if (s && typeof s.id === 'number') setData((d) => (d ? { ...d, scanners: upsert(d.scanners, s) } : d));
        soon();
      },
      'equipment.alert': (payload: unknown) => {
        const a = alertOf(payload);
        if (a) setData((d) => (d ? { ...d, alerts: upsert(d.alerts, a, true) } : d));
        soon();
      },
      'analyst.state': (row: AnalystRow) => {
        setData((d) => (d ? withAnalyst(d, row) : d));
      },
      'queue.alarm': (alarm: QueueAlarm) => {
        if (!alarm.cleared_at && !alarm.acknowledged_at) sound();
        setData((d) => (d ? withAlarm(d, alarm) : d));
        soon();
      },
      'queue.changed': soon,
      'scan.ready': soon,
      'scan.failed': soon,
      'inspection.recorded': soon,
    },
    () => reload(),
  );

  useEffect(() => {
    reload();
    const tick = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(tick);
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [reload]);

  const toggleSound = () => {
    const next = !soundRef.current;
    if (next) unlockAudio();
    try {
      localStorage.setItem(SOUND_KEY, next ? '1' : '0');
    } catch {
      // A wall without storage asks again after a reload.
    }
    setSoundOn(next);
  };
  const acknowledge = (id: number) => {
    ackQueueAlarm(id).then(
      (alarm) => setData((d) => (d ? withAlarm(d, alarm) : d)),
      (err: unknown) => setError(errorText(err, t('wall:alarm.ackFailed'))),
    );
  };

  return { data, error, live, fetchedAt, sounds, soundOn, toggleSound, acknowledge };
}
