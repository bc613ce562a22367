"""Scans in: tus uploads and scan registration (scanner-facing)."""

from flask import Blueprint

bp = Blueprint("ingest", __name__, url_prefix="/api/v1")

from app.blueprints.ingest import cleanup, processing, routes, tus  # noqa: E402,F401
