"""Which consumer processes are alive: each writes `seen_at` every few seconds.

Reads use a connection of their own, not the request's session: a registration
waiting for its decode checks a worker's pulse without holding a transaction."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import Flask

from app.database import utcnow
from app.extensions import db
from app.models import WorkerProcess


def beat(app: Flask, worker_id: str, kind: str, jobs_done: int) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        updated = conn.execute(
            sa.update(WorkerProcess).where(WorkerProcess.id == worker_id).values(seen_at=now, jobs_done=jobs_done)
        ).rowcount
        if not updated:
            conn.execute(
                sa.insert(WorkerProcess).values(
                    id=worker_id,
                    kind=kind,
                    host=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started_at=now,
                    seen_at=now,
                    jobs_done=jobs_done,
                )
            )


def _alive_since(app: Flask) -> datetime:
    return utcnow() - timedelta(seconds=app.config["WORKER_DEAD_SECONDS"])


def is_alive(app: Flask, worker_id: str) -> bool:
    with app.app_context(), db.engine.connect() as conn:
        seen = conn.scalar(sa.select(WorkerProcess.seen_at).where(WorkerProcess.id == worker_id))
    return seen is not None and seen > _alive_since(app)


def alive(app: Flask) -> list[WorkerProcess]:
    """Live consumers, newest heartbeat first (inside an app context)."""
    return list(
        db.session.scalars(
            sa.select(WorkerProcess)
            .where(WorkerProcess.seen_at > _alive_since(app))
            .order_by(WorkerProcess.seen_at.desc())
        )
    )


def alive_ids_clause(app: Flask) -> sa.Select[str]:
    """SQL for 'the ids of live consumers', to use inside a larger statement."""
    return sa.select(WorkerProcess.id).where(WorkerProcess.seen_at > _alive_since(app))


def forget_stopped(app: Flask, older_than: timedelta = timedelta(days=1)) -> int:
    # A DELETE's result is a cursor result, which has the row count; Session.execute is typed as any Result.
    result = cast(
        "sa.CursorResult[Any]",
        db.session.execute(sa.delete(WorkerProcess).where(WorkerProcess.seen_at < utcnow() - older_than)),
    )
    return result.rowcount or 0
