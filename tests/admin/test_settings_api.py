"""Runtime settings on the administration API: listed with their bounds, changed by
admins within them (422 naming `value` otherwise), every change audited, and read by
the services at once."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent


def test_admins_list_the_runtime_settings_with_their_defaults_and_bounds(client, auth):
    assert auth.login("admin").status_code == 200
    listed = {s["key"]: s for s in client.get("/api/v1/admin/settings").get_json()["settings"]}
    assert listed["SESSION_IDLE_MINUTES"] == {
        "key": "SESSION_IDLE_MINUTES", "value": 60, "default": 60, "type": "int", "min": 1, "max": 1440,
        "description": listed["SESSION_IDLE_MINUTES"]["description"]}
    assert listed["SESSION_MAX_HOURS"]["value"] == 12 and listed["SESSION_MAX_HOURS"]["max"] == 168


def test_a_change_is_bounded_audited_and_used(demo_app, client, auth):
    assert auth.login("admin").status_code == 200
    csrf = {"X-CSRFToken": auth.csrf()}
    for bad in (0, 169, "8", 2.5, True, None):
        answer = client.put("/api/v1/admin/settings/SESSION_MAX_HOURS", json={"value": bad}, headers=csrf)
        assert answer.status_code == 422 and answer.get_json()["field"] == "value", bad
    assert client.put("/api/v1/admin/settings/SESSION_MAX_HOURS", json={}, headers=csrf).status_code == 422
    assert client.put("/api/v1/admin/settings/NO_SUCH", json={"value": 1}, headers=csrf).status_code == 404
    changed = client.put("/api/v1/admin/settings/SESSION_MAX_HOURS", json={"value": 8}, headers=csrf)
    assert changed.status_code == 200
    assert changed.get_json()["value"] == 8 and changed.get_json()["default"] == 12
    with demo_app.app_context():
        from app import settings

        assert settings.get("SESSION_MAX_HOURS") == 8
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "settings.update")).all()
    assert [(r.actor_name, r.detail) for r in rows] == [("admin", {"key": "SESSION_MAX_HOURS", "from": 12, "to": 8})]


def test_only_admins_change_settings(client, auth):
    assert auth.login("supervisor").status_code == 200
    answer = client.put("/api/v1/admin/settings/SESSION_MAX_HOURS", json={"value": 8}, headers={"X-CSRFToken": auth.csrf()})
    assert answer.status_code == 403
    assert client.get("/api/v1/admin/settings").status_code == 403
