// Live updates over Socket.IO (same origin, the session cookie authenticates).
// One shared connection, opened by the first subscriber and closed with the last.

import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { LiveEvents } from './generated/events';
import { useEffect, useRef, useState } from 'preact/hooks';

export type LiveStatus = 'connecting' | 'live' | 'offline';

let socket: Socket | null = null;
let users = 0;
const RETRY_MS = 10_000;

/**
 * The client retries lost connections by itself, but not one the server
 * refused or closed (e.g. while it restarts): try again later, so wall
 * screens recover unattended.
 */
function retryLater(s: Socket): void {
  window.setTimeout(() => {
    if (socket === s && !s.connected && !s.active) s.connect();
  }, RETRY_MS);
}

function acquire(): Socket {
  users += 1;
  if (!socket) {
    const s = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      withCredentials: true,
      reconnectionDelayMax: 10_000,
    });
    s.on('disconnect', (reason) => reason === 'io server disconnect' && retryLater(s));
    s.on('connect_error', () => !s.active && retryLater(s));
    socket = s;
  }
  return socket;
}

function release(): void {
  users -= 1;
  if (users <= 0 && socket) {
    socket.disconnect();
    socket = null;
    users = 0;
  }
}

/**
 * A handler per server event, typed by the realtime contract (generated from
 * app/channels.py via docs/events.schema.json); `connect` is Socket.IO's own.
 */
export type Handlers = { [E in keyof LiveEvents]?: (payload: LiveEvents[E]) => void } & { connect?: () => void };

/**
 * Subscribe to server events while mounted. `onReconnect` runs after a
 * reconnection (events may have been missed: refetch). Returns the status.
 */
export function useLiveEvents(handlers: Handlers, onReconnect?: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef({ handlers, onReconnect });
  latest.current = { handlers, onReconnect };
  const events = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    const s = acquire();
    let everConnected = s.connected;
    setStatus(s.connected ? 'live' : 'connecting');
    const onConnect = () => {
      setStatus('live');
      if (everConnected) latest.current.onReconnect?.();
      everConnected = true;
    };
    const onDisconnect = () => setStatus('offline');
    const onError = () => setStatus('offline');
    const bound = events
      .split(',')
      .filter(Boolean)
      .map((name) => {
        // The server checked the payload against the contract before it left.
        const fn = (payload: unknown) =>
          (latest.current.handlers[name as keyof Handlers] as ((p: unknown) => void) | undefined)?.(payload);
        s.on(name, fn);
        return [name, fn] as const;
      });
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onError);
    return () => {
      for (const [name, fn] of bound) s.off(name, fn);
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onError);
      release();
    };
  }, [events]);

  return status;
}

/**
 * Send an event on the shared connection and wait for the server's
 * acknowledgement. Rejects when not connected or after `timeoutMs`.
 */
export function emitWithAck<T>(event: string, data: unknown = {}, timeoutMs = 5000): Promise<T> {
  const s = socket;
  if (!s || !s.connected) return Promise.reject(new Error('not connected'));
  return s.timeout(timeoutMs).emitWithAck(event, data) as Promise<T>;
}

export const LIVE_LABELS: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline – reconnecting',
};
