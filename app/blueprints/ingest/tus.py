"""tus 1.0 endpoints (core, creation, termination, checksum, expiration) at
/api/v1/uploads/, so stock clients (tuspy, tus-js-client) work unmodified."""

from __future__ import annotations

from email.utils import format_datetime

from flask import current_app, g, request, url_for
from flask_babel import gettext as _

from app.blueprints.ingest import bp, uploads
from app.database import as_utc
from app.errors import ApiError
from app.security import allow, public
from app.validation import responds_media

VERSION = "1.0.0"
EXTENSIONS = "creation,termination,checksum,expiration"

# The headers of the protocol's bodiless answers, for the OpenAPI document.
RESUMABLE = {"Tus-Resumable": f"the tus version of this answer ({VERSION})"}
EXPIRES = {"Upload-Expires": "when an unfinished upload is discarded (an HTTP date)"}
OFFSET = {"Upload-Offset": "bytes received so far: the next PATCH starts there"}


def _headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": VERSION, "Cache-Control": "no-store", **extra}


def _require_version() -> None:
    if request.headers.get("Tus-Resumable") != VERSION:
        raise ApiError(412, "unsupported_version", _("Send Tus-Resumable: %(VERSION)s.", VERSION=VERSION),
                       headers={"Tus-Version": VERSION})


def _int_header(name: str) -> int:
    raw = request.headers.get(name)
    if raw is None or not raw.isdigit():
        raise ApiError(400, "invalid_request", _("%(name)s must be a non-negative integer.", name=name))
    return int(raw)


def _expires(upload) -> str:
    return format_datetime(as_utc(upload.expires_at), usegmt=True)


@bp.after_request
def _tus_resumable(response):
    # Every tus response, errors included, names the protocol version.
    if request.endpoint in ("ingest.tus_create", "ingest.tus_upload", "ingest.tus_options"):
        response.headers.setdefault("Tus-Resumable", VERSION)
    return response


@bp.route("/uploads/", methods=["OPTIONS"], endpoint="tus_options", provide_automatic_options=False)
@public
@responds_media({204: None}, headers={
    **RESUMABLE, "Tus-Version": "the tus versions served", "Tus-Extension": "the extensions served",
    "Tus-Max-Size": "the largest upload, in bytes", "Tus-Checksum-Algorithm": "the Upload-Checksum algorithms"})
def tus_options():
    return "", 204, _headers(**{
        "Tus-Version": VERSION, "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(current_app.config["MAX_UPLOAD_BYTES"]),
        "Tus-Checksum-Algorithm": ",".join(uploads.CHECKSUM_ALGORITHMS),
    })


@bp.post("/uploads/")
@allow(tokens=("scanner",), people=False)
@responds_media({201: None}, headers={**RESUMABLE, "Location": "the upload's URL, to PATCH", **OFFSET, **EXPIRES})
def tus_create():
    _require_version()
    if "Upload-Defer-Length" in request.headers:
        raise ApiError(400, "invalid_request", _("Upload-Defer-Length is not supported: send Upload-Length."))
    length = _int_header("Upload-Length")
    upload = uploads.create(g.api_token.scanner, length, uploads.parse_metadata(request.headers.get("Upload-Metadata")))
    location = url_for("ingest.tus_upload", upload_id=upload.id)
    return "", 201, _headers(Location=location, **{"Upload-Expires": _expires(upload),
                                                   "Upload-Offset": str(uploads.offset_of(upload))})


@bp.route("/uploads/<upload_id>", methods=["HEAD", "PATCH", "DELETE"], endpoint="tus_upload")
@allow(tokens=("scanner",), people=False)
@responds_media({200: None}, headers={**RESUMABLE, **OFFSET, **EXPIRES,
                                     "Upload-Length": "the upload's whole length in bytes",
                                     "Cache-Control": "no-store: an offset is never cached"}, method="HEAD")
@responds_media({204: None}, headers={**RESUMABLE, **OFFSET, **EXPIRES}, method="PATCH")
@responds_media({204: None}, headers=RESUMABLE, method="DELETE")
def tus_upload(upload_id: str):
    _require_version()
    upload = uploads.get_own(upload_id, g.api_token.scanner)
    if request.method == "HEAD":
        return "", 200, _headers(**{"Upload-Offset": str(uploads.offset_of(upload)),
                                   "Upload-Length": str(upload.length), "Upload-Expires": _expires(upload)})
    if request.method == "DELETE":
        uploads.terminate(upload)
        return "", 204, _headers()
    if request.mimetype != "application/offset+octet-stream":
        raise ApiError(415, "unsupported_media_type", _("PATCH bodies must be application/offset+octet-stream."))
    if upload.completed_at is not None:
        raise ApiError(409, "conflict", _("This upload is already complete."))
    offset = uploads.append(upload, _int_header("Upload-Offset"), request.stream,
                            request.headers.get("Upload-Checksum"))
    return "", 204, _headers(**{"Upload-Offset": str(offset), "Upload-Expires": _expires(upload)})
