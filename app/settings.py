"""Settings admins change at runtime (table `runtime_settings`), with their defaults
from the configuration (`CIPS_<KEY>`).

`get(key)` is called on every request by the session check, so values are cached per
process for CACHE_SECONDS: a change reaches every process of a deployment within that
time, without a query per request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app import audit
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import RuntimeSetting, User

CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class Setting:
    key: str
    min: int
    max: int
    description: str
    type: str = "int"


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("SESSION_IDLE_MINUTES", 1, 24 * 60,
            "Minutes without any request after which a signed-in session ends."),
    Setting("SESSION_MAX_HOURS", 1, 7 * 24,
            "Hours after sign-in after which a session ends, however active."),
    Setting("EXAM_RETAKE_WAIT_HOURS", 0, 30 * 24,
            "Hours a candidate waits after submitting an attempt before another attempt at the same exam."),
)}

_cache: dict[str, tuple[float, dict[str, Any]]] = {}  # database URL -> (read at, stored values)
_lock = threading.Lock()


def _setting(key: str) -> Setting:
    setting = SETTINGS.get(key)
    if setting is None:
        raise ApiError(404, "not_found", f"No runtime setting {key!r}; they are: {', '.join(SETTINGS)}.")
    return setting


def default(key: str) -> int:
    return int(current_app.config[key])


def _stored() -> dict[str, Any]:
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    now = time.monotonic()
    with _lock:
        hit = _cache.get(url)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    values = {row.key: row.value for row in db.session.scalars(sa.select(RuntimeSetting))}
    with _lock:
        _cache[url] = (now, values)
    return values


def _forget() -> None:
    with _lock:
        _cache.pop(current_app.config["SQLALCHEMY_DATABASE_URI"], None)


def get(key: str) -> int:
    _setting(key)
    value = _stored().get(key)
    return default(key) if value is None else int(value)


def describe(key: str) -> dict[str, Any]:
    s = _setting(key)
    return {"key": s.key, "value": get(key), "default": default(key), "type": s.type, "min": s.min, "max": s.max,
            "description": s.description}


def all_settings() -> list[dict[str, Any]]:
    return [describe(key) for key in SETTINGS]


def change(actor: User, key: str, value: Any) -> dict[str, Any]:
    s = _setting(key)
    # bool is an int in Python; "12" is not a number in JSON: both are refused.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(422, "invalid_data", f"value: {key} takes a whole number.", field="value")
    if not s.min <= value <= s.max:
        raise ApiError(422, "invalid_data", f"value: {key} is between {s.min} and {s.max}.", field="value")
    before = get(key)
    actor_id = actor.id  # read before the new row is pending: loading an expired actor would flush it half-made
    row = db.session.get(RuntimeSetting, key)
    if row is None:
        row = RuntimeSetting(key=key)
        db.session.add(row)
    row.value, row.updated_at, row.updated_by_id = value, utcnow(), actor_id
    audit.record("settings.update", actor=actor, target=("setting", key), detail={"key": key, "from": before,
                                                                                   "to": value})
    db.session.commit()
    _forget()
    return describe(key)
