"""Validation of a scan registration's metadata: one clear message per mistake."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from flask_babel import gettext as _
from typing import Any

from app.database import parse_iso
from app.errors import ApiError
from app.models.scans import CONVEYANCE_KINDS

FILE_ROLES = ("high", "low", "single", "sidecar")
FIELDS = {"scan_uid", "scanned_at", "conveyance", "weight_kg", "radiation", "format", "files"}
_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_IDENT = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,31}")
MAX_WEIGHT_KG = 200_000  # heavier than any road or rail load a scanner takes
MAX_CLOCK_AHEAD = timedelta(hours=1)


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_metadata", f"{field}: {message}", field=field)


def parse_registration(body: Any) -> dict[str, Any]:
    """The normalised metadata, or ApiError 422 naming the first bad field."""
    if not isinstance(body, dict):
        raise invalid("metadata", _("must be a JSON object"))
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise invalid(unknown[0], _("unknown field (known: %(value)s)", value=', '.join(sorted(FIELDS))))
    return {
        "scan_uid": _scan_uid(body.get("scan_uid")),
        "scanned_at": _timestamp(body.get("scanned_at")),
        "conveyance": _conveyance(body.get("conveyance")),
        "weight_kg": _number(body.get("weight_kg"), "weight_kg", 0, MAX_WEIGHT_KG),
        "radiation": _radiation(body.get("radiation")),
        "format": _format(body.get("format")),
        "files": body.get("files"),
    }


def parse_files(value: Any, *, allow_missing_upload: bool = False) -> list[dict[str, str]]:
    if not isinstance(value, list) or not 1 <= len(value) <= 4:
        raise invalid("files", _("must be a list of 1 to 4 files"))
    files = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or item.get("role") not in FILE_ROLES:
            raise invalid(f"files[{i}].role", _("must be one of %(value)s", value=', '.join(FILE_ROLES)))
        upload = item.get("upload")
        if not allow_missing_upload and (not isinstance(upload, str) or not upload):
            raise invalid(f"files[{i}].upload", _("must be the URL of a finished tus upload"))
        files.append({"role": item["role"], "upload": upload})
    roles = [f["role"] for f in files]
    if len(set(roles)) != len(roles):
        raise invalid("files", _("each role may appear once"))
    # Which combinations make a scan is the format plug-in's call (a two-page TIFF
    # holds both energies in one file); it answers 422 with the reason.
    return files


def _scan_uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise invalid("scan_uid", _("1-128 characters: letters, digits, '.', '_', ':' or '-'"))
    return value


def _timestamp(value: Any) -> str:
    when = parse_iso(value)
    if when is None:
        raise invalid("scanned_at", _("must be an ISO 8601 date and time, e.g. 2026-11-27T08:15:00+08:00"))
    if when.tzinfo is None:
        raise invalid("scanned_at", _("needs a time zone offset (e.g. +08:00 or Z)"))
    when = when.astimezone(timezone.utc)
    if when > datetime.now(timezone.utc) + MAX_CLOCK_AHEAD:
        raise invalid("scanned_at", _("is in the future: check the scanner's clock"))
    return when.isoformat()


def _conveyance(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid("conveyance", _("must be an object with a kind"))
    unknown = sorted(set(value) - {"kind", "container_ids", "plate"})
    if unknown:
        raise invalid(f"conveyance.{unknown[0]}", _("unknown field"))
    kind = value.get("kind")
    if kind not in CONVEYANCE_KINDS:
        raise invalid("conveyance.kind", _("must be one of %(value)s", value=', '.join(CONVEYANCE_KINDS)))
    ids = value.get("container_ids", [])
    if not isinstance(ids, list) or len(ids) > 4:
        raise invalid("conveyance.container_ids", _("must be a list of at most 4 container numbers"))
    # OCR misreads are kept as read: the declarations issue matches them tolerantly.
    normalised = []
    for i, raw in enumerate(ids):
        text = raw.strip().upper() if isinstance(raw, str) else ""
        if not _IDENT.fullmatch(text):
            raise invalid(f"conveyance.container_ids[{i}]", _("must be letters and digits, e.g. CSQU3054383"))
        normalised.append(text.replace(" ", ""))
    plate = value.get("plate")
    if plate is not None:
        plate = plate.strip().upper() if isinstance(plate, str) else ""
        if not _IDENT.fullmatch(plate):
            raise invalid("conveyance.plate", _("must be up to 32 letters, digits, spaces or '-'"))
    return {"kind": kind, "container_ids": normalised, "plate": plate}


def _number(value: Any, field: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise invalid(field, _("must be a number from %(low)s to %(high)s", low=format(low, 'g'), high=format(high, 'g')))
    return float(value)


def _radiation(value: Any) -> dict[str, Any]:
    if value is None:
        return {"alarm": False, "cps": None}
    if not isinstance(value, dict) or not isinstance(value.get("alarm", False), bool):
        raise invalid("radiation", _('must be an object like {"alarm": false, "cps": 120}'))
    return {"alarm": value.get("alarm", False), "cps": _number(value.get("cps"), "radiation.cps", 0, 1e9)}


def _format(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", value)):
        raise invalid("format", _("must be a vendor format key such as dicos, tiff, raw or png"))
    return value
