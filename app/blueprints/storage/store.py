"""The app's image store: which store of record (CIPS_STORE_URL), the local cache, and
what ingest, processing and the tile service call to put a scan's files there and get
them back.

A scan is written in two stages, each visible only when complete:
- at registration, its originals and decoded channels (`scans/<id>/original/...`,
  `scans/<id>/<role>.npy`); on a bucket each is uploaded, read back and hashed, then
  `scans/<id>/manifest.json` lists them, and the scan row commits with them;
- after processing, its pyramid (`scans/<id>/pyramid/v-.../*.npy`), then the pyramid's
  `manifest.json` (with the objects map) last.
Every object has a row in `stored_objects` with its size and SHA-256."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import StoredObject
from app.storage import (
    ChecksumMismatch, LocalCache, ObjectStore, S3Objects, open_remote_scan, open_store, sha256_file,
)
from app.tiles import ProcessedScan, load_scan
from app.tiles.store import MANIFEST

log = logging.getLogger(__name__)

SCAN_MANIFEST = "manifest.json"


def objects() -> ObjectStore:
    app = current_app
    found = app.extensions.get("cips_objects")
    if found is None:
        c = app.config
        found = app.extensions["cips_objects"] = open_store(
            c["STORE_URL"], c["STORE_PATH"], c["S3_ENDPOINT"], c["S3_ACCESS_KEY"], c["S3_SECRET_KEY"], c["S3_REGION"])
    return found


def remote() -> bool:
    return not objects().local


def cache() -> LocalCache:
    app = current_app
    found = app.extensions.get("cips_store_cache")
    if found is None:
        found = app.extensions["cips_store_cache"] = LocalCache(app.config["STORE_PATH"],
                                                                app.config["STORE_CACHE_BYTES"])
    return found


def local_root() -> Path:
    return Path(current_app.config["STORE_PATH"])


def scan_key(scan_id: int, rel: str) -> str:
    """The key of a scan's object: everything of a scan lives under `scans/<id>/`
    (originals, decoded channels, `pyramid/`, inspection `photos/`)."""
    return f"scans/{scan_id}/{rel}"


def scan_folder(scan_id: int) -> Path:
    """Where this process keeps the scan's files: the store itself, or its cache."""
    return local_root() / "scans" / str(scan_id)


def _upload_verified(store: ObjectStore, key: str, path: Path, sha256: str) -> None:
    """Put the file and read it back: the store must give back the bytes hashed here."""
    store.put_file(key, path)
    actual = store.sha256(key)
    if actual != sha256:
        raise ChecksumMismatch(key, sha256, actual)


def _files(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(".")
                  and not any(p.relative_to(folder).as_posix().startswith(s) for s in skip))


@dataclass
class StagedFile:
    rel: str  # path inside the scan folder: original/high.tif, high.npy
    kind: str
    size: int
    sha256: str


