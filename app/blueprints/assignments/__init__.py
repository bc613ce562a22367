"""The interpretation loop: random assignment, verdicts, reviews, the site's
inspections and the supervisors' queue. See docs/workflow-api.md."""

from flask import Blueprint

bp = Blueprint("assignments", __name__, url_prefix="/api/v1")

from app.blueprints.assignments import routes, subscriptions  # noqa: E402,F401
