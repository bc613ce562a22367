// Inspection drafts and records waiting to be sent, kept in IndexedDB so a
// dead Wi-Fi (or a reload, or a flat battery) loses nothing the officer typed
// or photographed. Each record carries a key chosen here once (client_key):
// however often it is sent — a lost answer, two tabs — the server stores it
// once and answers the same record, and only then is it removed here.

import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import { ApiError } from '../../api';
import { postInspection } from '../../inspections';
import type { Finding, Inspection, InspectionRecord, Outcome } from '../../inspections';

export interface PhotoBlob {
  /** Stable within a draft (list keys, removal). */
  id: string;
  name: string;
  blob: Blob;
  width: number;
  height: number;
}

export interface DraftForm {
  outcome: Outcome | null;
  findings: string;
  items: Finding[];
  hs_code: string;
  seals_before: string;
  seals_after: string;
  officers_present: string;
}

export interface Draft {
  scanId: number;
  form: DraftForm;
  photos: PhotoBlob[];
  savedAt: number;
}

export type PendingState = 'waiting' | 'rejected';

export interface Pending {
  key: string;
  scanId: number;
  /** Container number or plate, to name it in the "waiting to send" list. */
  label: string;
  record: InspectionRecord;
  photos: PhotoBlob[];
  createdAt: number;
  state: PendingState;
  attempts: number;
  /** The last failure: a network error while waiting, the server's refusal when rejected. */
  error: string | null;
}

interface OfficerDB extends DBSchema {
  drafts: { key: number; value: Draft };
  outbox: { key: string; value: Pending };
}

let dbPromise: Promise<IDBPDatabase<OfficerDB>> | null = null;

function db(): Promise<IDBPDatabase<OfficerDB>> {
  dbPromise ??= openDB<OfficerDB>('cips-officer', 1, {
    upgrade(d) {
      d.createObjectStore('drafts', { keyPath: 'scanId' });
      d.createObjectStore('outbox', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

// --- change notices (this tab and the others) ---------------------------------

export type OutboxNotice = { kind: 'changed' } | { kind: 'sent'; inspection: Inspection };
type Listener = (n: OutboxNotice) => void;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('cips-officer-outbox') : null;
channel?.addEventListener('message', (e: MessageEvent<OutboxNotice>) => listeners.forEach((l) => l(e.data)));

function notify(n: OutboxNotice): void {
  listeners.forEach((l) => l(n));
  channel?.postMessage(n);
}

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

// --- drafts -----------------------------------------------------------------------

export async function loadDraft(scanId: number): Promise<Draft | null> {
  return (await (await db()).get('drafts', scanId)) ?? null;
}

export async function saveDraft(draft: Draft): Promise<void> {
  await (await db()).put('drafts', draft);
}

export async function deleteDraft(scanId: number): Promise<void> {
  await (await db()).delete('drafts', scanId);
}

// --- the outbox ---------------------------------------------------------------------

/** 128 random bits as hex (getRandomValues works outside secure contexts, randomUUID does not). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newKey(): string {
  return `insp-${randomId()}`;
}

export async function listPending(): Promise<Pending[]> {
  return (await (await db()).getAll('outbox')).sort((a, b) => a.createdAt - b.createdAt);
}

/** Queue the record (its draft goes in the same transaction) and try to send it at once. */
export async function enqueue(p: Omit<Pending, 'state' | 'attempts' | 'error' | 'createdAt'>): Promise<void> {
  const d = await db();
  const tx = d.transaction(['outbox', 'drafts'], 'readwrite');
  await Promise.all([
    tx.objectStore('outbox').put({ ...p, state: 'waiting', attempts: 0, error: null, createdAt: Date.now() }),
    tx.objectStore('drafts').delete(p.scanId),
    tx.done,
  ]);
  notify({ kind: 'changed' });
  void flush();
}

export async function discard(key: string): Promise<void> {
  await (await db()).delete('outbox', key);
  notify({ kind: 'changed' });
}

/** Try a rejected record again (e.g. after the officer signed in again). */
export async function retry(key: string): Promise<void> {
  const d = await db();
  const p = await d.get('outbox', key);
  if (p) await d.put('outbox', { ...p, state: 'waiting', error: null });
  notify({ kind: 'changed' });
  void flush();
}

/** A refusal that sending again will not change (not the network, not the server's load). */
function final(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status);
}

async function sendAll(): Promise<void> {
  const d = await db();
  for (const p of await listPending()) {
    if (p.state !== 'waiting') continue;
    try {
      const inspection = await postInspection(p.scanId, p.record, p.photos);
      await d.delete('outbox', p.key);
      notify({ kind: 'sent', inspection });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const now = await d.get('outbox', p.key);
      if (now) {
        await d.put('outbox', {
          ...now,
          attempts: now.attempts + 1,
          error: message,
          ...(final(err) ? { state: 'rejected' } : {}),
        });
      }
      notify({ kind: 'changed' });
      if (!final(err)) return; // the link or the server is down: the rest waits too
    }
  }
}

let running: Promise<void> | null = null;

/**
 * Send what waits. One sender per tab at a time, and with Web Locks one per
 * browser; a record sent twice anyway (a lock-less browser, a lost answer) is
 * stored once by the server.
 */
export function flush(): Promise<void> {
  running ??= (async () => {
    try {
      if (navigator.locks) await navigator.locks.request('cips-inspection-outbox', sendAll);
      else await sendAll();
    } catch {
      // IndexedDB unavailable or closed: the next flush tries again.
    } finally {
      running = null;
    }
  })();
  return running;
}
