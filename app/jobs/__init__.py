"""Work that runs off the request path.

Tasks are plain importable functions taking and returning JSON-able values, so a
real queue (Redis) can run them later unchanged. The embedded default runs them
in long-lived worker processes (`app.jobs.pool`): numpy and Pillow then use
both cores without stalling the gevent loop, and a decoder that crashes takes
down a worker, not the server."""

from __future__ import annotations

from typing import Any, Callable

from flask import current_app

from app.jobs.pool import TaskError, WorkerPool

__all__ = ["TaskError", "WorkerPool", "call", "pool", "submit"]


def pool(app=None) -> WorkerPool:
    app = app or current_app._get_current_object()
    existing = app.extensions.get("cips_pool")
    if existing is None:
        existing = app.extensions["cips_pool"] = WorkerPool(app.config["WORKER_PROCESSES"])
    return existing


def call(task: str, **kwargs: Any) -> Any:
    """Run `task` in a worker and wait; only the calling greenlet/thread waits."""
    return pool().call(task, kwargs)


def submit(task: str, kwargs: dict[str, Any], then: Callable[[Any, Exception | None], None]) -> None:
    """Run `task` in the background, then `then(result, error)` inside an app context."""
    from app.extensions import socketio

    app = current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            try:
                result, error = pool(app).call(task, kwargs), None
            except Exception as exc:  # the task's failure is data for `then`
                result, error = None, exc
            try:
                then(result, error)
            except Exception:
                app.logger.exception("completion of task %s failed", task)

    socketio.start_background_task(run)
