"""The image store: where scans live (app/storage), retention, housekeeping, the
storage check and the storage planning report."""

from flask import Blueprint

bp = Blueprint("storage", __name__, url_prefix="/api/v1")

from app.blueprints.storage import check, retention, routes, store  # noqa: E402,F401
