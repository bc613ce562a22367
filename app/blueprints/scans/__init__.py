"""Scans out: metadata, Deep Zoom tiles and pixel values for the viewer."""

from flask import Blueprint

bp = Blueprint("scans", __name__, url_prefix="/api/v1")

from app.blueprints.scans import routes, signed  # noqa: E402,F401
from app.blueprints.scans.fastpath import install  # noqa: E402

# The signed tile path answers cached tiles before Flask (fastpath.py).
bp.record_once(lambda state: install(state.app))
