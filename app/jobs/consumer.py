"""Consumers: the processes that run queued jobs.

- Embedded: `cips serve` (and in-process tests) run the loops as background tasks of
  the app's async mode (greenlets under gevent); CPU-bound steps go to the local pool.
- Standalone: each process of `cips worker` runs one loop in its main thread and the
  CPU-bound steps in-line: the process is the worker.

Every consumer writes a heartbeat (app.jobs.workers), moves jobs whose retry time has
come back into the queue and, unless told not to, queues due chores (once per
deployment, app.jobs.beat)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from flask import Flask

from app.extensions import db, socketio
from app.jobs import beat, registry, workers
from app.jobs.offload import INLINE
from app.jobs.identity import current_consumer_id
from app.jobs.queue import huey_for

log = logging.getLogger(__name__)

_running: dict[int, "Consumer"] = {}  # id(app) -> its consumer in this process
_lock = threading.Lock()


def sleep(seconds: float) -> None:
    time.sleep(seconds)  # cooperative under gevent: `cips serve` patches time.sleep


class Consumer:
    def __init__(self, app: Flask, loops: int, kind: str, beat: bool, spawn: Callable[[Callable[[], None]], Any]):
        self.app = app
        self.loops = max(1, loops)
        self.kind = kind
        self.beat = beat
        self.spawn = spawn
        self.stopped = threading.Event()
        # Set when this process queues a job: an idle loop wakes at once instead of
        # at its next poll (one box: the web process and its consumer are one process).
        self.wake = threading.Event()
        self.jobs_done = 0
        self.idle_delay = (0.05, 0.5) if not app.config.get("REDIS_URL") else (0.0, 0.0)

    def start(self, run_one_loop_here: bool = False) -> None:
        self.spawn(self._heartbeat)
        self.spawn(self._beat)
        for _ in range(self.loops - (1 if run_one_loop_here else 0)):
            self.spawn(self._loop)
        if run_one_loop_here:
            self._loop()

    def stop(self) -> None:
        self.stopped.set()

    def _loop(self) -> None:
        huey = huey_for(self.app)
        low, high = self.idle_delay
        delay = low
        while not self.stopped.is_set():
            try:
                task = huey.dequeue()  # Redis blocks up to a second; SQLite answers at once
            except Exception:
                log.exception("reading the job queue failed; retrying in 1 s")
                sleep(1)
                continue
            if task is None:
                if high:
                    self.wake.wait(delay)
                    self.wake.clear()
                    delay = min(delay * 1.5, high)
                continue
            delay = low
            try:
                huey.execute(task)
            except Exception:  # Huey logs the job's own errors; this is ours
                log.exception("running job %s failed", task)
            self.jobs_done += 1

    def _every(self, seconds: float, what: str, fn: Callable[[], None]) -> None:
        while not self.stopped.is_set():
            with self.app.app_context():
                try:
                    fn()
                except Exception:
                    log.exception("%s failed; trying again", what)
                finally:
                    db.session.remove()
            sleep(seconds)

    def _heartbeat(self) -> None:
        self._every(
            float(self.app.config["WORKER_HEARTBEAT_SECONDS"]),
            "the worker heartbeat",
            lambda: workers.beat(self.app, current_consumer_id(), self.kind, self.jobs_done),
        )

    def _beat(self) -> None:
        huey = huey_for(self.app)
        if self.beat:
            with self.app.app_context():
                beat.ensure_rows()

        def once() -> None:
            if self.beat:
                beat.run_due(self.app, current_consumer_id())
            for task in huey.read_schedule():  # retries and delayed jobs whose time came
                huey.enqueue(task)

        # Look as often as the most frequent chore wants to run, and at least each second.
        intervals = [float(self.app.config.get(c.interval_key) or 1) for c in registry.chores()]
        self._every(min([1.0, *intervals]), "the chore beat", once)


def start_embedded(app: Flask, beat: bool = True) -> Consumer:
    """The consumer inside a web process: loops as the async mode's background tasks."""
    with _lock:
        existing = _running.get(id(app))
        if existing is not None:
            return existing
        consumer = Consumer(app, app.config["WORKER_PROCESSES"], "embedded", beat, spawn=socketio.start_background_task)
        _running[id(app)] = consumer
    consumer.start()
    return consumer


def notify_enqueued(app: Flask) -> None:
    consumer = _running.get(id(app))
    if consumer is not None:
        consumer.wake.set()


def ensure_embedded(app: Flask) -> None:
    """In tests, the in-process app gets a consumer on its first job (no chores: tests
    call sweeps themselves). Elsewhere a running `cips serve` or `cips worker` takes
    the job; a CLI command must not start one that dies with it."""
    if app.config.get("TESTING") and app.config.get("EMBEDDED_WORKER") and id(app) not in _running:
        start_embedded(app, beat=False)
    notify_enqueued(app)


def stop(app: Flask) -> None:
    with _lock:
        consumer = _running.pop(id(app), None)
    if consumer is not None:
        consumer.stop()


def run_standalone(app: Flask) -> None:
    """One `cips worker` process: jobs in this thread, heartbeat and beat in threads."""
    app.extensions[INLINE] = True

    def thread(fn: Callable[[], None]) -> threading.Thread:
        t = threading.Thread(target=fn, daemon=True)
        t.start()
        return t

    consumer = Consumer(app, 1, "worker", beat=app.config.get("WORKER_BEAT", True), spawn=thread)
    _running[id(app)] = consumer
    consumer.start(run_one_loop_here=True)
