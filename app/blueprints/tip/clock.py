"""What time it is, for breaks and projections: `app.extensions["cips_clock"]` when a test
(or a simulation) sets one, otherwise the real UTC clock. Injected per app, never by
patching time globally."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.database import utcnow


def now() -> datetime:
    clock = current_app.extensions.get("cips_clock")
    return clock() if clock is not None else utcnow()
