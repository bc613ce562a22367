"""Equipment monitoring in three tiers and the supervisors' live wall."""

from flask import Blueprint

bp = Blueprint("equipment", __name__, url_prefix="/api/v1")

from app.blueprints.equipment import routes, subscriptions  # noqa: E402,F401
