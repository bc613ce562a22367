"""A pool of worker processes that run pure tasks, one JSON line per job over pipes.

Under gevent the pipes are cooperative, so waiting for a worker blocks only the
waiting greenlet. A worker that dies fails its current job and is replaced."""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
from typing import Any

from app.jobs.errors import TaskError

log = logging.getLogger(__name__)


class _Worker:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.jobs.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            bufsize=0,
        )
        assert self.process.stdin is not None and self.process.stdout is not None  # both PIPE
        self.stdin, self.stdout = self.process.stdin, self.process.stdout

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, task: str, kwargs: dict[str, Any]) -> Any:
        line = json.dumps({"task": task, "kwargs": kwargs}).encode() + b"\n"
        try:
            self.stdin.write(line)
            reply = self.stdout.readline()
        except (BrokenPipeError, OSError):
            reply = b""
        if not reply:
            self.process.kill()
            raise TaskError("WorkerCrashed", "the worker process stopped while handling this job")
        answer = json.loads(reply)
        if not answer["ok"]:
            raise TaskError(answer["kind"], answer["message"])
        return answer["result"]

    def stop(self) -> None:
        if self.alive():
            self.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


class WorkerPool:
    def __init__(self, size: int):
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle.empty() and self._started < self.size:
                self._started += 1
                return _Worker()
        return self._idle.get()

    def call(self, task: str, kwargs: dict[str, Any]) -> Any:
        worker = self._take()
        try:
            return worker.run(task, kwargs)
        finally:
            if worker.alive():
                self._idle.put(worker)
            else:
                log.warning("worker process exited with %s; starting another", worker.process.returncode)
                self._idle.put(_Worker())

    def warm_up(self) -> None:
        """Start every worker now rather than on the first scan (used by `cips serve`)."""
        workers = [self._take() for _ in range(self.size - self._started)]
        for w in workers:
            self._idle.put(w)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()
