"""Which analysts' workstations are online: a connected socket and "ready".

One box keeps this in the server's memory. Several processes keep it in Redis
(CIPS_REDIS_URL): a socket is a key with a short lifetime that the process holding
the socket renews; a process killed with its sockets simply stops renewing, and its
analysts drop out as if their browsers had gone."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from app.extensions import socketio

log = logging.getLogger(__name__)

SOCKET_TTL_SECONDS = 30  # a socket's key outlives its process by at most this
RENEW_SECONDS = 10


@dataclass
class _Workstation:
    sids: set[str] = field(default_factory=set)
    ready: bool = False
    disconnected_at: float | None = None  # monotonic seconds


class Presence:
    """In memory: the embedded default, one process."""

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

    def renew(self) -> None:
        """Nothing expires in memory."""


class RedisPresence:
    """Shared by every process of a deployment; keys under `<channel>:presence:`."""

    def __init__(self, url: str, namespace: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.ns = f"{namespace}:presence"
        self._local: dict[str, int] = {}  # sockets this process holds -> user id
        self._lock = threading.Lock()

    def _sid(self, sid: str) -> str:
        return f"{self.ns}:sid:{sid}"

    def _sids(self, user_id: int) -> str:
        return f"{self.ns}:sids:{user_id}"

    def _gone(self, user_id: int) -> str:
        return f"{self.ns}:gone:{user_id}"

    @property
    def _ready(self) -> str:
        return f"{self.ns}:ready"

    def connect(self, user_id: int, sid: str) -> None:
        with self._lock:
            self._local[sid] = user_id
        pipe = self.redis.pipeline()
        pipe.set(self._sid(sid), user_id, ex=SOCKET_TTL_SECONDS)
        pipe.sadd(self._sids(user_id), sid)
        pipe.delete(self._gone(user_id))
        pipe.execute()

    def disconnect(self, user_id: int, sid: str) -> None:
        with self._lock:
            self._local.pop(sid, None)
        pipe = self.redis.pipeline()
        pipe.delete(self._sid(sid))
        pipe.srem(self._sids(user_id), sid)
        pipe.execute()
        if not self._live_sids(user_id):
            self.redis.set(self._gone(user_id), time.time(), nx=True)

    def _live_sids(self, user_id: int) -> list[str]:
        sids = sorted(self.redis.smembers(self._sids(user_id)))
        if not sids:
            return []
        alive = self.redis.mget([self._sid(s) for s in sids])
        dead = [s for s, v in zip(sids, alive) if v is None]
        if dead:  # their process died without saying goodbye
            self.redis.srem(self._sids(user_id), *dead)
        return [s for s, v in zip(sids, alive) if v is not None]

    def set_ready(self, user_id: int, ready: bool) -> bool:
        if not self._live_sids(user_id):
            return False
        if ready:
            self.redis.sadd(self._ready, user_id)
        else:
            self.redis.srem(self._ready, user_id)
        return ready

    def is_online(self, user_id: int) -> bool:
        return bool(self.redis.sismember(self._ready, user_id)) and bool(self._live_sids(user_id))

    def state(self, user_id: int) -> dict:
        return {"connected": bool(self._live_sids(user_id)),
                "ready": bool(self.redis.sismember(self._ready, user_id))}

    def gone_longer_than(self, seconds: float) -> list[int]:
        now, gone = time.time(), []
        for member in self.redis.smembers(self._ready):
            uid = int(member)
            if self._live_sids(uid):
                continue
            # A process that died took its sockets without a disconnect: start the clock now.
            self.redis.set(self._gone(uid), now, nx=True)
            since = float(self.redis.get(self._gone(uid)) or now)
            if now - since > seconds:
                self.redis.srem(self._ready, uid)
                self.redis.delete(self._gone(uid))
                gone.append(uid)
        return gone

    def known(self) -> dict[int, dict]:
        users = {int(u) for u in self.redis.smembers(self._ready)}
        for key in self.redis.scan_iter(f"{self.ns}:sids:*"):
            users.add(int(key.rsplit(":", 1)[1]))
        return {uid: self.state(uid) for uid in users}

    def renew(self) -> None:
        with self._lock:
            held = dict(self._local)
        if not held:
            return
        pipe = self.redis.pipeline()
        for sid, user_id in held.items():
            pipe.set(self._sid(sid), user_id, ex=SOCKET_TTL_SECONDS)
            pipe.sadd(self._sids(user_id), sid)
        pipe.execute()


def presence(app=None) -> Presence | RedisPresence:
    app = app or current_app
    existing = app.extensions.get("cips_presence")
    if existing is None:
        url = app.config.get("REDIS_URL")
        existing = RedisPresence(url, app.config["REDIS_CHANNEL"]) if url else Presence()
        app.extensions["cips_presence"] = existing
    return existing


def keep_alive(app) -> None:
    """Renew this process's sockets while it lives (started once by `cips serve`)."""
    def loop() -> None:
        while True:
            socketio.sleep(RENEW_SECONDS)
            try:
                presence(app).renew()
            except Exception:  # Redis away for a moment: the keys outlive a few misses
                log.exception("renewing presence failed")

    socketio.start_background_task(loop)
