"""Declarations beside the image, results back to the customs operation system."""

from flask import Blueprint

bp = Blueprint("declarations", __name__, url_prefix="/api/v1")

from app.blueprints.declarations import routes, subscriptions  # noqa: E402,F401
