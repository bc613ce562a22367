"""Liveness and readiness for load balancers and the supervisors' wall.

`/health/live`: the process answers (nothing else is checked: a load balancer must
not restart every web process because the database blinked). `/health/ready`: this
process can do its work: database, Redis when configured, the image store, and at
least one live job consumer; with the queue's depth for whoever watches it."""

from __future__ import annotations

import os
import tempfile

import redis
import sqlalchemy as sa
from typing import Literal

from flask import Blueprint, current_app
from pydantic import Field

from app.blueprints.storage import store as image_store
from app.extensions import db
from app.jobs import workers
from app.jobs.queue import queue_depth
from app.security import public
from app.validation import Out, UtcDateTime, reply, responds

bp = Blueprint("health", __name__, url_prefix="/api/v1")

Check = Literal["ok", "unavailable"]


class HealthOut(Out):
    status: Literal["ok", "degraded"] = Field(description="degraded (503): the database does not answer")
    database: Check


class LiveOut(Out):
    status: Literal["ok"]


class ReadyChecks(Out):
    database: Check
    redis: Literal["ok", "unavailable", "not configured"]
    store: Check
    queue: Check
    workers: Literal["ok", "none alive"]


class WorkerOut(Out):
    id: str = Field(description="host:pid:random")
    kind: str
    seen_at: UtcDateTime
    jobs_done: int


class ReadyOut(Out):
    status: Literal["ok", "degraded"] = Field(description="degraded (503): a check is not ok")
    checks: ReadyChecks
    queue_depth: int | None = Field(description="jobs waiting; null: the queue's storage does not answer")
    workers: list[WorkerOut] = Field(description="the job consumers seen alive lately")


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


@bp.get("/health")
@public
@responds({200: HealthOut, 503: HealthOut})
def health():
    database = _database()
    body = {"status": "ok" if database == "ok" else "degraded", "database": database}
    return reply(body, 200 if database == "ok" else 503)


@bp.get("/health/live")
@public
@responds(LiveOut)
def live():
    return reply({"status": "ok"})


@bp.get("/health/ready")
@public
@responds({200: ReadyOut, 503: ReadyOut})
def ready():
    checks = {"database": _database(), "redis": _redis(), "store": _store()}
    try:
        depth = queue_depth(current_app)
        checks["queue"] = "ok"
    except Exception:  # the queue's storage is Redis or a SQLite file: report, don't crash
        depth, checks["queue"] = None, "unavailable"
    consumers = workers.alive(current_app) if checks["database"] == "ok" else []
    checks["workers"] = "ok" if consumers else "none alive"
    ok = all(v in ("ok", "not configured") for v in checks.values())
    body = {"status": "ok" if ok else "degraded", "checks": checks, "queue_depth": depth,
            "workers": consumers}
    return reply(body, 200 if ok else 503)


def _redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
        return "ok"
    except redis.RedisError:
        return "unavailable"


def _store() -> str:
    """The local folder (the store, or scratch and cache beside a bucket) is writable,
    and a bucket, when it is the store of record, answers."""
    folder = current_app.config["STORE_PATH"]
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".health-"):
            pass
    except OSError:
        return "unavailable"
    objects = image_store.objects()
    if not objects.local:
        try:
            objects.ping()
        except Exception:  # any client or network error: report, don't crash
            return "unavailable"
    return "ok"
