"""Threat image projection (issue 19): fictional threats projected into live scans as one
analyst sees them, scored per analyst and centre, and breaks before fatigue (docs/tip.md)."""

from flask import Blueprint

bp = Blueprint("tip", __name__, url_prefix="/api/v1/tip")

from app.blueprints.tip import routes, subscriptions  # noqa: E402,F401
from app.blueprints.tip.projection import install  # noqa: E402

# The tile server serves a projected view under the scan's own URLs (scans/tiles.py).
bp.record_once(lambda state: install(state.app))
