"""Periodic chores, once per deployment however many processes run.

Every consumer looks at the `chores` table each second; a chore that is due is
claimed with a conditional UPDATE of its `next_run_at`. Under PostgreSQL's row lock
and SQLite's single writer only one UPDATE matches, and only that process queues the
chore. (Huey's own periodic tasks would run in every consumer, and by the minute.)"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from app.database import utcnow
from app.extensions import db
from app.jobs import registry
from app.models import ChoreRun

log = logging.getLogger(__name__)


def ensure_rows() -> None:
    known = set(db.session.scalars(sa.select(ChoreRun.name)))
    for chore in registry.chores():
        if chore.job.name in known:
            continue
        try:
            db.session.add(ChoreRun(name=chore.job.name, next_run_at=utcnow()))
            db.session.commit()
        except IntegrityError:  # another process created it first
            db.session.rollback()


def run_due(app: Flask, worker_id: str) -> list[str]:
    """Claim and queue every due chore; returns the names this process queued."""
    now = utcnow()
    due = {name for name, at in db.session.execute(sa.select(ChoreRun.name, ChoreRun.next_run_at)) if at <= now}
    db.session.rollback()  # end the read before the claims
    claimed = []
    for chore in registry.chores():
        interval = app.config.get(chore.interval_key)
        if chore.job.name not in due or not interval:
            continue
        won = cast(
            "sa.CursorResult[Any]",
            db.session.execute(
                sa.update(ChoreRun)
                .where(ChoreRun.name == chore.job.name, ChoreRun.next_run_at <= now)
                .values(
                    next_run_at=now + timedelta(seconds=float(interval)),
                    last_run_at=now,
                    last_run_by=worker_id,
                    runs=ChoreRun.runs + 1,
                )
            ),
        ).rowcount
        if won:
            claimed.append(chore)
    # One commit for every claim: under `cips serve` this runs on the web server's loop
    # each second, and requests and sockets wait while a commit syncs the disk.
    db.session.commit()
    for chore in claimed:
        chore.job.enqueue()
    return [chore.job.name for chore in claimed]
