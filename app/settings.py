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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
    description: object  # lazy_gettext: str() gives it in the language of the request
    type: str = "int"


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("SESSION_IDLE_MINUTES", 1, 24 * 60,
            _l("Minutes without any request after which a signed-in session ends.")),
    Setting("SESSION_MAX_HOURS", 1, 7 * 24,
            _l("Hours after sign-in after which a session ends, however active.")),
    # Threat image projection and breaks (issue 19, docs/tip.md).
    Setting("TIP_BREAK_AFTER_MINUTES", 1, 8 * 60,
            _l("Minutes of continuous screening after which the workstation pauses for a break.")),
    Setting("TIP_BREAK_MINUTES", 1, 120, _l("Minutes a break lasts before Ready works again.")),
    Setting("TIP_REFRESHER_HIT_RATE_PERCENT", 0, 100,
            _l("An analyst whose TIP hit rate is below this (percent) is flagged for refresher training...")),
    Setting("TIP_REFRESHER_MIN_PROJECTIONS", 1, 10_000, _l("...once they were shown at least this many projections.")),
    Setting("EXAM_RETAKE_WAIT_HOURS", 0, 30 * 24,
            _l("Hours a candidate waits after submitting an attempt before another attempt at the same exam.")),
)}

_cache: dict[str, tuple[float, dict[str, Any]]] = {}  # database URL -> (read at, stored values)
_lock = threading.Lock()


def _setting(key: str) -> Setting:
    setting = SETTINGS.get(key)
    if setting is None:
        raise ApiError(404, "not_found", _("No runtime setting %(key)s; they are: %(value)s.", key=repr(key), value=', '.join(SETTINGS)))
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
            "description": str(s.description)}


def all_settings() -> list[dict[str, Any]]:
    return [describe(key) for key in SETTINGS]


def change(actor: User, key: str, value: Any) -> dict[str, Any]:
    s = _setting(key)
    # bool is an int in Python; "12" is not a number in JSON: both are refused.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(422, "invalid_data", _("value: %(key)s takes a whole number.", key=key), field="value")
    if not s.min <= value <= s.max:
        raise ApiError(422, "invalid_data", _("value: %(key)s is between %(min)s and %(max)s.", key=key, min=s.min, max=s.max), field="value")
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
