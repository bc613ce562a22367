"""`cips simulate`: virtual scanners for the demo and for load.

Each virtual scanner writes synthetic dual-energy scans (app.synthetic) in its own
vendor format into its own export folder, manifest last, and its own site agent (a
real `cips-agent` process) delivers them to the server. Everything goes over HTTP
with the scanners' tokens, so the same tool loads any server."""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import requests

from app.synthetic import generate_scan, scanner_for_energies
from app.vendors.writers import write_scan_files

log = logging.getLogger(__name__)
KINDS = {"rail": "rail", "passenger_car": "car"}


@dataclass
class VirtualScanner:
    name: str
    token: str
    info: dict  # the server's view of the scanner (/api/v1/auth/token)
    folder: Path

    @property
    def export(self) -> Path:
        return self.folder / "export"


def discover(server: str, tokens: dict[str, str], root: Path, limit: int) -> list[VirtualScanner]:
    found: list[VirtualScanner] = []
    for key, token in sorted(tokens.items()):
        if not key.startswith("scanner:") or len(found) >= limit:
            continue
        info = requests.get(f"{server}/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"},
                            timeout=10).json()["scanner"]
        slug = "".join(ch if ch.isalnum() else "-" for ch in info["name"]).lower()
        found.append(VirtualScanner(info["name"], token, info, root / slug))
    return found


def start_agent(scanner: VirtualScanner, server: str) -> subprocess.Popen:
    from cips_agent.config import Config, write

    for sub in ("export", "archive", "quarantine", "state"):
        (scanner.folder / sub).mkdir(parents=True, exist_ok=True)
    config = Config(server_url=server, token=scanner.token, export_dir=scanner.export,
                    archive_dir=scanner.folder / "archive", quarantine_dir=scanner.folder / "quarantine",
                    state_dir=scanner.folder / "state", format=scanner.info.get("vendor") or "png",
                    heartbeat_seconds=10, require_manifest=True, min_free_mb=64)
    path = scanner.folder / "agent.toml"
    write(config, path)
    os.chmod(path, 0o600)  # it holds the scanner's token
    log_file = open(scanner.folder / "agent.log", "a")
    return subprocess.Popen([sys.executable, "-m", "cips_agent", "run", "--config", str(path)],
                            stdout=log_file, stderr=subprocess.STDOUT)


def write_scan(scanner: VirtualScanner, seed: int, width: int, height: int) -> str:
    """One scan into the export folder: data files first, then the manifest by rename."""
    info = scanner.info
    scan = generate_scan(seed, width, height, kind=KINDS.get(info.get("kind"), "container"),
                         concealment=seed % 4 == 0,
                         scanner=scanner_for_energies(info.get("energy_high_kev"), info.get("energy_low_kev")))
    uid = f"SIM-{scanner.info['id']:02d}-{datetime.now(timezone.utc):%Y%m%d%H%M%S}-{seed % 100000:05d}"
    with tempfile.TemporaryDirectory(dir=scanner.folder) as tmp:
        files = write_scan_files(Path(tmp), uid, info.get("vendor"), scan.high,
                                 scan.low if info.get("dual_energy") else None,
                                 info.get("energy_high_kev") or 6000, info.get("energy_low_kev") or 4000)
        for _, path in files:
            os.replace(path, scanner.export / path.name)
    container = info.get("kind") not in KINDS
    manifest = {
        "scan_uid": uid, "scanned_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conveyance": {"kind": "container" if container else KINDS[info["kind"]],
                       "container_ids": [], "plate": None if container else f"SIM-{seed % 10000:04d}"},
        "weight_kg": float(15000 + seed % 15000), "radiation": {"alarm": seed % 23 == 0, "cps": float(100 + seed % 60)},
        "format": info.get("vendor"), "files": [{"name": p.name, "role": role} for role, p in files],
    }
    part = scanner.export / f".{uid}.manifest.part"
    part.write_text(json.dumps(manifest))
    os.replace(part, scanner.export / f"{uid}.manifest.json")
    return uid


def run(server: str, tokens: dict[str, str], root: Path, scanners: int, per_minute: float, width: int,
        height: int, duration: float, stop: threading.Event | None = None) -> int:
    """Returns how many scans were written. Stops after `duration` s (0: when `stop` is set)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        # `make demo` stops us with SIGTERM: stop the writers and the agents cleanly.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    fleet = discover(server, tokens, root, scanners)
    agents = [start_agent(s, server) for s in fleet]
    written = [0]
    lock = threading.Lock()

    def produce(scanner: VirtualScanner) -> None:
        rng = random.Random(scanner.info["id"])
        while not stop.is_set():
            write_scan(scanner, rng.randrange(10**9), width, height)
            with lock:
                written[0] += 1
            # Arrivals at random (Poisson) around the rate, as trucks come to a gate.
            stop.wait(rng.expovariate(per_minute / 60.0) if per_minute > 0 else 3600)

    threads = [threading.Thread(target=produce, args=(s,), daemon=True) for s in fleet]
    for t in threads:
        t.start()
    log.info("simulating %d scanners at %.1f scans/min each against %s", len(fleet), per_minute, server)
    try:
        stop.wait(duration if duration > 0 else None)
    except KeyboardInterrupt:
        pass
    stop.set()
    for t in threads:
        t.join(30)
    _drain(fleet, timeout=60)
    for agent in agents:
        agent.terminate()  # the agent sends its shut-down event
    for agent in agents:
        try:
            agent.wait(15)
        except subprocess.TimeoutExpired:
            agent.kill()
    return written[0]


def _drain(fleet: list[VirtualScanner], timeout: float) -> None:
    """Give the agents time to deliver what was written before they are stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(p for s in fleet for p in s.export.glob("*.manifest.json")):
            return
        time.sleep(0.5)
