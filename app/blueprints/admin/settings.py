"""Runtime settings on the administration API: the service is app.settings."""

from __future__ import annotations

from flask_login import current_user

from app import settings
from app.blueprints.admin import bp
from app.blueprints.admin.schemas import SettingIn, SettingOut, Settings
from app.security import allow
from app.validation import accepts, body, reply, responds


@bp.get("/settings")
@allow("admin")
@responds(Settings)
def settings_list():
    return reply({"settings": settings.all_settings()})


@bp.put("/settings/<key>")
@allow("admin")
@accepts(SettingIn)
@responds(SettingOut)
def setting_change(key: str):
    return reply(settings.change(current_user, key, body(SettingIn).value))
