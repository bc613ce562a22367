"""Runtime settings on the administration API: the service is app.settings."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app import settings
from app.blueprints.admin import bp
from app.errors import ApiError
from app.security import allow


@bp.get("/settings")
@allow("admin")
def settings_list():
    return jsonify({"settings": settings.all_settings()})


@bp.put("/settings/<key>")
@allow("admin")
def setting_change(key: str):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "value" not in body:
        raise ApiError(422, "invalid_data", _('value: send {"value": ...}.'), field="value")
    return jsonify(settings.change(current_user, key, body["value"]))
