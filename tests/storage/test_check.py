"""`cips storage check` finds what is missing or corrupt; housekeeping removes orphans;
a pyramid dropped by retention is built again when someone opens the scan. Run on the
local folder and, with CIPS_TEST_STORE=s3, on SeaweedFS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from app.blueprints.storage import check, store as image_store
from app.database import utcnow
from app.extensions import db
from app.models import ScanStorage, StoredObject
from tests.helpers import send_png, until

CIPS = str(Path(sys.executable).parent / "cips")


def _cli(app, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CIPS_INSTANCE_PATH": app.instance_path}
    for key in ("STORE_URL", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_REGION"):
        if app.config.get(key):
            env[f"CIPS_{key}"] = app.config[key]
    return subprocess.run([CIPS, *args], env=env, capture_output=True, text=True, timeout=120)


def test_storage_check_finds_a_deleted_object_and_a_corrupted_one(demo_app, gate1, small_scan, tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "CHECK-1")
    with demo_app.app_context():
        rows = {r.kind: r for r in db.session.scalars(sa.select(StoredObject).where(StoredObject.scan_id == scan_id))}
        assert {"original", "decoded", "pyramid", "manifest"} <= set(rows)
        assert check.check()["ok"]
        objects = image_store.objects()
        deleted, corrupted = rows["pyramid"].key, rows["original"].key
        objects.delete([deleted])
        body = bytearray(objects.get_bytes(corrupted))
        body[len(body) // 2] ^= 0xFF  # same size, one byte changed: only the SHA-256 tells
        objects.put_bytes(corrupted, bytes(body))

    done = _cli(demo_app, "storage", "check", "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [m["key"] for m in report["missing"]] == [deleted]
    assert [c["key"] for c in report["corrupt"]] == [corrupted]
    assert "sha256" in report["corrupt"][0]["problem"]
    text = _cli(demo_app, "storage", "check")
    assert f"MISSING {deleted}" in text.stdout and f"CORRUPT {corrupted}" in text.stdout


def test_housekeeping_removes_orphans_but_not_recorded_objects(demo_app, gate1, small_scan, tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "ORPHAN-1")
    with demo_app.app_context():
        objects = image_store.objects()
        orphan = "scans/999999/original/single.png" if objects.local else "ingest/deadbeef/original/single.png"
        objects.put_bytes(orphan, b"left by a crash")
        assert check.remove_orphans(min_age_seconds=3600) == 0  # too young: maybe a registration in progress
        assert check.remove_orphans(min_age_seconds=-1) == 1
        assert not objects.exists(orphan)
        assert check.check(scan_id=scan_id)["ok"]


def test_a_dropped_pyramid_is_built_again_when_the_scan_is_opened(demo_app, client, auth, gate1, small_scan,
                                                                  tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "REBUILD-1")
    auth.login("supervisor")
    scan = client.get(f"/api/v1/scans/{scan_id}").get_json()
    tile_url = scan["links"]["dzi"].replace(".dzi", "_files") + "/8/0_0.jpeg"
    first = client.get(tile_url)
    assert first.status_code == 200
    with demo_app.app_context():
        freed = image_store.drop_pyramid(scan_id)
        db.session.add(ScanStorage(scan_id=scan_id, pyramid_dropped_at=utcnow()))
        db.session.commit()
        assert freed > 0
        demo_app.extensions["cips_tiles"].forget(scan_id)
        demo_app.extensions["cips_tiles"].tiles.clear()
        demo_app.extensions["cips_tiles"].responses.clear()
    response = client.get(tile_url)
    assert response.status_code == 409 and response.get_json()["error"] == "rebuilding"
    until(lambda: client.get(tile_url).status_code == 200, 60, "the pyramid to be built again")

    def recorded() -> bool:  # the job records the new pyramid's objects after writing them
        with demo_app.app_context():
            return db.session.get(ScanStorage, scan_id).pyramid_dropped_at is None
    until(recorded, 60, "the rebuilt pyramid to be recorded")
    with demo_app.app_context():
        assert check.check(scan_id=scan_id)["ok"]


def test_scans_stored_before_this_version_are_adopted(demo_app, gate1, small_scan, tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "ADOPT-1")
    with demo_app.app_context():
        if not image_store.objects().local:
            return  # a bucket is only ever written by this version
        before = {(r.key, r.kind, r.size_bytes, r.sha256) for r in db.session.scalars(
            sa.select(StoredObject).where(StoredObject.scan_id == scan_id))}
        db.session.execute(sa.delete(StoredObject).where(StoredObject.scan_id == scan_id))
        db.session.commit()
        assert check.adopt() == {"scans": 1, "objects": len(before)}
        after = {(r.key, r.kind, r.size_bytes, r.sha256) for r in db.session.scalars(
            sa.select(StoredObject).where(StoredObject.scan_id == scan_id))}
        assert after == before
        assert check.adopt() == {"scans": 0, "objects": 0}
