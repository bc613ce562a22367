"""Push latency of one verdict to 200 connected site clients (goal p95 <= 50 ms),
against a bare Flask-SocketIO server (Flask, Flask-SocketIO and gevent as ours, and
nothing else: one route that emits) emitting to 200 clients in the same run.

Run: ``.venv/bin/python benchmarks/bench_push.py``. The clients are python-socketio
AsyncClients in one process (threaded clients would measure their own GIL contention,
PERFORMANCE.md). Latency runs from just before the analyst's POST of the verdict (peer:
the POST that triggers the emit) to each client's receipt, once every client has read
the scan's own `scan.ready` (which the bare server does not send).

Both servers run side by side and are measured in turn, one verdict then one bare emit,
so that they share the box's load of the moment (on a shared machine, measuring one
after the other compared a quiet minute with a busy one). After WARM_UP untimed turns,
VERDICTS are timed; the ratio of the p95s is printed for each round of ROUND verdicts
and for the whole run.

The servers run on half of the machine's cores and the clients on the other half. The
200 tablets are 200 devices at the port, not the server's cores: sharing two cores, the
clients waited for whatever a server did after its push, and CIPS does its next work
there (handing the analyst the next scan, answering the POST) where the bare server has
none. Same code, same run, 60 verdicts: ratio 1.31 on split cores against 1.61 shared
(CIPS p95 24.0 ms against 31.9 ms; bare 18.3 ms against 19.8 ms). Set
CIPS_BENCH_SHARED_CORES=1 to measure with everything on every core."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ingest import demo_instance  # noqa: E402
from tests.helpers import free_port, start_live_server  # noqa: E402
from tests.workflow.conftest import small_png  # noqa: E402

# The p95 of 200 arrivals per verdict is set by the slowest few verdicts: with 40 it was
# the second slowest's spread, and the ratio swung by 0.25 between runs of the same code.
CLIENTS, VERDICTS, ROUND = 200, 100, 20
# Untimed first verdicts: a server's first requests fill its caches (compiled SQL, the
# interpreter's), and a first verdict at 2-3x a steady one's time alone made half of
# the slowest 5 % of 8,000 arrivals. The bare server warms up the same way.
WARM_UP = 3
PASSWORD = "bench-password"


class Listeners:
    """CLIENTS AsyncClients on an event loop in a thread, recording arrival times."""

    def __init__(self, url: str, cookie: str, event: str, auth: dict | None = None, settle: str | None = None):
        self.arrivals: list[float] = []
        # Arrivals of `settle`, the event that comes just before the one measured (a new scan
        # before its verdict): the clock starts once every client has had it.
        self.settled = 0
        self.settle = settle
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.clients = asyncio.run_coroutine_threadsafe(self._connect(url, cookie, event, auth), self.loop).result(120)

    async def _connect(self, url, cookie, event, auth):
        clients = []
        for _ in range(CLIENTS):
            client = socketio.AsyncClient(reconnection=False)
            client.on(event, lambda *_: self.arrivals.append(time.perf_counter()))
            if self.settle:
                client.on(self.settle, self._settled)
            await client.connect(url, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"],
                                 auth=auth, wait_timeout=20)
            clients.append(client)
        return clients

    def _settled(self, *_args) -> None:
        self.settled += 1

    def wait(self, count: int, timeout: float = 10) -> None:
        deadline = time.perf_counter() + timeout
        while len(self.arrivals) < count and time.perf_counter() < deadline:
            time.sleep(0.002)

    def wait_settled(self, count: int, timeout: float = 10) -> None:
        deadline = time.perf_counter() + timeout
        while self.settled < count and time.perf_counter() < deadline:
            time.sleep(0.002)

    def close(self) -> None:
        async def stop():
            await asyncio.gather(*(c.disconnect() for c in self.clients))
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)


def split_cores() -> tuple[set[int], set[int]] | None:
    """(the servers' cores, the clients' cores), or None to share them all."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2 or os.environ.get("CIPS_BENCH_SHARED_CORES") == "1":
        return None
    half = len(cores) // 2
    return set(cores[:half]), set(cores[half:])


