"""Queueing a job, and queueing one while waiting for its answer."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask
from flask.globals import app_ctx  # its .app is current_app unproxied, and typed
from huey import Huey

from app.jobs import registry
from app.jobs.consumer import ensure_embedded
from app.jobs.errors import TaskError
from app.jobs.queue import huey_for, wrapper
from app.jobs.workers import is_alive

log = logging.getLogger(__name__)
_LOST = object()


def enqueue(job: registry.Job, *args: Any, delay: float | None = None) -> str:
    app = app_ctx.app
    task = wrapper(app, job).s(*args, delay=delay) if delay else wrapper(app, job).s(*args)
    huey_for(app).enqueue(task)
    ensure_embedded(app)
    return str(task.id)


def call(job: registry.Job, *args: Any, timeout: float | None = None) -> Any:
    """Queue an awaited job and wait for its result without holding anything else.

    A consumer killed while running it never answers: when the job's marker names a
    consumer that stopped beating, the job is queued again (jobs are idempotent)."""
    app = app_ctx.app
    huey = huey_for(app)
    deadline = time.monotonic() + (timeout or app.config["DECODE_TIMEOUT_SECONDS"])
    while True:
        task = wrapper(app, job).s(*args)
        huey.enqueue(task)
        ensure_embedded(app)
        outcome = _wait(app, huey, task.id, deadline)
        if outcome is _LOST:
            log.warning("job %s (%s) was lost with its consumer; queueing it again", job.name, task.id)
            continue
        if not outcome["ok"]:
            raise TaskError(outcome["kind"], outcome["message"])
        return outcome["result"]


def _wait(app: Flask, huey: Huey, task_id: str, deadline: float) -> Any:
    """Block on the result (Redis wakes us at once; SQLite is polled every 50 ms), and
    every two seconds ask whether the consumer running the job is still alive, or, when
    no consumer has marked it, whether it is still queued."""
    nowhere = 0
    while time.monotonic() < deadline:
        if huey.storage.wait_result(task_id, timeout=min(2.0, max(0.05, deadline - time.monotonic())), max_delay=0.05):
            value = huey.get(task_id)
            if isinstance(value, dict) and "ok" in value:
                return value
            # Huey's own error record: the job failed outside our wrapper.
            return {"ok": False, "kind": "TaskFailed", "message": str(value)}
        runner = huey.get(f"running:{task_id}", peek=True)
        if runner is not None:
            nowhere = 0
            if not is_alive(app, runner):
                huey.delete(f"running:{task_id}")
                return _LOST
        elif _queued(huey, task_id):
            nowhere = 0
        else:
            # Neither queued, nor marked, nor answered: a consumer took the job off the
            # queue and died before marking it. The moment between a live consumer's take
            # and its mark looks the same, so only twice in a row, two seconds apart.
            nowhere += 1
            if nowhere >= 2:
                return _LOST
    raise TaskError("Timeout", "no worker finished the job in time; try again shortly")


def _queued(huey: Huey, task_id: str) -> bool:
    # Asked every 2 s by each registration whose decode waits in the queue, and a queue
    # left by stopped workers can hold thousands of jobs: look for the id in the stored
    # messages' bytes, and unpickle them only to confirm that it is not there.
    messages = huey.storage.enqueued_items()
    needle = task_id.encode()
    if any(needle in message for message in messages):
        return True
    return any(huey.deserialize_task(message).id == task_id for message in messages)
