from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth")

from app.blueprints.auth import routes, subscriptions  # noqa: E402,F401
