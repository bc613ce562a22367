"""The Huey queue of an app: SQLite in the instance folder by default, Redis when
CIPS_REDIS_URL is set; every declared job is registered on it, wrapped so that it runs
in an app context and leaves no database session behind."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, SqliteHuey
from huey.api import TaskWrapper
from huey.storage import PriorityRedisExpireStorage

from app.extensions import db
from app.jobs import registry
from app.jobs.errors import TaskError
from app.jobs.identity import current_consumer_id

log = logging.getLogger(__name__)
# Huey logs every job at INFO: with chores each second that drowns the server's log.
logging.getLogger("huey").setLevel(logging.WARNING)
RESULT_TTL_SECONDS = 3600  # results are read once by the waiting request, at once


def huey_for(app: Flask) -> Huey:
    existing = app.extensions.get("cips_huey")
    if existing is not None:
        return existing
    name = app.config["REDIS_CHANNEL"]
    if app.config.get("REDIS_URL"):
        # notify_result: a waiting registration is woken the moment its decode is done.
        huey = Huey(
            name,
            storage_class=PriorityRedisExpireStorage,
            url=app.config["REDIS_URL"],
            expire_time=RESULT_TTL_SECONDS,
            notify_result=True,
            utc=True,
        )
    else:
        path = Path(app.instance_path) / "queue.db"
        huey = SqliteHuey(name, filename=str(path), utc=True)
    wrappers = {job.name: _register(app, huey, job) for job in registry.jobs()}
    app.extensions["cips_huey"] = huey
    app.extensions["cips_job_wrappers"] = wrappers
    return huey


def _register(app: Flask, huey: Huey, job: registry.Job) -> TaskWrapper:
    def run(*args: Any, task: Any = None) -> Any:
        marker = f"running:{task.id}" if job.awaited and task is not None else None
        if marker:
            huey.put(marker, current_consumer_id())
        try:
            with app.app_context():
                try:
                    if not job.awaited:
                        return job.fn(*args)
                    try:
                        return {"ok": True, "result": job.fn(*args)}
                    except Exception as exc:  # the waiter turns it into an answer
                        if not getattr(exc, "expected", False) and not isinstance(exc, TaskError):
                            log.exception("job %s failed", job.name)
                        return {
                            "ok": False,
                            "kind": getattr(exc, "kind", type(exc).__name__),
                            "message": getattr(exc, "message", str(exc)),
                        }
                finally:
                    db.session.remove()
        finally:
            if marker:
                huey.delete(marker)

    run.__module__ = job.fn.__module__
    return huey.task(
        name=job.fn.__qualname__, priority=job.priority, retries=job.retries, retry_delay=job.retry_delay, context=True
    )(run)


def wrapper(app: Flask, job: registry.Job) -> TaskWrapper:
    huey_for(app)
    return app.extensions["cips_job_wrappers"][job.name]


def queue_depth(app: Flask) -> int:
    return int(huey_for(app).pending_count())
