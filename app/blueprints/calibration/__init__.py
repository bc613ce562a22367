"""Scanners' material calibration: fitted from a step-wedge scan, shown as curves."""

from flask import Blueprint

bp = Blueprint("calibration", __name__, url_prefix="/api/v1")

from app.blueprints.calibration import routes  # noqa: E402,F401
