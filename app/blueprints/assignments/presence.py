"""Which analysts' workstations are online: a connected socket and "ready".

Kept in the server process (the embedded default runs one); several processes
would keep it in Redis behind the same methods."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class _Workstation:
    sids: set[str] = field(default_factory=set)
    ready: bool = False
    disconnected_at: float | None = None  # monotonic seconds


class Presence:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stations: dict[int, _Workstation] = {}

    def connect(self, user_id: int, sid: str) -> None:
        with self._lock:
            station = self._stations.setdefault(user_id, _Workstation())
            station.sids.add(sid)
            station.disconnected_at = None

    def disconnect(self, user_id: int, sid: str) -> None:
        with self._lock:
            station = self._stations.get(user_id)
            if station is None:
                return
            station.sids.discard(sid)
            if not station.sids:
                # "ready" survives a short drop (flaky links); the sweeper ends it after the grace period.
                station.disconnected_at = time.monotonic()

    def set_ready(self, user_id: int, ready: bool) -> bool:
        with self._lock:
            station = self._stations.get(user_id)
            if station is None or not station.sids:
                return False
            station.ready = ready
            return ready

    def is_online(self, user_id: int) -> bool:
        with self._lock:
            station = self._stations.get(user_id)
            return bool(station and station.sids and station.ready)

    def state(self, user_id: int) -> dict:
        with self._lock:
            station = self._stations.get(user_id) or _Workstation()
            return {"connected": bool(station.sids), "ready": station.ready}

    def gone_longer_than(self, seconds: float) -> list[int]:
        """Users disconnected for more than `seconds`; they are no longer ready."""
        now = time.monotonic()
        with self._lock:
            gone = [uid for uid, s in self._stations.items()
                    if not s.sids and s.disconnected_at is not None and now - s.disconnected_at > seconds]
            for uid in gone:
                self._stations[uid].ready = False
                self._stations[uid].disconnected_at = None
            return gone

    def known(self) -> dict[int, dict]:
        with self._lock:
            return {uid: {"connected": bool(s.sids), "ready": s.ready} for uid, s in self._stations.items()}


def presence(app=None) -> Presence:
    from flask import current_app

    app = app or current_app
    return app.extensions.setdefault("cips_presence", Presence())
