"""Validation of a declaration from the customs operation system: 422 naming the field."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from flask_babel import gettext as _
from stdnum import iso6346

from app.database import parse_iso
from app.errors import ApiError
from app.models.declarations import RISK_LEVELS

FIELDS = {"number", "declared_at", "declarant", "consignor", "consignee", "origin_country", "transport",
          "goods", "risk"}
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}")
_HS = re.compile(r"\d{6,10}")
_PLATE = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,31}")


def bad(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_declaration", f"{field}: {message}", field=field)


def parse_declaration(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("declaration", _("must be a JSON object"))
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise bad(unknown[0], _("unknown field"))
    number = body.get("number")
    if not isinstance(number, str) or not _NUMBER.fullmatch(number):
        raise bad("number", _("1-40 letters, digits, '/', '_', '.' or '-'"))
    return {
        "number": number,
        "declared_at": _when(body.get("declared_at")),
        **{k: _text(body.get(k), k) for k in ("declarant", "consignor", "consignee")},
        "origin_country": _country(body.get("origin_country")),
        **_transport(body.get("transport")),
        "goods": _goods(body.get("goods")),
        **_risk(body.get("risk")),
    }


def _when(value: Any) -> datetime:
    when = parse_iso(value)
    if when is None:
        raise bad("declared_at", _("must be an ISO 8601 date and time"))
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _text(value: Any, field: str, limit: int = 200) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise bad(field, _("must be text of at most %(limit)s characters", limit=limit))
    return value.strip()


def _country(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise bad("origin_country", _("must be a two-letter ISO 3166 code"))
    return value.upper()


def _transport(value: Any) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise bad("transport", _('must be an object like {"container_ids": [...], "plate": "..."}'))
    ids = value.get("container_ids", [])
    if not isinstance(ids, list) or len(ids) > 20:
        raise bad("transport.container_ids", _("must be a list of at most 20 container numbers"))
    clean = []
    for i, raw in enumerate(ids):
        if not isinstance(raw, str) or not iso6346.is_valid(raw):
            raise bad(f"transport.container_ids[{i}]", _("is not a valid ISO 6346 container number"))
        clean.append(iso6346.compact(raw))
    plate = value.get("plate")
    if plate is not None:
        plate = plate.strip().upper() if isinstance(plate, str) else ""
        if not _PLATE.fullmatch(plate):
            raise bad("transport.plate", _("must be up to 32 letters, digits, spaces or '-'"))
    if not clean and not plate:
        raise bad("transport", _("needs container_ids or a plate, to be matched with a scan"))
    return {"container_ids": clean, "plate": plate}


def _goods(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not 1 <= len(value) <= 999:
        raise bad("goods", _("must be a list of 1 to 999 goods lines"))
    lines = []
    for i, line in enumerate(value):
        if not isinstance(line, dict):
            raise bad(f"goods[{i}]", _("must be an object"))
        hs = line.get("hs_code")
        hs = hs.replace(".", "").strip() if isinstance(hs, str) else hs
        if not isinstance(hs, str) or not _HS.fullmatch(hs):
            raise bad(f"goods[{i}].hs_code", _("must be 6 to 10 digits"))
        lines.append({
            "hs_code": hs,
            "description": _text(line.get("description"), f"goods[{i}].description", 500),
            "quantity": _amount(line.get("quantity"), f"goods[{i}].quantity"),
            "unit": _text(line.get("unit"), f"goods[{i}].unit", 20),
            "gross_kg": _amount(line.get("gross_kg"), f"goods[{i}].gross_kg"),
            "net_kg": _amount(line.get("net_kg"), f"goods[{i}].net_kg"),
        })
    return lines


def _amount(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value > 1e9:
        raise bad(field, _("must be a non-negative number"))
    return float(value)


def _risk(value: Any) -> dict[str, Any]:
    if value is None:
        return {"risk_level": "low", "risk_reasons": []}
    if not isinstance(value, dict) or value.get("level") not in RISK_LEVELS:
        raise bad("risk.level", _("must be one of %(value)s", value=', '.join(RISK_LEVELS)))
    reasons = value.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) and len(r) <= 200 for r in reasons):
        raise bad("risk.reasons", _("must be a list of short texts"))
    return {"risk_level": value["level"], "risk_reasons": reasons[:20]}
