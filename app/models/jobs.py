"""What the task queue cannot keep for itself: which consumer processes are alive,
and when each periodic chore last ran (so it runs once per deployment)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db

WORKER_KINDS = ("embedded", "worker")


class WorkerProcess(db.Model):
    """A process that runs jobs; it writes `seen_at` every few seconds while alive."""

    __tablename__ = "worker_processes"
    __table_args__ = (sa.CheckConstraint(in_list("kind", WORKER_KINDS), name="kind"),)
    id: so.Mapped[str] = so.mapped_column(sa.String(80), primary_key=True)  # host:pid:random
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    host: so.Mapped[str] = so.mapped_column(sa.String(255))
    pid: so.Mapped[int] = so.mapped_column()
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    seen_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    jobs_done: so.Mapped[int] = so.mapped_column(default=0, server_default="0")


class ChoreRun(db.Model):
    """One row per periodic chore. A process claims a round with a conditional UPDATE
    of `next_run_at`; whoever's UPDATE matched queues the chore, everyone else skips."""

    __tablename__ = "chores"
    name: so.Mapped[str] = so.mapped_column(sa.String(120), primary_key=True)
    next_run_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_run_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_run_by: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    runs: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
