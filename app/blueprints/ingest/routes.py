from __future__ import annotations

import json
from pathlib import Path

from flask import g, jsonify, request

from app.blueprints.ingest import bp
from app.blueprints.ingest.registration import IncomingFile, files_from_uploads, register
from app.blueprints.ingest.schema import FILE_ROLES, invalid, parse_registration
from app.blueprints.ingest.uploads import store
from app.blueprints.scans.services import serialize_scan_summary
from app.errors import ApiError
from app.security import allow
from app.store import write_stream_atomic


@bp.post("/scans")
@allow(tokens=("scanner",), people=False)
def register_scan():
    scanner = g.api_token.scanner
    if request.mimetype == "multipart/form-data":
        return _register_multipart(scanner)
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send application/json (tus uploads) or multipart/form-data.")
    meta = parse_registration(request.get_json(silent=True))
    scan, created = register(scanner, meta, files_from_uploads(scanner, meta["files"]))
    return jsonify(serialize_scan_summary(scan)), 201 if created else 200


def _register_multipart(scanner):
    try:
        body = json.loads(request.form.get("metadata", ""))
    except ValueError:
        raise invalid("metadata", "the 'metadata' part must be JSON") from None
    if isinstance(body, dict) and "files" not in body:
        body["files"] = None
    meta = parse_registration(body)
    parts = [(role, request.files[role]) for role in FILE_ROLES if role in request.files]
    if not parts:
        raise invalid("files", f"attach file parts named by role: {', '.join(FILE_ROLES)}")
    scratch = store().scratch_dir()
    try:
        files = []
        for role, part in parts:
            name = Path(part.filename or role).name
            target = scratch / "original" / f"{role}{Path(name).suffix.lower()[:10]}"
            size, digest = write_stream_atomic(part.stream, target)
            if size == 0:
                raise invalid(f"files.{role}", "is empty")
            files.append(IncomingFile(role, target, name, digest))
        scan, created = register(scanner, meta, files)
    finally:
        store().remove(scratch)
    return jsonify(serialize_scan_summary(scan)), 201 if created else 200
