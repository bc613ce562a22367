"""The command line and the pieces that need no centre."""

from __future__ import annotations

import subprocess
import sys
import time

from cips_agent import config
from cips_agent.journal import Journal
from cips_agent.watcher import Scanner
from tests.helpers import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cips_agent", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_the_agent_does_not_import_flask():
    code = "import sys, cips_agent.cli, cips_agent.agent, cips_agent.simulate; sys.exit('flask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_init_writes_a_config_that_loads(tmp_path):
    path = tmp_path / "agent.toml"
    result = _cli("init", "--config", str(path), "--server-url", "https://cips.example", "--token", "t0k",
                  "--export-dir", str(tmp_path / "export"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    cfg = config.load(path)
    assert cfg.server_url == "https://cips.example" and cfg.token == "t0k"
    assert cfg.archive_dir == tmp_path / "data" / "archive"
    assert path.stat().st_mode & 0o077 == 0  # the token is not world-readable
    assert _cli("init", "--config", str(path), "--server-url", "x", "--token", "y",
                "--export-dir", "z").returncode == 1  # no silent overwrite


def test_simulate_writes_complete_scans_the_watcher_picks_up(tmp_path):
    export = tmp_path / "export"
    assert _cli("simulate", "--export-dir", str(export), "--count", "3", "--per-minute", "0",
                "--size", "128x64").returncode == 0
    found = Scanner(export, 5.0, "png", "container").ready(skip=set())
    assert len(found) == 3
    assert all(f.meta["format"] == "png" and len(f.files) == 2 for f in found)


def test_a_lone_file_waits_until_it_stopped_growing(tmp_path):
    (tmp_path / "A-1.png").write_bytes(b"x" * 10)
    scanner = Scanner(tmp_path, 0.3, "png", "container")
    assert scanner.ready(set()) == []
    with open(tmp_path / "A-1.png", "ab") as out:
        out.write(b"y")
    time.sleep(0.2)
    assert scanner.ready(set()) == []  # it grew: the clock starts again
    time.sleep(0.35)
    [found] = scanner.ready(set())
    assert found.scan_uid == "A-1" and found.files[0]["size"] == 11


def test_the_journal_survives_reopening_and_never_adds_a_scan_twice(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    assert journal.add("U-1", {"scan_uid": "U-1"}, [{"path": "p", "size": 3}])
    assert not journal.add("U-1", {"scan_uid": "U-1"}, [{"path": "p", "size": 3}])
    entry = journal.get("U-1")
    entry.state, entry.files[0]["upload"] = "uploading", "http://c/api/v1/uploads/abc"
    journal.save(entry)
    journal.close()
    again = Journal(tmp_path / "j.sqlite")
    assert again.get("U-1").files[0]["upload"].endswith("/abc")
    assert [e.scan_uid for e in again.due(time.time(), set(), 10)] == ["U-1"]


def test_require_manifest_ignores_lone_files(tmp_path):
    (tmp_path / "A-2.png").write_bytes(b"x" * 10)
    assert Scanner(tmp_path, 0, "png", "container", require_manifest=True).ready(set()) == []
    assert len(Scanner(tmp_path, 0, "png", "container").ready(set())) == 1


def test_config_round_trips_every_setting(tmp_path):
    from pathlib import Path

    cfg = config.Config(server_url="http://c", token="t", export_dir=Path("/e"), archive_dir=Path("/a"),
                        quarantine_dir=Path("/q"), state_dir=Path("/s"), require_manifest=True,
                        bandwidth_bytes_per_s=12_500_000, settle_seconds=2.5)
    config.write(cfg, tmp_path / "c.toml")
    assert config.load(tmp_path / "c.toml") == cfg
