"""`cips storage check` and housekeeping: the store of record against the database.

The check reads every recorded object back and compares its SHA-256 with the one
written at ingest; the housekeeping chore removes what nobody records (objects staged
by a registration that crashed, folders of scans that no longer exist)."""

from __future__ import annotations

import logging
import shutil
import time
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app import jobs
from app.blueprints.storage import store as image_store
from app.extensions import db
from app.models import Scan, StoredObject
from app.storage import ObjectMissing, sha256_file

log = logging.getLogger(__name__)

STORE_TREES = ("scans/", "ingest/")


def check(scan_id: int | None = None, quick: bool = False) -> dict[str, Any]:
    """Every recorded object (of one scan, or all): present, the recorded size, and
    unless `quick` the recorded SHA-256 when read back."""
    objects = image_store.objects()
    query = sa.select(StoredObject).order_by(StoredObject.id)
    if scan_id is not None:
        query = query.where(StoredObject.scan_id == scan_id)
    listed: dict[str, int] = {}
    for tree in STORE_TREES if scan_id is None else ():
        listed.update({o.key: o.size for o in objects.list(tree)})
    missing, corrupt = [], []
    checked = checked_bytes = 0
    for row in db.session.scalars(query):
        checked += 1
        entry = {"key": row.key, "scan_id": row.scan_id, "kind": row.kind}
        if scan_id is None:
            size = listed.get(row.key)
        else:
            size = next((o.size for o in objects.list(row.key) if o.key == row.key), None)
        if size is None:
            missing.append(entry)
            continue
        if size != row.size_bytes:
            corrupt.append({**entry, "problem": f"size {size}, recorded {row.size_bytes}"})
            continue
        if not quick:
            try:
                actual = objects.sha256(row.key)
            except ObjectMissing:
                missing.append(entry)
                continue
            checked_bytes += size
            if actual != row.sha256:
                corrupt.append({**entry, "problem": f"sha256 {actual}, recorded {row.sha256}"})
    return {"store": objects.url, "checked": checked, "bytes_read": checked_bytes,
            "missing": missing, "corrupt": corrupt, "ok": not missing and not corrupt}


def orphans(min_age_seconds: float) -> list[str]:
    """Keys in the store that no row records, written more than `min_age_seconds` ago.
    On the local folder only whole folders of scans the database does not know count
    (a pyramid's full-resolution level is a link to the decoded channel, unrecorded)."""
    objects = image_store.objects()
    cutoff = time.time() - min_age_seconds
    if objects.local:
        scans = image_store.local_root() / "scans"
        if not scans.is_dir():
            return []
        known = set(db.session.scalars(sa.select(Scan.id)))
        found = []
        for folder in scans.iterdir():
            if folder.name.isdigit() and int(folder.name) not in known and folder.stat().st_mtime < cutoff:
                found.append(f"scans/{folder.name}")
        return found
    recorded = set(db.session.scalars(sa.select(StoredObject.key)))
    return [o.key for tree in STORE_TREES for o in objects.list(tree)
            if o.key not in recorded and o.modified < cutoff]


def remove_orphans(min_age_seconds: float) -> int:
    keys = orphans(min_age_seconds)
    objects = image_store.objects()
    if objects.local:
        for key in keys:
            shutil.rmtree(image_store.local_root() / key, ignore_errors=True)
    else:
        objects.delete(keys)
    if keys:
        log.info("housekeeping: removed %d orphaned objects from %s", len(keys), objects.url)
    return len(keys)


@jobs.chore("HOUSEKEEPING_SECONDS")
def remove_orphaned_objects() -> int:
    return remove_orphans(current_app.config["ORPHAN_MIN_AGE_SECONDS"])


def adopt() -> dict[str, int]:
    """Record the objects of scans stored before `stored_objects` existed (local folder
    only: a bucket is only ever written by this version). Their sizes and SHA-256 are
    taken now; `cips storage check` verifies them from then on."""
    objects = image_store.objects()
    if not objects.local:
        return {"scans": 0, "objects": 0}
    recorded = set(db.session.scalars(sa.select(StoredObject.scan_id).distinct()))
    adopted = rows = 0
    for scan_id in db.session.scalars(sa.select(Scan.id).order_by(Scan.id)):
        folder = image_store.scan_folder(scan_id)
        if scan_id in recorded or not folder.is_dir():
            continue
        inodes = set()
        found = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(folder).as_posix()
            st = path.stat()
            if rel.startswith("pyramid/"):
                kind = "manifest" if path.name == "manifest.json" else "pyramid"
            elif rel.startswith("photos/"):
                kind = "photo"
            else:
                kind = "original" if rel.startswith("original/") else "decoded"
                inodes.add((st.st_dev, st.st_ino))
            found.append((path, rel, kind, st))
        for path, rel, kind, st in found:
            if kind == "pyramid" and (st.st_dev, st.st_ino) in inodes:
                continue  # the full-resolution level: a link to the decoded channel
            db.session.add(StoredObject(key=f"scans/{scan_id}/{rel}", scan_id=scan_id, kind=kind,
                                        size_bytes=st.st_size, sha256=sha256_file(path)))
            rows += 1
        db.session.commit()
        adopted += 1
    return {"scans": adopted, "objects": rows}
