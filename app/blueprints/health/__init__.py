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
from flask import Blueprint, current_app, jsonify

from app.blueprints.storage import store as image_store
from app.extensions import db
from app.jobs import workers
from app.jobs.queue import queue_depth
from app.security import public

bp = Blueprint("health", __name__, url_prefix="/api/v1")


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


@bp.get("/health")
@public
def health():
    database = _database()
    body = {"status": "ok" if database == "ok" else "degraded", "database": database}
    return jsonify(body), 200 if database == "ok" else 503


@bp.get("/health/live")
@public
def live():
    return jsonify({"status": "ok"})


@bp.get("/health/ready")
@public
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
            "workers": [{"id": w.id, "kind": w.kind, "seen_at": w.seen_at.isoformat(), "jobs_done": w.jobs_done}
                        for w in consumers]}
    return jsonify(body), 200 if ok else 503


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
