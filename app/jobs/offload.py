"""CPU-bound steps of a job (decoding, pyramids): never on the web server's event loop.

Under `cips serve` the embedded consumer hands them to the local pool of worker
processes (app.jobs.pool, cooperative pipes); a `cips worker` process is itself the
worker and runs them in-line."""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from flask.globals import app_ctx  # its .app is current_app unproxied, and typed

from app.jobs.errors import TaskError
from app.jobs.pool import WorkerPool

INLINE = "cips_cpu_inline"


def local_pool(app: Flask) -> WorkerPool:
    existing = app.extensions.get("cips_pool")
    if existing is None:
        existing = app.extensions["cips_pool"] = WorkerPool(app.config["WORKER_PROCESSES"])
    return existing


def cpu(fn: Callable[..., Any], **kwargs: Any) -> Any:
    app = app_ctx.app
    if app.extensions.get(INLINE):
        try:
            return fn(**kwargs)
        except Exception as exc:  # the same shape as a failure in the pool
            raise TaskError(type(exc).__name__, str(exc)) from exc
    return local_pool(app).call(f"{fn.__module__}:{fn.__qualname__}", kwargs)
