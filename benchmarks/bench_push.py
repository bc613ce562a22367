"""Push latency of one verdict to 200 connected site clients (goal p95 <= 50 ms),
against a bare python-socketio server (gevent, no Flask) emitting to 200 clients
in the same run.

Run: ``.venv/bin/python benchmarks/bench_push.py``. The clients are python-socketio
AsyncClients in one process (threaded clients would measure their own GIL contention,
PERFORMANCE.md). Latency runs from just before the analyst's POST of the verdict (peer:
the POST that triggers the emit) to each client's receipt."""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ingest import demo_instance  # noqa: E402
from tests.helpers import free_port, start_live_server  # noqa: E402
from tests.workflow.conftest import small_png  # noqa: E402

CLIENTS, VERDICTS = 200, 10
PASSWORD = "bench-password"


class Listeners:
    """CLIENTS AsyncClients on an event loop in a thread, recording arrival times."""

    def __init__(self, url: str, cookie: str, event: str, auth: dict | None = None):
        self.arrivals: list[float] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.clients = asyncio.run_coroutine_threadsafe(self._connect(url, cookie, event, auth), self.loop).result(120)

    async def _connect(self, url, cookie, event, auth):
        clients = []
        for _ in range(CLIENTS):
            client = socketio.AsyncClient(reconnection=False)
            client.on(event, lambda *_: self.arrivals.append(time.perf_counter()))
            await client.connect(url, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"],
                                 auth=auth, wait_timeout=20)
            clients.append(client)
        return clients

    def wait(self, count: int, timeout: float = 10) -> None:
        deadline = time.perf_counter() + timeout
        while len(self.arrivals) < count and time.perf_counter() < deadline:
            time.sleep(0.002)

    def close(self) -> None:
        async def stop():
            await asyncio.gather(*(c.disconnect() for c in self.clients))
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def ours(work: Path) -> list[float]:
    folder = demo_instance(work, PASSWORD)
    server = start_live_server(folder)
    try:
        officer = server.login("officer", PASSWORD)
        listeners = Listeners(server.url, "; ".join(f"{c.name}={c.value}" for c in officer.cookies), "verdict.issued")
        analyst_http = server.login("analyst", PASSWORD)
        csrf = analyst_http.get(f"{server.url}/api/v1/auth/csrf").json()["csrf_token"]
        assignments: list[dict] = []
        analyst = socketio.Client(reconnection=False)
        analyst.on("assignment.new", assignments.append)
        analyst.connect(server.url, headers={"Cookie": "; ".join(f"{c.name}={c.value}" for c in analyst_http.cookies)},
                        transports=["websocket"])
        analyst.call("workstation.ready")
        token = json.loads((folder / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
        latencies = []
        for i in range(VERDICTS):
            meta = {"scan_uid": f"PUSH-{i}", "scanned_at": "2026-11-27T08:00:00Z", "conveyance": {"kind": "container"}}
            requests.post(f"{server.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                          data={"metadata": json.dumps(meta)}, files={"single": ("s.png", small_png(i))}, timeout=60)
            while len(assignments) <= i:
                time.sleep(0.005)
            listeners.arrivals.clear()
            t0 = time.perf_counter()
            analyst_http.post(f"{server.url}/api/v1/assignments/{assignments[i]['assignment_id']}/verdict",
                              json={"decision": "clear", "regions": []}, headers={"X-CSRFToken": csrf})
            listeners.wait(CLIENTS)
            latencies += [t - t0 for t in listeners.arrivals]
        analyst.disconnect()
        listeners.close()
        return latencies
    finally:
        server.stop()


PEER = """
import sys
from gevent import monkey; monkey.patch_all()
import socketio
from gevent.pywsgi import WSGIServer
from geventwebsocket.handler import WebSocketHandler
sio = socketio.Server(async_mode="gevent")
@sio.on("connect")
def connect(sid, environ, auth=None):
    sio.enter_room(sid, "site")
def emit(environ, start_response):
    sio.emit("verdict.issued", {"scan_id": 1, "decision": "clear"}, to="site")
    start_response("200 OK", [("Content-Length", "2")])
    return [b"ok"]
app = socketio.WSGIApp(sio, emit)
WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None, handler_class=WebSocketHandler).serve_forever()
"""


def peer() -> list[float]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", PEER, str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.post(f"{url}/emit", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        listeners = Listeners(url, "", "verdict.issued")
        latencies = []
        for _ in range(VERDICTS):
            listeners.arrivals.clear()
            t0 = time.perf_counter()
            requests.post(f"{url}/emit", timeout=10)
            listeners.wait(CLIENTS)
            latencies += [t - t0 for t in listeners.arrivals]
        listeners.close()
        return latencies
    finally:
        process.terminate()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        mine = ours(Path(tmp))
    bare = peer()
    print(f"push.verdict_to_{CLIENTS}_site_clients p95={p95(mine) * 1000:.1f}ms p50={statistics.median(mine) * 1000:.1f}ms "
          f"received={len(mine)}/{CLIENTS * VERDICTS} bare_socketio_p95={p95(bare) * 1000:.1f}ms "
          f"ratio={p95(mine) / p95(bare):.2f} goal<=50ms")


if __name__ == "__main__":
    main()
