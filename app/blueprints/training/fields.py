"""The field types of the academy's request bodies (app/blueprints/training/schemas.py):
each refuses a bad value with the sentence the academy has always answered, which
app.validation.parse wraps into a 422 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator

from app.errors import ApiError
from app.validation import parse, refuse


def read(model: type[BaseModel], data: Any = None) -> Any:
    """`data` (default: this request's JSON body) as `model`; a list item is named
    `grade_bands[0].grade`."""
    if data is None:
        data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", _("Send a JSON object."))
    return parse(model, data, brackets=True)


def whole_text(low: int, high: int) -> BeforeValidator:
    """A whole number written in a query string ("" or absent: none)."""

    def check(value: Any) -> int | None:
        if value in (None, ""):
            return None
        text = str(value)
        if not text.isdigit() or not low <= int(text) <= high:
            raise refuse(_("must be a whole number from %(low)s to %(high)s", low=low, high=high))
        return int(text)

    return BeforeValidator(check)


def text(max_len: int, *, required: bool = False) -> BeforeValidator:
    """Trimmed text; null is ""."""

    def check(value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise refuse(_("must be text"))
        value = value.strip()
        if required and not value:
            raise refuse(_("is required"))
        if len(value) > max_len:
            raise refuse(_("is longer than %(count)s characters", count=max_len))
        return value

    return BeforeValidator(check)


def whole(low: int, high: int) -> BeforeValidator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise refuse(_("must be a whole number from %(low)s to %(high)s", low=low, high=high))
        return value

    return BeforeValidator(check)


def number(low: float, high: float) -> BeforeValidator:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise refuse(_("must be a number from %(low)s to %(high)s", low=format(low, "g"), high=format(high, "g")))
        return float(value)

    return BeforeValidator(check)


def words(*, max_items: int = 30, max_len: int = 60, allowed: tuple[str, ...] = ()) -> BeforeValidator:
    """A list of short labels, trimmed, without duplicates (ignoring case), in the order given."""

    def check(value: Any) -> list[str]:
        if not isinstance(value, list) or len(value) > max_items:
            raise refuse(_("must be a list of at most %(count)s labels", count=max_items))
        seen: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item.strip() or len(item.strip()) > max_len:
                raise refuse(_("must be text of 1 to %(count)s characters", count=max_len))
            item = item.strip()
            if allowed and item not in allowed:
                raise refuse(_("must be one of %(values)s", values=", ".join(allowed)))
            if item.lower() not in (s.lower() for s in seen):
                seen.append(item)
        return seen

    return BeforeValidator(check)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise refuse(_("must be true or false"))
    return value


flag = BeforeValidator(_flag)


def row_id(message: Callable[[], str]) -> BeforeValidator:
    """A row's id; `message()` says whose (called when refusing: translated then)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(message())
        return value

    return BeforeValidator(check)


def invalid(field: str, message: str) -> ApiError:
    """A 422 naming `field` for what only the database can tell (no such scanner, bands
    out of order), worded as app.validation.parse words a field's own mistake."""
    return ApiError(422, "invalid_data", _("%(field)s: %(problem)s", field=field, problem=message), field=field)
