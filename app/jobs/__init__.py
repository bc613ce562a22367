"""Work off the request path, on a Huey task queue (SQLite in the instance folder, or
Redis when CIPS_REDIS_URL is set).

- `@task(...)` declares a job, a plain function of JSON-able arguments, run in an app
  context by a consumer; `job.enqueue(*args)` queues it, `job(*args)` runs it here.
- `@chore(interval_key)` declares a job run every `config[interval_key]` seconds, once
  per deployment however many processes run (app.jobs.beat).
- `call(job, *args)` queues a job and waits for its result (a registration's decode),
  queueing it again if the consumer running it died.
- `cpu(fn, **kwargs)` runs a pure CPU-bound function in a worker process.

Huey delivers a message at most once: a process killed mid-job loses it. So the
database stays the record of work (a scan stays `processing`, a delivery `pending`)
and a chore queues again whatever a dead consumer held."""

from __future__ import annotations

from typing import Any, Callable

from app.jobs.errors import TaskError
from app.jobs.registry import Job, chore, task

__all__ = ["Job", "TaskError", "call", "chore", "cpu", "task"]


def call(job: Job, *args: Any, timeout: float | None = None) -> Any:
    from app.jobs.calls import call as _call  # keeps `import app.jobs` light for the pool's workers

    return _call(job, *args, timeout=timeout)


def cpu(fn: Callable[..., Any], **kwargs: Any) -> Any:
    from app.jobs.offload import cpu as _cpu  # as above

    return _cpu(fn, **kwargs)
