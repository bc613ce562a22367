"""Nothing stranded: processing that a killed process held is done again, once, and
a scan that cannot be processed ends `failed` with the reason, never `processing`."""

from __future__ import annotations

import io
import json
import signal

import pytest
import requests
from PIL import Image

from app.synthetic import generate_scan
from tests import db as testdb
from tests.db import copy_instance
from tests.helpers import start_live_server, until

FAST_RECOVERY = {"CIPS_WORKER_HEARTBEAT_SECONDS": "1", "CIPS_WORKER_DEAD_SECONDS": "4",
                 "CIPS_RECOVERY_SWEEP_SECONDS": "1"}


def _big_png(seed: int, width: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(generate_scan(seed, width, 2000).high).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _state(folder, scan_id: int) -> tuple:
    return testdb.rows(folder, "SELECT status, processing_by, processing_attempts FROM scans WHERE id = :id",
                       id=scan_id)[0]


def test_a_scan_whose_server_was_killed_mid_processing_is_processed_after_the_restart(demo_instance, tmp_path):
    folder = copy_instance(demo_instance, tmp_path / "box")
    token = json.loads((folder / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
    server = start_live_server(folder, **FAST_RECOVERY)
    try:
        # Bigger scans until one is caught in the middle of its processing.
        for attempt, width in enumerate((12000, 20000, 30000)):
            meta = {"scan_uid": f"KILL-{attempt}", "scanned_at": "2026-11-27T08:00:00Z",
                    "conveyance": {"kind": "container"}}
            response = requests.post(f"{server.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                                     data={"metadata": json.dumps(meta)},
                                     files={"single": ("s.png", _big_png(attempt, width))}, timeout=120)
            assert response.status_code == 201, response.text
            scan_id = response.json()["id"]
            until(lambda: _state(folder, scan_id)[1] is not None or _state(folder, scan_id)[0] != "processing", 60,
                  "the worker to claim the scan")
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(10)
            if _state(folder, scan_id)[0] == "processing":
                break
            server = start_live_server(folder, **FAST_RECOVERY)
        status, held_by, attempts = _state(folder, scan_id)
        assert status == "processing" and held_by is not None and attempts == 1

        server = start_live_server(folder, **FAST_RECOVERY)
        until(lambda: _state(folder, scan_id)[0] == "ready", 90, "the scan to be processed again")
        assert _state(folder, scan_id)[2] == 2  # once more, not twice more
        assert testdb.rows(folder, "SELECT count(*) FROM scans WHERE scan_uid = :u", u=f"KILL-{attempt}")[0][0] == 1
        tile = requests.get(f"{server.url}/api/v1/health", timeout=10)
        assert tile.status_code == 200
    finally:
        if server.process.poll() is None:
            server.stop()


def test_processing_that_keeps_dying_ends_failed_with_the_reason(demo_app, gate1, small_scan, tmp_path):
    """A scan held by a process that is gone, already tried the maximum number of
    times, is failed by the recovery chore; supervisors see it and can retry it."""
    import sqlalchemy as sa

    from app.blueprints.assignments.supervision import retry_processing, stalled_scans
    from app.blueprints.ingest.processing import recover_stuck
    from app.extensions import db
    from app.models import Scan, User
    from app.vendors.writers import write_png
    from tests.ingest.conftest import metadata

    png = write_png(tmp_path / "s.png", small_scan.high)
    scan_id = gate1.register(metadata("STUCK-1"), {"single": (png, "s.png")}).get_json()["id"]
    gate1.wait(scan_id)
    with demo_app.app_context():
        db.session.execute(sa.update(Scan).where(Scan.id == scan_id).values(
            status="processing", processing_by="gone-host:1:dead", processing_attempts=3))
        db.session.commit()
        assert recover_stuck() == {"requeued": 0, "failed": 1}
        scan = db.session.get(Scan, scan_id)
        assert scan.status == "failed" and "3 attempts" in scan.failure_reason
        supervisor = db.session.scalar(sa.select(User).where(User.username == "supervisor"))
        assert [s.id for s in stalled_scans(supervisor.centre_id)] == [scan_id]
        retry_processing(scan_id, supervisor)
    assert gate1.wait(scan_id)["status"] == "ready"


def test_a_scan_held_by_a_dead_worker_is_queued_again(demo_app, gate1, small_scan, tmp_path):
    import sqlalchemy as sa

    from app.blueprints.ingest.processing import recover_stuck
    from app.extensions import db
    from app.models import Scan
    from app.vendors.writers import write_png
    from tests.ingest.conftest import metadata

    png = write_png(tmp_path / "s.png", small_scan.high)
    scan_id = gate1.register(metadata("STUCK-2"), {"single": (png, "s.png")}).get_json()["id"]
    gate1.wait(scan_id)
    with demo_app.app_context():
        db.session.execute(sa.update(Scan).where(Scan.id == scan_id).values(
            status="processing", processing_by="gone-host:1:dead", processing_attempts=1))
        db.session.commit()
        assert recover_stuck() == {"requeued": 1, "failed": 0}
    body = gate1.wait(scan_id)
    assert body["status"] == "ready"
    with demo_app.app_context():
        assert db.session.get(Scan, scan_id).processing_attempts == 2


def test_two_runs_of_one_decode_at_once_leave_whole_files(small_scan, tmp_path):
    """A decode job is queued again when its consumer looks dead; if it was only slow, two
    runs write the same scan folder at once. Each writes its own temporary file (they
    shared `.high.npy.tmp`), so what is left is one run's whole file, as hashed."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from app.blueprints.ingest.tasks import decode
    from app.vendors.writers import write_png

    png = write_png(tmp_path / "s.png", small_scan.high)
    folder = tmp_path / "scan"
    folder.mkdir()
    files = [{"path": str(png), "role": "single", "name": "s.png"}]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: decode(files, str(folder)), range(8)))
    saved = folder / "single.npy"
    assert {a["sha256"]["single.npy"] for a in answers} == {hashlib.sha256(saved.read_bytes()).hexdigest()}
    assert np.load(saved).shape == small_scan.high.shape  # a whole .npy, header and data
    assert sorted(p.name for p in folder.iterdir()) == ["single.npy"]


def _decode_call(app, small_scan, tmp_path, timeout: float):
    """A registration's decode, awaited in a thread as the web process awaits it; the
    answer (or the exception) lands in the returned dict."""
    import threading

    from app import jobs
    from app.blueprints.ingest.processing import decode_files
    from app.vendors.writers import write_png

    png = write_png(tmp_path / "s.png", small_scan.high)
    (tmp_path / "scan").mkdir()
    outcome: dict = {}

    def wait() -> None:
        with app.app_context():
            try:
                outcome["answer"] = jobs.call(decode_files, [{"path": str(png), "role": "single", "name": "s.png"}],
                                              str(tmp_path / "scan"), None, 10**8, timeout=timeout)
            except Exception as exc:  # noqa: BLE001 (the test looks at it)
                outcome["error"] = exc

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread, outcome


def test_a_decode_taken_by_a_consumer_that_died_before_marking_it_is_queued_again(make_app, instance, small_scan,
                                                                                  tmp_path):
    """A consumer killed between taking the job off the queue and marking it as its own
    left the registration waiting its whole timeout (300 s), then a 503."""
    from app.jobs.consumer import start_embedded
    from app.jobs.queue import huey_for
    from tests.helpers import until

    app = make_app(instance, EMBEDDED_WORKER=False)  # no consumer yet
    huey = huey_for(app)
    thread, outcome = _decode_call(app, small_scan, tmp_path, timeout=120)
    taken = until(lambda: huey.dequeue(), 30, "the decode queued")  # taken, and its consumer "dies"
    start_embedded(app, beat=False)  # a live consumer, for what is queued next
    thread.join(120)
    assert outcome.get("answer", {}).get("channels") == ["single"], outcome  # before: a Timeout after 120 s
    assert huey.result(taken.id) is None  # it was answered by another run


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_decode_no_consumer_has_taken_is_not_queued_twice(make_app, instance, small_scan, tmp_path, queue):
    import os

    from app.jobs.errors import TaskError
    from app.jobs.queue import huey_for

    redis = {"REDIS_URL": os.environ.get("CIPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"), "SECRET_KEY": "t" * 32}
    app = make_app(instance, EMBEDDED_WORKER=False, **(redis if queue == "redis" else {}))
    huey = huey_for(app)
    thread, outcome = _decode_call(app, small_scan, tmp_path, timeout=8)  # four looks at the queue
    thread.join(120)
    assert isinstance(outcome.get("error"), TaskError) and outcome["error"].kind == "Timeout", outcome
    assert len(huey.pending()) == 1
    huey.flush()  # this deployment's keys only (its channel), not the rest of the test Redis
