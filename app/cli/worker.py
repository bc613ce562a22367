"""`cips worker`: N consumer processes, each running one job at a time.

The parent only supervises: it starts the children, starts a new one when one dies,
and passes SIGTERM on (each child finishes its job first). A child reads the pipe
from its parent and exits when it closes, so killing the parent (even with
SIGKILL) never leaves consumers behind; the jobs they held are queued again by the
recovery chores once their heartbeats stop."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

log = logging.getLogger(__name__)
CHILD_ENV = "CIPS_WORKER_CHILD"


def run(app, processes: int) -> None:
    if os.environ.get(CHILD_ENV):
        _child(app)
        return
    children: list[subprocess.Popen] = []
    stopping = threading.Event()

    def spawn() -> subprocess.Popen:
        env = {**os.environ, CHILD_ENV: "1"}
        return subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", "worker"],
                                stdin=subprocess.PIPE, env=env)

    def stop(signum, _frame) -> None:
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children.extend(spawn() for _ in range(processes))
    log.info("cips worker: %d processes (%s)", processes, ", ".join(str(c.pid) for c in children))
    while not stopping.is_set():
        for i, child in enumerate(children):
            if child.poll() is not None and not stopping.is_set():
                log.warning("worker process %d exited with %s; starting another", child.pid, child.returncode)
                children[i] = spawn()
        stopping.wait(1)
    for child in children:
        try:
            child.wait(60)
        except subprocess.TimeoutExpired:
            child.kill()


def _child(app) -> None:
    from app.cli.serve import freeze_startup_heap
    from app.jobs.consumer import run_standalone

    def orphaned() -> None:
        sys.stdin.buffer.read()  # returns when the parent is gone
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    stop_requested = threading.Event()

    def graceful(signum, _frame) -> None:
        from app.jobs.consumer import stop

        stop_requested.set()
        stop(app)

    signal.signal(signal.SIGTERM, graceful)
    signal.signal(signal.SIGINT, graceful)
    freeze_startup_heap()
    while not stop_requested.is_set():
        try:
            run_standalone(app)
            return
        except Exception:
            log.exception("the consumer loop stopped; restarting it")
            time.sleep(1)
