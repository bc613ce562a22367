"""A real centre (`cips serve`) that can be killed and restarted on the same port,
and a real agent run as a subprocess (`python -m cips_agent run`)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests import db as testdb
import requests

from app.vendors.writers import write_png
from tests.helpers import ROOT, free_port

SCANNER = "scanner:Beilun Gate 1"


class Centre:
    def __init__(self, instance: Path, **env: str) -> None:
        self.instance, self.port, self.env = instance, free_port(), env
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.instance / f"server-{self.starts}.log", "w")
        # The access log lets tests count the agent's requests.
        env = {**os.environ, "CIPS_INSTANCE_PATH": str(self.instance), "CIPS_ACCESS_LOG": "true", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.instance / f"server-{self.starts}.log").read_text()
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or slow to answer on a busy box
                time.sleep(0.05)
        raise RuntimeError("the centre did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def token(self, name: str = SCANNER) -> str:
        return json.loads((self.instance / "demo_tokens.json").read_text())[name]

    def scans(self, uid_prefix: str = "") -> list[dict]:
        """Every scan of the test scanner straight from the centre's database."""
        rows = testdb.rows(self.instance, "SELECT s.id, s.scan_uid, c.sha256 FROM scans s LEFT JOIN scan_channels c "
                                          "ON c.scan_id = s.id WHERE s.scan_uid LIKE :prefix", prefix=uid_prefix + "%")
        out: dict[int, dict] = {}
        for scan_id, uid, sha in rows:
            out.setdefault(scan_id, {"id": scan_id, "scan_uid": uid, "sha256": set()})["sha256"].add(sha)
        return list(out.values())


@pytest.fixture
def centre(tmp_path, demo_instance):
    folder = testdb.copy_instance(demo_instance, tmp_path / "centre")
    server = Centre(folder)
    server.start()
    yield server
    server.stop()


@dataclass
class Site:
    root: Path
    config: Path

    @property
    def export(self) -> Path:
        return self.root / "export"

    @property
    def archive(self) -> Path:
        return self.root / "data" / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "data" / "quarantine"


def make_site(tmp_path: Path, centre: Centre, token: str | None = None, **settings) -> Site:
    root = tmp_path / "site"
    (root / "export").mkdir(parents=True)
    from cips_agent.config import Config, write

    values = dict(server_url=centre.url, token=token or centre.token(), export_dir=root / "export",
                  archive_dir=root / "data" / "archive", quarantine_dir=root / "data" / "quarantine",
                  state_dir=root / "data" / "state", format="png", settle_seconds=0.5, heartbeat_seconds=2,
                  parallel=3, poll_seconds=0.2, retry_base_seconds=0.2, retry_max_seconds=1.0, min_free_mb=1)
    values.update(settings)
    config = root / "agent.toml"
    write(Config(**values), config)
    return Site(root, config)


@pytest.fixture
def site(tmp_path, centre) -> Site:
    return make_site(tmp_path, centre)


class AgentProcess:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.runs = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> "AgentProcess":
        self.runs += 1
        self.log = self.site.root / f"agent-{self.runs}.log"
        self.process = subprocess.Popen([sys.executable, "-m", "cips_agent", "run", "--config", str(self.site.config)],
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def logs(self) -> str:
        return "\n".join((self.site.root / f"agent-{i}.log").read_text() for i in range(1, self.runs + 1))


@pytest.fixture
def agent(site):
    process = AgentProcess(site)
    yield process
    if process.process is not None and process.process.poll() is None:
        process.stop()


def image(seed: int, width: int = 256, height: int = 128) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(1000, 60000, size=(height, width), dtype=np.uint16)


def manifest(uid: str, files: list[dict], **overrides) -> dict:
    body = {"scan_uid": uid, "scanned_at": "2026-11-27T08:15:00+08:00",
            "conveyance": {"kind": "container", "container_ids": ["CSQU3054383"]},
            "weight_kg": 23100, "radiation": {"alarm": False, "cps": 120}, "format": "png", "files": files}
    return body | overrides


def write_scan(export: Path, uid: str, seed: int, width: int = 256, height: int = 128, **overrides) -> str:
    """A PNG and its manifest, the manifest last (by rename). Returns the PNG's sha256."""
    png = write_png(export / f"{uid}.png", image(seed, width, height))
    tmp = export / f".{uid}.tmp"
    tmp.write_text(json.dumps(manifest(uid, [{"name": png.name, "role": "single"}], **overrides)))
    os.replace(tmp, export / f"{uid}.manifest.json")
    return hashlib.sha256(png.read_bytes()).hexdigest()


def wait_for(condition, timeout: float = 30, message: str = ""):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {message}")
        time.sleep(0.1)
    return result
