"""Server-side sign-in sessions (table `sessions`): started at sign-in, checked on
every request and Socket.IO connection, ended by logout, idleness, age, or a change
of the person's access (app.blueprints.auth.subscriptions).

Flask's signed cookie carries only the session's random id; ending the row makes a
copied cookie worthless at once (finding 7). Live Socket.IO connections are recorded
per session so that ending it closes them too, in whichever process holds them."""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request, session

from app import settings
from app.database import as_utc, utcnow
from app.extensions import db, socketio
from app.models import User, UserSession

COOKIE_KEY = "sid"
# last_seen is written at most this often: a write per request would cost more than
# the idle timeout's precision is worth (it ends within a minute of the setting).
TOUCH_SECONDS = 60


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def start(user_id: int) -> UserSession:
    """A new session for `user_id`, carried by this request's cookie (the caller commits)."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    record = UserSession(id=_digest(raw), user_id=user_id, created_at=now, last_seen_at=now,
                         address=(request.remote_addr or "")[:64],
                         user_agent=(request.user_agent.string or "")[:255] or None)
    db.session.add(record)
    session[COOKIE_KEY] = raw
    return record


def current_id() -> str | None:
    raw = session.get(COOKIE_KEY)
    return _digest(raw) if isinstance(raw, str) else None


def _end(record: UserSession, reason: str) -> None:
    record.ended_at, record.end_reason = utcnow(), reason[:200]


# Built once: constructing the statement and its cache key cost more than running it.
_HOLDER = (sa.select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
           .where(UserSession.id == sa.bindparam("sid"), User.id == sa.bindparam("user_id")))


def holder(user_id: int) -> User | None:
    """The active account `user_id` if this request's cookie names an open session of it,
    else None; ends the session (idle, expired) when its time is up. The account, its
    roles and the session come in one query: every signed-in request asks."""
    sid = current_id()
    if sid is None:
        return None
    row = db.session.execute(_HOLDER, {"sid": sid, "user_id": user_id}).unique().first()
    if row is None:
        return None
    user, record = row
    return user if user.active and _still_open(record) else None


def _still_open(record: UserSession) -> bool:
    if record.ended_at is not None:
        return False
    now = utcnow()
    last_seen = as_utc(record.last_seen_at)
    if now - last_seen > timedelta(minutes=settings.get("SESSION_IDLE_MINUTES")):
        reason = "idle"
    elif now - as_utc(record.created_at) > timedelta(hours=settings.get("SESSION_MAX_HOURS")):
        reason = "expired"
    else:
        if now - last_seen > timedelta(seconds=TOUCH_SECONDS):
            record.last_seen_at = now
            db.session.commit()
        return True
    _end(record, reason)
    db.session.commit()
    close_sockets([record.id])
    return False


def end_current(reason: str) -> None:
    """End this request's session (logout); the caller commits."""
    sid = current_id()
    record = db.session.get(UserSession, sid) if sid else None
    if record is not None and record.ended_at is None:
        _end(record, reason)
    session.pop(COOKIE_KEY, None)


def end_all(user_id: int, reason: str) -> list[str]:
    """End every open session of `user_id`, commit, and close their live sockets."""
    records = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user_id,
                                                              UserSession.ended_at.is_(None))).all()
    for record in records:
        _end(record, reason)
    db.session.commit()
    ids = [r.id for r in records]
    close_sockets(ids)
    return ids


# --- live Socket.IO connections of each session ----------------------------------


class _MemorySockets:
    """One process: the sockets it holds, by session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_session: dict[str, set[str]] = {}

    def add(self, session_id: str, sid: str, ttl: int) -> None:
        with self._lock:
            self._by_session.setdefault(session_id, set()).add(sid)

    def remove(self, session_id: str, sid: str) -> None:
        with self._lock:
            self._by_session.get(session_id, set()).discard(sid)

    def take(self, session_id: str) -> set[str]:
        with self._lock:
            return self._by_session.pop(session_id, set())


class _RedisSockets:
    """Several processes: one Redis set per session, so any process can name the
    sockets; `socketio.server.disconnect` reaches the process holding each one
    through the message queue."""

    def __init__(self, url: str, namespace: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.ns = f"{namespace}:session-sockets"

    def add(self, session_id: str, sid: str, ttl: int) -> None:
        key = f"{self.ns}:{session_id}"
        self.redis.pipeline().sadd(key, sid).expire(key, ttl).execute()

    def remove(self, session_id: str, sid: str) -> None:
        self.redis.srem(f"{self.ns}:{session_id}", sid)

    def take(self, session_id: str) -> set[str]:
        key = f"{self.ns}:{session_id}"
        sids, _ = self.redis.pipeline().smembers(key).delete(key).execute()
        return set(sids)


def _sockets():
    app = current_app
    registry = app.extensions.get("cips_session_sockets")
    if registry is None:
        url = app.config.get("REDIS_URL")
        registry = _RedisSockets(url, app.config["REDIS_CHANNEL"]) if url else _MemorySockets()
        app.extensions["cips_session_sockets"] = registry
    return registry


def attach_socket(sid: str) -> None:
    """Called on Socket.IO connect: this socket lives and dies with the session."""
    session_id = current_id()
    if session_id:
        _sockets().add(session_id, sid, settings.get("SESSION_MAX_HOURS") * 3600)


def detach_socket(sid: str) -> None:
    session_id = current_id()
    if session_id:
        _sockets().remove(session_id, sid)


def close_sockets(session_ids: list[str]) -> None:
    for session_id in session_ids:
        for sid in _sockets().take(session_id):
            socketio.server.disconnect(sid, namespace="/")