def _processes(pid: int) -> Iterator[int]:
    """A process and all its descendants (those still running)."""
    yield pid
    try:
        children = " ".join(p.read_text() for p in Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:
        return
    for child in children.split():
        yield from _processes(int(child))


def pin(pid: int, cores: set[int]) -> None:
    """Every thread of a process and of its descendants to `cores`."""
    for process in _processes(pid):
        for task in Path(f"/proc/{process}/task").glob("*"):
            try:
                os.sched_setaffinity(int(task.name), cores)
            except (OSError, ValueError):
                continue


def _cpu_ticks(pid: int) -> int:
    """CPU time (clock ticks) used so far by a process and all its descendants."""
    total = 0
    for process in _processes(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def quiet(pids: list[int], window: float = 0.05, limit: float = 3.0) -> None:
    """Wait until the servers have used no CPU for `window` seconds (at most `limit`): the
    work a scan or the previous verdict left behind is not timed as this verdict's.

    The clients' own garbage is collected here too, never while a push is timed: with 400
    clients in this process a collection stalls every one of them (up to 0.2 s seen),
    charged at random to whichever server was being timed (`main` turns automatic
    collection off)."""
    gc.collect()
    deadline = time.perf_counter() + limit
    last = sum(_cpu_ticks(pid) for pid in pids)
    while time.perf_counter() < deadline:
        time.sleep(window)
        now = sum(_cpu_ticks(pid) for pid in pids)
        if now == last:
            return
        last = now


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


class Ours:
    """The CIPS server with the demo's people, an analyst at a ready workstation and
    CLIENTS officers' tablets of the site listening."""

    def __init__(self, work: Path):
        self.folder = demo_instance(work, PASSWORD)
        self.server = start_live_server(self.folder)
        server = self.server
        officer = server.login("officer", PASSWORD)
        self.listeners = Listeners(server.url, "; ".join(f"{c.name}={c.value}" for c in officer.cookies),
                                   "verdict.issued", settle="scan.ready")
        self.analyst_http = server.login("analyst", PASSWORD)
        self.csrf = self.analyst_http.get(f"{server.url}/api/v1/auth/csrf").json()["csrf_token"]
        self.assignments: list[dict] = []
        self.analyst = socketio.Client(reconnection=False)
        self.analyst.on("assignment.new", self.assignments.append)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.analyst_http.cookies)
        self.analyst.connect(server.url, headers={"Cookie": cookie}, transports=["websocket"])
        self.analyst.call("workstation.ready")
        self.token = json.loads((self.folder / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
        self.pids = [server.process.pid]

    def one(self, i: int) -> list[float]:
        url = self.server.url
        meta = {"scan_uid": f"PUSH-{i}", "scanned_at": "2026-11-27T08:00:00Z", "conveyance": {"kind": "container"}}
        requests.post(f"{url}/api/v1/scans", headers={"Authorization": f"Bearer {self.token}"},
                      data={"metadata": json.dumps(meta)}, files={"single": ("s.png", small_png(i))}, timeout=60)
        while len(self.assignments) <= i:
            time.sleep(0.005)
        # The 200 clients share this process: had they not finished reading the scan's own
        # `scan.ready`, the verdict would be timed behind that backlog (one tablet has none).
        self.listeners.wait_settled(CLIENTS * (i + 1))
        quiet(self.pids)
        self.listeners.arrivals.clear()
        t0 = time.perf_counter()
        self.analyst_http.post(f"{url}/api/v1/assignments/{self.assignments[i]['assignment_id']}/verdict",
                               json={"decision": "clear", "regions": []}, headers={"X-CSRFToken": self.csrf})
        self.listeners.wait(CLIENTS)
        return [t - t0 for t in self.listeners.arrivals]

    def close(self) -> None:
        try:
            self.analyst.disconnect()
            self.listeners.close()
        finally:
            self.server.stop()


PEER = """
import sys
from gevent import monkey; monkey.patch_all()
from flask import Flask
from flask_socketio import SocketIO, join_room
from gevent.pywsgi import WSGIServer
from geventwebsocket.handler import WebSocketHandler
app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent")
@socketio.on("connect")
def connect(auth=None):
    join_room("site")
@app.post("/emit")
def emit():
    socketio.emit("verdict.issued", {"scan_id": 1, "decision": "clear"}, to="site")
    return "ok"
WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None, handler_class=WebSocketHandler).serve_forever()
"""


class Peer:
    """The bare Flask-SocketIO server and its CLIENTS listeners."""

    def __init__(self):
        port = free_port()
        self.process = subprocess.Popen([sys.executable, "-c", PEER, str(port)])
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                requests.post(f"{self.url}/emit", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        self.listeners = Listeners(self.url, "", "verdict.issued")
        self.pids = [self.process.pid]
        self.http = requests.Session()  # keep-alive, as the analyst's session in Ours

    def one(self, _i: int) -> list[float]:
        quiet(self.pids)
        self.listeners.arrivals.clear()
        t0 = time.perf_counter()
        self.http.post(f"{self.url}/emit", timeout=10)
        self.listeners.wait(CLIENTS)
        return [t - t0 for t in self.listeners.arrivals]

    def close(self) -> None:
        try:
            self.listeners.close()
        finally:
            self.process.terminate()


def main() -> None:
    cores = split_cores()
    everywhere = os.sched_getaffinity(0)
    if cores is not None:
        os.sched_setaffinity(0, cores[1])  # this process: the clients' event loops
    try:
        _measure(cores)
    finally:
        os.sched_setaffinity(0, everywhere)  # `make bench` runs the next benchmark in this process


def _measure(cores: tuple[set[int], set[int]] | None) -> None:
    mine: list[float] = []
    bare: list[float] = []
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        peer = Peer()
        ours = Ours(Path(tmp))
        # Each measurement starts with both servers idle.
        ours.pids = peer.pids = [ours.server.process.pid, peer.process.pid]
        if cores is not None:
            for pid in ours.pids:
                pin(pid, cores[0])
        gc.disable()  # quiet() collects, between measurements
        try:
            for i in range(WARM_UP + VERDICTS):
                # Turn about, so that neither always runs just after the other.
                if i % 2:
                    bare_one = peer.one(i)
                    mine_one = ours.one(i)
                else:
                    mine_one = ours.one(i)
                    bare_one = peer.one(i)
                if i < WARM_UP:
                    continue
                mine += mine_one
                bare += bare_one
                if (i + 1 - WARM_UP) % ROUND == 0:
                    n = ROUND * CLIENTS
                    ratios.append(p95(mine[-n:]) / p95(bare[-n:]))
        finally:
            gc.enable()
            ours.close()
            peer.close()
    print(f"push.verdict_to_{CLIENTS}_site_clients p95={p95(mine) * 1000:.1f}ms p50={statistics.median(mine) * 1000:.1f}ms "
          f"received={len(mine)}/{CLIENTS * VERDICTS} bare_flask_socketio_p95={p95(bare) * 1000:.1f}ms "
          f"p50={statistics.median(bare) * 1000:.1f}ms ratio={p95(mine) / p95(bare):.2f} "
          f"ratio_by_round={' '.join(f'{r:.2f}' for r in ratios)} goal<=50ms "
          f"cores={'shared' if cores is None else f'servers:{min(cores[0])}-{max(cores[0])},clients:{min(cores[1])}-{max(cores[1])}'}")


if __name__ == "__main__":
    main()
