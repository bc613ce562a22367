"""Reading the academy's JSON bodies: each bad field is a 422 naming it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.errors import ApiError


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_data", f"{field}: {message}", field=field)


def body_of(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", _("Send a JSON object."))
    return data


def text(body: dict, key: str, max_len: int, *, required: bool = False, default: str = "") -> str:
    value = body.get(key, default)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(key, _("must be text"))
    value = value.strip()
    if required and not value:
        raise invalid(key, _("is required"))
    if len(value) > max_len:
        raise invalid(key, _("is longer than %(count)s characters", count=max_len))
    return value


def integer(body: dict, key: str, low: int, high: int, *, default: int | None = None) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(key, _("must be a whole number from %(low)s to %(high)s", low=low, high=high))
    return value


def number(body: dict, key: str, low: float, high: float) -> float:
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise invalid(key, _("must be a number from %(low)s to %(high)s", low=format(low, "g"), high=format(high, "g")))
    return float(value)


def words(body: dict, key: str, *, max_items: int = 30, max_len: int = 60, allowed: tuple[str, ...] = ()) -> list[str]:
    """A list of short labels, trimmed, without duplicates, in the order given."""
    value = body.get(key, [])
    if not isinstance(value, list) or len(value) > max_items:
        raise invalid(key, _("must be a list of at most %(count)s labels", count=max_items))
    seen: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip() or len(item.strip()) > max_len:
            raise invalid(f"{key}[{i}]", _("must be text of 1 to %(count)s characters", count=max_len))
        item = item.strip()
        if allowed and item not in allowed:
            raise invalid(f"{key}[{i}]", _("must be one of %(values)s", values=", ".join(allowed)))
        if item.lower() not in (s.lower() for s in seen):
            seen.append(item)
    return seen


def flag(body: dict, key: str) -> bool:
    value = body.get(key)
    if not isinstance(value, bool):
        raise invalid(key, _("must be true or false"))
    return value
