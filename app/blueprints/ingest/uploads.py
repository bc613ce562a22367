"""The tus 1.0 upload store: creation, resumable appends with checksums,
termination and expiry. Bytes go to `<store>/uploads/<id>.part`; the current
offset is the file's size, so it is right even after a crash mid-write."""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import os
import secrets
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import IO, BinaryIO, Iterator

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.exceptions import ClientDisconnected

from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Scanner, Upload
from app.store import FileStore, sha256_of

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}
# A read waits for its whole size, and a cut link loses the read in progress:
# small reads keep all but the last few KiB of a broken PATCH.
PATCH_READ = 64 * 1024


def store() -> FileStore:
    return FileStore(current_app.config["STORE_PATH"])


def part_path(upload_id: str) -> Path:
    return store().path(f"uploads/{upload_id}.part")


def offset_of(upload: Upload) -> int:
    if upload.completed_at is not None:
        return upload.length  # its bytes may have moved into a scan already
    try:
        return part_path(upload.id).stat().st_size
    except FileNotFoundError:
        return 0


def parse_metadata(header: str | None) -> dict[str, str]:
    """`Upload-Metadata: key base64value,key2 base64value2` (values optional)."""
    meta: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in (header or "").split(","))):
        key, _space, value = pair.partition(" ")
        try:
            meta[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise ApiError(400, "invalid_request", _("Upload-Metadata value of %(key)s is not base64 UTF-8.", key=repr(key))) from None
    return meta


def create(scanner: Scanner, length: int, meta: dict[str, str]) -> Upload:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if length > limit:
        raise ApiError(413, "too_large", _("Uploads are limited to %(limit)s bytes.", limit=limit))
    upload = Upload(
        id=secrets.token_hex(16), scanner=scanner, length=length, meta=meta,
        expires_at=utcnow() + timedelta(seconds=current_app.config["UPLOAD_EXPIRY_SECONDS"]),
    )
    path = part_path(upload.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    db.session.add(upload)
    db.session.commit()
    if length == 0:
        _complete(upload)
    return upload


def get_own(upload_id: str, scanner: Scanner) -> Upload:
    upload = db.session.get(Upload, upload_id) if len(upload_id) == 32 else None
    if upload is None:
        raise ApiError(404, "not_found", _("No such upload."))
    if upload.scanner_id != scanner.id:
        raise ApiError(403, "forbidden", _("This upload belongs to another scanner."))
    if upload.completed_at is None and as_utc(upload.expires_at) < utcnow():
        raise ApiError(410, "expired", _("This upload expired before it was finished; start a new one."))
    return upload


@contextmanager
def _locked(path: Path) -> Iterator[BinaryIO]:
    """One writer per upload: a second PATCH while one runs gets 423, as tusd does."""
    with open(path, "r+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ApiError(423, "locked", _("Another request is writing to this upload.")) from None
        try:
            yield fh
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def append(upload: Upload, offset: int, stream: IO[bytes], checksum: str | None) -> int:
    """Write the request body at `offset`; returns the new offset."""
    verifier = _checksum(checksum)
    path = part_path(upload.id)
    with _locked(path) as fh:
        current = os.fstat(fh.fileno()).st_size
        if offset != current:
            raise ApiError(409, "conflict", _("Upload-Offset is %(offset)s but the server has %(current)s bytes.", offset=offset, current=current))
        fh.seek(current)
        written = 0
        try:
            while chunk := stream.read(PATCH_READ):
                if current + written + len(chunk) > upload.length:
                    fh.truncate(current)
                    raise ApiError(413, "too_large", _("The body goes past Upload-Length."))
                fh.write(chunk)
                written += len(chunk)
                if verifier:
                    verifier[1].update(chunk)
        except (OSError, ClientDisconnected):
            # The link dropped mid-body: keep what arrived (tus resumes from it)
            # unless it must be verified as a whole.
            fh.flush()
            if verifier:
                fh.truncate(current)
            raise ApiError(400, "incomplete_body", _("The connection ended before the body was complete; resume with HEAD.")) from None
        fh.flush()
        if verifier and not _matches(verifier):
            fh.truncate(current)
            raise ApiError(460, "checksum_mismatch", _("Upload-Checksum does not match the body; it was discarded."))
        new_offset = current + written
    if new_offset == upload.length:
        _complete(upload)
    return new_offset


def _checksum(header: str | None):
    if header is None:
        return None
    algorithm, _space, value = header.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise ApiError(400, "invalid_request", _("Checksum algorithm must be one of %(value)s.", value=', '.join(CHECKSUM_ALGORITHMS)))
    try:
        expected = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ApiError(400, "invalid_request", _("Upload-Checksum value is not base64.")) from None
    return expected, CHECKSUM_ALGORITHMS[algorithm]()


def _matches(verifier) -> bool:
    expected, digest = verifier
    return secrets.compare_digest(expected, digest.digest())


def _complete(upload: Upload) -> None:
    upload.sha256 = sha256_of(part_path(upload.id))
    upload.completed_at = utcnow()
    db.session.commit()


def terminate(upload: Upload) -> None:
    if upload.scan_id is not None:
        raise ApiError(409, "conflict", _("This upload already belongs to a registered scan."))
    store().remove(part_path(upload.id))
    db.session.delete(upload)
    db.session.commit()


def cleanup_expired() -> int:
    """Delete uploads that expired before a scan took them. Rows a scan took stay:
    they let a retried registration that names them be recognised."""
    now = utcnow()
    expired = db.session.scalars(
        sa.select(Upload).where(Upload.expires_at < now, Upload.scan_id.is_(None))
    ).all()
    for upload in expired:
        store().remove(part_path(upload.id))
        db.session.delete(upload)
    db.session.commit()
    return len(expired)
