"""A deployment of several processes on one machine, as a customs service runs CIPS on
several: PostgreSQL (TimeZone Asia/Shanghai), Redis, a shared image store, `cips serve`
and `cips worker` processes that can be killed with SIGKILL and started again, and a
webhook receiver standing in for the customs operation system (COS)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

from tests import db as testdb
from tests.conftest import DEMO_PASSWORD
from tests.helpers import LiveServer, free_port, start_live_server, start_worker

REDIS_URL = os.environ.get("CIPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_services() -> None:
    """These tests are about PostgreSQL and Redis: without them they cannot say anything."""
    if not os.environ.get("CIPS_TEST_POSTGRES_URL"):
        pytest.fail("set CIPS_TEST_POSTGRES_URL (make test and .ci/run do) for the multi-process tests")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is needed for the multi-process tests: {exc}")


class CosReceiver:
    """The COS's webhook: counts every POST by its Idempotency-Key."""

    def __init__(self) -> None:
        self.posts: Counter[str] = Counter()
        self.bodies: dict[str, dict] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    receiver.posts[key] += 1
                    receiver.bodies[key] = json.loads(body)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cips"

    def stop(self) -> None:
        self.server.shutdown()


@dataclass
class Cluster:
    root: Path
    database_url: str
    env: dict[str, str]
    servers: dict[str, LiveServer] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def folder(self, name: str) -> Path:
        """Each process its own instance folder, as on its own machine."""
        path = self.root / name
        path.mkdir(exist_ok=True)
        if not (path / "demo_tokens.json").exists():
            (path / "demo_tokens.json").write_text((self.root / "seed" / "demo_tokens.json").read_text())
        return path

    def tokens(self) -> dict[str, str]:
        return json.loads((self.root / "seed" / "demo_tokens.json").read_text())

    def start_web(self, name: str, *args: str) -> LiveServer:
        port = self.ports.setdefault(name, free_port())
        self.servers[name] = start_live_server(self.folder(name), port=port, args=args, log_name=f"{name}.log",
                                               **self.env)
        return self.servers[name]

    def kill_web(self, name: str) -> None:
        process = self.servers[name].process
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def start_worker(self, name: str, processes: int = 1) -> subprocess.Popen:
        self.workers[name] = start_worker(self.folder(name), processes, log_name=f"{name}.log", **self.env)
        return self.workers[name]

    def kill_worker(self, name: str) -> None:
        process = self.workers[name]
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def rows(self, sql: str, **params) -> list[tuple]:
        return testdb.rows(self.database_url, sql, **params)

    def stop(self) -> None:
        for server in self.servers.values():
            if server.process.poll() is None:
                server.stop()
        for worker in self.workers.values():
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(60)
                except subprocess.TimeoutExpired:
                    worker.kill()
        keys = redis.Redis.from_url(REDIS_URL)
        for key in keys.scan_iter(f"*{self.env['CIPS_REDIS_CHANNEL']}*"):
            keys.delete(key)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-4000:]}" for p in sorted(self.root.glob("*/*.log")))


def make_cluster(root: Path, **settings: str) -> Cluster:
    """A migrated PostgreSQL database with the demo seeded; nothing started yet."""
    require_services()
    seed = root / "seed"
    url = testdb.new_postgres(seed)
    from app import migrate

    migrate.upgrade(url)
    channel = f"cips-test-{secrets.token_hex(4)}"
    env = {"CIPS_DATABASE_URL": url, "CIPS_REDIS_URL": REDIS_URL, "CIPS_REDIS_CHANNEL": channel,
           "CIPS_SECRET_KEY": secrets.token_hex(32), "CIPS_STORE_PATH": str(root / "store"),
           "CIPS_WORKER_PROCESSES": "1", **settings}
    os.environ["CIPS_INSTANCE_PATH"] = str(seed)
    try:
        from app import create_app
        from app.demo import seed_demo
        from app.extensions import db

        with create_app({"ASYNC_MODE": "threading", "DATABASE_URL": url, "STORE_PATH": env["CIPS_STORE_PATH"],
                         "REDIS_URL": REDIS_URL, "REDIS_CHANNEL": channel}).app_context():
            seed_demo(DEMO_PASSWORD, with_scans=False)
            db.session.remove()
            db.engine.dispose()
    finally:
        del os.environ["CIPS_INSTANCE_PATH"]
    return Cluster(root, url, env)
