"""The durable journal: every scan the agent has seen and how far it got.

States: new -> uploading -> uploaded -> registered -> archived, or quarantined.
Each step is committed before the next starts, so a restart resumes where it stopped."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FINAL = ("archived", "quarantined")
ACTIVE = ("new", "uploading", "uploaded", "registered")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    scan_uid TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    meta TEXT NOT NULL,          -- registration metadata without files
    files TEXT NOT NULL,         -- [{"path","name","role","size","sha256","upload","done"}]
    scan_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0,
    error TEXT,
    sent INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    started_at REAL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class Entry:
    scan_uid: str
    state: str
    meta: dict[str, Any]
    files: list[dict[str, Any]]
    scan_id: int | None = None
    attempts: int = 0
    next_try: float = 0.0
    error: str | None = None
    sent: int = 0
    total: int = 0
    started_at: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Journal:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # scans
    def add(self, scan_uid: str, meta: dict[str, Any], files: list[dict[str, Any]]) -> bool:
        now = time.time()
        total = sum(f["size"] for f in files)
        rows = self._exec(
            "INSERT OR IGNORE INTO scans (scan_uid, state, meta, files, total, created_at, updated_at) "
            "VALUES (?, 'new', ?, ?, ?, ?, ?) RETURNING scan_uid",
            (scan_uid, json.dumps(meta), json.dumps(files), total, now, now),
        )
        return bool(rows)

    def known(self, scan_uid: str) -> bool:
        return bool(self._exec("SELECT 1 FROM scans WHERE scan_uid = ?", (scan_uid,)))

    def active_uids(self) -> set[str]:
        return {
            r[0]
            for r in self._exec(f"SELECT scan_uid FROM scans WHERE state IN ({','.join('?' * len(ACTIVE))})", ACTIVE)
        }

    def get(self, scan_uid: str) -> Entry | None:
        rows = self._exec(
            "SELECT scan_uid, state, meta, files, scan_id, attempts, next_try, error, sent, total, "
            "started_at FROM scans WHERE scan_uid = ?",
            (scan_uid,),
        )
        return _entry(rows[0]) if rows else None

    def due(self, now: float, exclude: set[str], limit: int) -> list[Entry]:
        rows = self._exec(
            "SELECT scan_uid, state, meta, files, scan_id, attempts, next_try, error, sent, total, started_at "
            f"FROM scans WHERE state IN ({','.join('?' * len(ACTIVE))}) AND next_try <= ? "
            "ORDER BY created_at",
            (*ACTIVE, now),
        )
        return [_entry(r) for r in rows if r[0] not in exclude][:limit]

    def save(self, entry: Entry) -> None:
        self._exec(
            "UPDATE scans SET state=?, files=?, scan_id=?, attempts=?, next_try=?, error=?, sent=?, total=?, "
            "started_at=?, updated_at=? WHERE scan_uid=?",
            (
                entry.state,
                json.dumps(entry.files),
                entry.scan_id,
                entry.attempts,
                entry.next_try,
                entry.error,
                entry.sent,
                entry.total,
                entry.started_at,
                time.time(),
                entry.scan_uid,
            ),
        )

    def progress(self, scan_uid: str, sent: int) -> None:
        self._exec("UPDATE scans SET sent=?, updated_at=? WHERE scan_uid=?", (sent, time.time(), scan_uid))

    def counts(self) -> dict[str, int]:
        return dict(self._exec("SELECT state, COUNT(*) FROM scans GROUP BY state"))

    def rows(self, states: tuple[str, ...]) -> list[Entry]:
        rows = self._exec(
            "SELECT scan_uid, state, meta, files, scan_id, attempts, next_try, error, sent, total, started_at "
            f"FROM scans WHERE state IN ({','.join('?' * len(states))}) ORDER BY created_at",
            states,
        )
        return [_entry(r) for r in rows]

    # outbox of equipment events (kept until the centre took them)
    def queue_event(self, event: dict[str, Any]) -> None:
        self._exec("INSERT INTO outbox (body) VALUES (?)", (json.dumps(event),))

    def pending_events(self, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        return [(i, json.loads(b)) for i, b in self._exec("SELECT id, body FROM outbox ORDER BY id LIMIT ?", (limit,))]

    def drop_events(self, ids: list[int]) -> None:
        self._exec(f"DELETE FROM outbox WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))

    # small key/value facts for `status`
    def put(self, key: str, value: Any) -> None:
        self._exec("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def fetch(self, key: str, default: Any = None) -> Any:
        rows = self._exec("SELECT value FROM kv WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default


def _entry(row: tuple[Any, ...]) -> Entry:
    uid, state, meta, files, scan_id, attempts, next_try, error, sent, total, started = row
    return Entry(
        uid, state, json.loads(meta), json.loads(files), scan_id, attempts, next_try, error, sent, total, started
    )