@dataclass
class Staged:
    """A registration's files, hashed (and on a bucket uploaded, read back and listed in
    `<prefix>/manifest.json`) before the scan row exists: no database lock is held
    while bytes travel."""
    prefix: str | None  # ingest/<uuid> on a bucket; None on the local folder
    files: list[StagedFile]

    def key(self, scan_id: int, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix else scan_key(scan_id, rel)


def stage_scan_files(folder: Path, known: dict[str, str] | None = None) -> Staged:
    """Hash a registration's scratch folder (originals, decoded channels) and, on a
    bucket, upload it under a fresh `ingest/<uuid>/` prefix, manifest last. `known`:
    digests by relative path already computed as the bytes were received or written
    (tus upload, decode), not read again."""
    known = known or {}
    store = objects()
    prefix = None if store.local else f"ingest/{uuid.uuid4().hex}"
    staged = Staged(prefix, [])
    try:
        for path in _files(folder, skip=("pyramid/", SCAN_MANIFEST)):
            rel = path.relative_to(folder).as_posix()
            entry = StagedFile(rel, "original" if rel.startswith("original/") else "decoded",
                               path.stat().st_size, known.get(rel) or sha256_file(path))
            if prefix:
                _upload_verified(store, f"{prefix}/{rel}", path, entry.sha256)
            staged.files.append(entry)
        if prefix:
            body = json.dumps({"objects": [{"key": f"{prefix}/{f.rel}", "kind": f.kind, "size": f.size,
                                            "sha256": f.sha256} for f in staged.files]}).encode()
            store.put_bytes(f"{prefix}/{SCAN_MANIFEST}", body)  # last: complete in the bucket
    except BaseException:
        discard_staged(staged)
        raise
    return staged


def record_scan_files(scan_id: int, staged: Staged) -> list[StoredObject]:
    """The staged files' rows, added to the session: they commit with the scan."""
    rows = [StoredObject(key=staged.key(scan_id, f.rel), scan_id=scan_id, kind=f.kind, size_bytes=f.size,
                         sha256=f.sha256) for f in staged.files]
    if staged.prefix:
        key = f"{staged.prefix}/{SCAN_MANIFEST}"
        body = json.dumps({"objects": [{"key": r.key, "kind": r.kind, "size": r.size_bytes, "sha256": r.sha256}
                                       for r in rows]}).encode()
        rows.append(_manifest_row(scan_id, key, body))
    for row in rows:
        db.session.add(row)
    return rows


def discard_staged(staged: Staged) -> None:
    """Remove what a failed registration put in the bucket (its rows roll back)."""
    if staged.prefix:
        store = objects()
        store.delete([o.key for o in store.list(f"{staged.prefix}/")])


def _rel(row: StoredObject) -> str:
    """A decoded or original object's path inside the scan folder."""
    parts = row.key.split("/")
    return "/".join(parts[2:])  # scans/<id>/<rel> or ingest/<uuid>/<rel>


def _manifest_row(scan_id: int, key: str, body: bytes) -> StoredObject:
    import hashlib

    return StoredObject(key=key, scan_id=scan_id, kind="manifest", size_bytes=len(body),
                        sha256=hashlib.sha256(body).hexdigest())


def ensure_decoded(scan_id: int) -> Path:
    """The scan's decoded channels in this process's scan folder (fetched from the
    bucket into the cache and linked in)."""
    folder = scan_folder(scan_id)
    if remote():
        for row in db.session.scalars(sa.select(StoredObject).where(
                StoredObject.scan_id == scan_id, StoredObject.kind == "decoded")):
            target = folder / _rel(row)
            if target.is_file():
                continue
            cached = cache().fetch(objects(), row.key, row.sha256)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(cached, target)
            except FileExistsError:
                pass
    return folder


def save_pyramid(scan_id: int) -> dict[str, Any]:
    """The pyramid just built under the scan folder into the store of record, manifest
    last; the rows and objects of earlier versions go. Commits."""
    store = objects()
    folder = scan_folder(scan_id)
    manifest: dict[str, Any] = json.loads((folder / "pyramid" / MANIFEST).read_text("utf-8"))
    data = folder / "pyramid" / manifest["data"]
    decoded = {row.key: row for row in db.session.scalars(sa.select(StoredObject).where(
        StoredObject.scan_id == scan_id, StoredObject.kind == "decoded"))}
    by_inode = {}
    for row in decoded.values():
        try:
            st = (folder / _rel(row)).stat()
            by_inode[(st.st_dev, st.st_ino)] = row
        except FileNotFoundError:
            continue
    files: dict[str, dict[str, Any]] = {}
    new_rows = []
    for path in _files(data):
        st = path.stat()
        alias = by_inode.get((st.st_dev, st.st_ino))
        if alias is not None:  # the full-resolution level is the decoded channel itself
            files[path.name] = {"key": alias.key, "size": alias.size_bytes, "sha256": alias.sha256}
            continue
        key = f"scans/{scan_id}/pyramid/{data.name}/{path.name}"
        sha256 = sha256_file(path)
        if not store.local:
            _upload_verified(store, key, path, sha256)
        files[path.name] = {"key": key, "size": st.st_size, "sha256": sha256}
        new_rows.append(StoredObject(key=key, scan_id=scan_id, kind="pyramid", size_bytes=st.st_size, sha256=sha256))
    manifest_key = f"scans/{scan_id}/pyramid/{MANIFEST}"
    body = json.dumps({**manifest, "objects": files}).encode()
    if not store.local:
        store.put_bytes(manifest_key, body)  # last: readers find every file it names
    keep = {r.key for r in new_rows} | {manifest_key}
    old = list(db.session.scalars(sa.select(StoredObject).where(
        StoredObject.scan_id == scan_id, StoredObject.kind.in_(("pyramid", "manifest")),
        StoredObject.key.like(f"scans/{scan_id}/pyramid/%"))))
    stale = [r.key for r in old if r.key not in keep]
    for row in old:
        db.session.delete(row)
    db.session.flush()
    for row in new_rows:
        db.session.add(row)
    local_body = (folder / "pyramid" / MANIFEST).read_bytes()
    db.session.add(_manifest_row(scan_id, manifest_key, body if not store.local else local_body))
    db.session.commit()
    if stale and not store.local:
        store.delete(stale)
    return {"objects": len(new_rows), "bytes": sum(r.size_bytes for r in new_rows)}


def put_scan_object(scan_id: int, rel: str, data: bytes, kind: str) -> StoredObject:
    """Write small bytes (an inspection photo) as one of the scan's objects, read back
    against their SHA-256 on a bucket; the row is added to the session (the caller
    commits, or calls `delete_objects` if it cannot)."""
    key = scan_key(scan_id, rel)
    sha256 = hashlib.sha256(data).hexdigest()
    store = objects()
    store.put_bytes(key, data)
    if not store.local and store.sha256(key) != sha256:
        store.delete([key])
        raise ChecksumMismatch(key, sha256, store.sha256(key))
    row = StoredObject(key=key, scan_id=scan_id, kind=kind, size_bytes=len(data), sha256=sha256)
    db.session.add(row)
    return row


def get_object(key: str) -> bytes:
    """An object's bytes from the store of record (raises ObjectMissing)."""
    return objects().get_bytes(key)


def delete_objects(keys: list[str]) -> None:
    """Remove objects whose rows never committed (a write that lost a race)."""
    if keys:
        objects().delete(keys)


def open_pyramid(scan_id: int) -> ProcessedScan:
    """The scan's current pyramid, memory-mapped: from the store, or through the cache.
    Raises FileNotFoundError when it has none (dropped, or never built)."""
    if remote():
        return open_remote_scan(objects(), cache(), scan_id)
    return load_scan(scan_folder(scan_id) / "pyramid")


def drop_pyramid(scan_id: int) -> int:
    """Delete the scan's pyramid everywhere (it can be built again from the decoded
    channels); returns the bytes freed in the store. The caller commits."""
    rows = list(db.session.scalars(sa.select(StoredObject).where(
        StoredObject.scan_id == scan_id, StoredObject.key.like(f"scans/{scan_id}/pyramid/%"))))
    freed = sum(r.size_bytes for r in rows if r.kind == "pyramid")
    store = objects()
    if not store.local:
        # the manifest first: a reader then stops finding the pyramid before its files go
        manifests = [r.key for r in rows if r.kind == "manifest"]
        store.delete(manifests)
        store.delete([r.key for r in rows if r.kind != "manifest"])
    shutil.rmtree(scan_folder(scan_id) / "pyramid", ignore_errors=True)
    for row in rows:
        db.session.delete(row)
    return freed


def purge_scan(scan_id: int) -> int:
    """Delete every object of the scan; returns the bytes freed. The caller commits."""
    rows = list(db.session.scalars(sa.select(StoredObject).where(StoredObject.scan_id == scan_id)))
    store = objects()
    keys = [r.key for r in rows]
    if not store.local:
        manifests = [k for k in keys if k.endswith(MANIFEST)]
        store.delete(manifests)
        store.delete([k for k in keys if k not in manifests])
    shutil.rmtree(scan_folder(scan_id), ignore_errors=True)
    for row in rows:
        db.session.delete(row)
    return sum(r.size_bytes for r in rows)


def ensure_bucket() -> None:
    store = objects()
    if isinstance(store, S3Objects):
        store.ensure_bucket()
