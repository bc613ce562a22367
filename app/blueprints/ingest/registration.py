"""Registering a scan: metadata + finished files -> a decoded, stored scan whose
processing is queued. A scan is registered whole or not at all; the same
scan_uid with the same content is a retry (200), with other content a conflict.

A worker decodes the files while the request waits (a bad file is a 422 in the
answer) holding no database connection: under load, waiting requests must not
exhaust the pool that everyone else needs."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import events, jobs
from app.blueprints.ingest import processing, tasks
from app.blueprints.ingest.schema import FILE_ROLES, check_files, invalid
from app.blueprints.ingest.uploads import get_own, part_path, store
from app.blueprints.storage import store as image_store
from app.errors import ApiError
from app.extensions import db
from app.models import Scan, ScanChannel, Scanner, Upload
from app.store import write_stream_atomic

# Task failures that are the file's fault, and what the scanner is told.
_TASK_ERRORS = {"UnsupportedFormat": (415, "unsupported_format"), "InvalidScanFile": (422, "invalid_file")}


@dataclass
class IncomingFile:
    role: str
    path: Path  # where the bytes are now
    name: str
    sha256: str
    upload_id: str | None = None
    upload_scan_id: int | None = None  # the scan an upload already went into


def files_from_uploads(scanner: Scanner, items: Any) -> list[IncomingFile]:
    files = []
    for i, item in enumerate(check_files(items)):
        upload_id = urlparse(item["upload"]).path.rstrip("/").rsplit("/", 1)[-1]
        try:
            upload = get_own(upload_id, scanner)
        except ApiError as exc:
            if exc.status == 404:
                raise invalid(f"files[{i}].upload", _("no such upload")) from None
            raise
        if upload.completed_at is None:
            raise invalid(f"files[{i}].upload", _("the upload is not finished yet"))
        files.append(IncomingFile(item["role"], part_path(upload.id), upload.meta.get("filename", item["role"]),
                                  upload.sha256, upload.id, upload.scan_id))
    return files


def content_digest(meta: dict[str, Any], files: list[IncomingFile]) -> str:
    """What makes two registrations 'the same': metadata and file contents, not upload URLs."""
    body = {k: v for k, v in meta.items() if k != "files"}
    body["files"] = sorted((f.role, f.sha256) for f in files)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def register(scanner: Scanner, meta: dict[str, Any], files: list[IncomingFile],
             inline: bool = False) -> tuple[Scan, bool]:
    """Returns (scan, created). `inline=True` decodes and processes in this process
    before returning (the demo seed and the academy's CLI, which run without a server)."""
    digest = content_digest(meta, files)
    existing = _existing(scanner, meta["scan_uid"], digest)
    if existing is not None:
        return existing, False
    for i, f in enumerate(files):
        if f.upload_scan_id is not None:
            raise invalid(f"files[{i}].upload", _("already belongs to scan %(upload_scan_id)s; upload the file again", upload_scan_id=f.upload_scan_id))

    scanner_id = scanner.id
    scratch = store().scratch_dir()
    published: Path | None = None
    staged: image_store.Staged | None = None
    try:
        linked = _link_originals(scratch, files)
        # Hold no connection while a worker decodes: ending the transaction returns it
        # to the pool (a caller's pending rows are kept, as the final commit would have);
        # the session's objects stay usable and reload later.
        db.session.commit()
        decoded = _decode(scratch, meta, linked, inline)
        # Into the store of record before the scan row exists (on a bucket: uploaded,
        # read back and checked), so no database lock is held while the bytes travel.
        known = {str(Path(item["path"]).relative_to(scratch)): f.sha256 for item, f in zip(linked, files)}
        known.update(decoded.get("sha256", {}))
        staged = image_store.stage_scan_files(scratch, known)
        scanner = db.session.get(Scanner, scanner_id)
        scan = _insert(scanner, meta, files, decoded, digest)
        # A folder left by a crash before an earlier commit may hold this (reused) id.
        store().remove(f"scans/{scan.id}")
        published = store().publish_dir(scratch, f"scans/{scan.id}")
        image_store.record_scan_files(scan.id, staged)  # the objects' rows commit with the scan
        db.session.commit()
    except IntegrityError:
        # The same scan_uid registered concurrently: answer as for a retry.
        db.session.rollback()
        store().remove(published or scratch)
        if staged is not None:
            image_store.discard_staged(staged)
        existing = _existing(scanner, meta["scan_uid"], digest)
        if existing is None:
            raise
        return existing, False
    except BaseException:
        db.session.rollback()
        store().remove(published or scratch)
        if staged is not None:
            image_store.discard_staged(staged)
        raise
    for f in files:
        if f.upload_id is not None:
            part_path(f.upload_id).unlink(missing_ok=True)  # now hard-linked into the scan
    if scan.purpose == "live":
        events.scan_registered.send(scan.id)
    processing.start(scan, inline=inline)
    return scan, True


def register_parts(scanner: Scanner, meta: dict[str, Any], parts: list[tuple[str, Any]],
                   inline: bool = False) -> tuple[Scan, bool]:
    """Register a scan from multipart file parts (role, werkzeug FileStorage)."""
    if not parts:
        raise invalid("files", _("attach file parts named by role: %(value)s", value=', '.join(FILE_ROLES)))
    scratch = store().scratch_dir()
    try:
        files = []
        for role, part in parts:
            name = Path(part.filename or role).name
            target = scratch / "original" / f"{role}{Path(name).suffix.lower()[:10]}"
            size, digest = write_stream_atomic(part.stream, target)
            if size == 0:
                raise invalid(f"files.{role}", _("is empty"))
            files.append(IncomingFile(role, target, name, digest))
        return register(scanner, meta, files, inline=inline)
    finally:
        store().remove(scratch)



def _existing(scanner: Scanner, scan_uid: str, digest: str) -> Scan | None:
    scan = db.session.scalar(sa.select(Scan).where(Scan.scanner_id == scanner.id, Scan.scan_uid == scan_uid))
    if scan is not None and scan.content_sha256 != digest:
        raise ApiError(409, "conflict", _("Scan %(scan_uid)s was already registered with other content.", scan_uid=repr(scan_uid)),
                       scan_id=scan.id)
    return scan


def _link_originals(scratch: Path, files: list[IncomingFile]) -> list[dict[str, str]]:
    originals = scratch / "original"
    originals.mkdir(exist_ok=True)
    linked = []
    for f in files:
        target = originals / f"{f.role}{Path(f.name).suffix.lower()[:10]}"
        if f.path.parent != originals:
            os.link(f.path, target)  # same filesystem: no copy, the upload stays intact until commit
        else:
            target = f.path
        linked.append({"path": str(target), "role": f.role, "name": f.name})
    return linked


def _decode(scratch: Path, meta: dict[str, Any], linked: list[dict[str, str]], inline: bool) -> dict[str, Any]:
    args = (linked, str(scratch), meta["format"], current_app.config["MAX_SCAN_PIXELS"])
    try:
        if inline:
            return jobs.cpu(tasks.decode, files=linked, scan_dir=str(scratch), format=meta["format"],
                            max_pixels=current_app.config["MAX_SCAN_PIXELS"])
        return jobs.call(processing.decode_files, *args)
    except jobs.TaskError as exc:
        if exc.kind == "Timeout":
            raise ApiError(503, "busy", _("No worker could decode the files in time; send the scan again shortly."),
                           headers={"Retry-After": "30"}) from None
        status, code = _TASK_ERRORS.get(exc.kind, (422, "invalid_file"))
        raise ApiError(status, code, exc.message) from None


def _insert(scanner: Scanner, meta: dict[str, Any], files: list[IncomingFile], decoded: dict[str, Any],
            digest: str) -> Scan:
    conveyance = meta["conveyance"]
    scan = Scan(
        scanner=scanner, scan_uid=meta["scan_uid"], scanned_at=datetime.fromisoformat(meta["scanned_at"]),
        status="processing", format=decoded["format"], conveyance_kind=conveyance["kind"],
        container_ids=conveyance["container_ids"], plate=conveyance["plate"], weight_kg=meta["weight_kg"],
        radiation_alarm=meta["radiation"]["alarm"], radiation_cps=meta["radiation"]["cps"],
        width=decoded["width"], height=decoded["height"], content_sha256=digest,
        purpose=meta.get("purpose", "live"),
        meta={"vendor": decoded["metadata"], "files": [{"role": f.role, "name": f.name, "sha256": f.sha256}
                                                       for f in files]},
    )
    data_files = [f for f in files if f.role != "sidecar"]
    for role in decoded["channels"]:
        # The file this channel came from: by role, or the only data file (a two-page TIFF).
        source = next((f for f in data_files if f.role == role), data_files[0] if len(data_files) == 1 else None)
        scan.channels.append(ScanChannel(
            role=role, width=decoded["width"], height=decoded["height"],
            sha256=source.sha256 if source else "", storage_key="",
            size_bytes=source.path.stat().st_size if source else 0,
        ))
    db.session.add(scan)
    db.session.flush()
    for ch in scan.channels:
        ch.storage_key = f"scans/{scan.id}/{ch.role}.npy"
    for f in files:
        if f.upload_id is not None:
            db.session.get(Upload, f.upload_id).scan_id = scan.id
    return scan
