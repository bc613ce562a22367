from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/api/v1/admin")

from app.blueprints.admin import routes, settings  # noqa: E402,F401
