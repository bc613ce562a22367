"""Scans out: metadata, Deep Zoom tiles and pixel values for the viewer."""

from flask import Blueprint

bp = Blueprint("scans", __name__, url_prefix="/api/v1")

from app.blueprints.scans import routes  # noqa: E402,F401
