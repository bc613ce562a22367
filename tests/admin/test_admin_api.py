"""Administration over HTTP: people, centres and sites, scanners and their tokens,
integration tokens; every change audited, refusals with the reason."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent
from tests.helpers import AuthActions

PASSWORD = "a long enough passphrase"


def _admin(demo_app, password):
    client = demo_app.test_client()
    auth = AuthActions(client, password)
    assert auth.login("admin").status_code == 200
    token = auth.csrf()

    def call(method: str, path: str, body: dict | None = None):
        return client.open(f"/api/v1/admin{path}", method=method, json=body, headers={"X-CSRFToken": token})

    return call


def _audited(demo_app, action: str) -> list[dict]:
    with demo_app.app_context():
        return [e.detail for e in db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action))]


def test_people_are_created_changed_and_deactivated_and_each_change_is_audited(demo_app, auth):
    call = _admin(demo_app, auth.password)
    made = call("POST", "/people", {"username": "newbie", "display_name": "New Analyst", "roles": ["analyst"],
                                    "affiliation": {"kind": "centre", "code": "NBC"}, "password": PASSWORD})
    assert made.status_code == 201, made.get_json()
    person = made.get_json()
    assert person["roles"] == ["analyst"] and person["affiliation"]["code"] == "NBC" and person["active"]

    theirs = demo_app.test_client()
    assert AuthActions(theirs, PASSWORD).login("newbie").status_code == 200
    assert theirs.get("/api/v1/auth/me").status_code == 200

    changed = call("PATCH", f"/people/{person['id']}", {"roles": ["analyst", "expert"]})
    assert changed.get_json()["roles"] == ["analyst", "expert"]
    off = call("PATCH", f"/people/{person['id']}", {"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert theirs.get("/api/v1/auth/me").status_code == 401  # their open session ends at once

    assert _audited(demo_app, "person.create")[0]["roles"] == ["analyst"]
    updates = _audited(demo_app, "person.update")
    assert updates == [{"roles": [["analyst"], ["analyst", "expert"]]}, {"active": [True, False]}]


def test_people_refusals_name_the_problem(demo_app, auth):
    call = _admin(demo_app, auth.password)
    base = {"username": "x1", "display_name": "X", "roles": ["analyst"], "password": PASSWORD}
    for body, field in ((base | {"roles": []}, "roles"), (base | {"roles": ["wizard"]}, "roles.0"),
                        (base | {"colour": "red"}, "colour"), (base | {"username": "a b"}, "username"),
                        (base | {"affiliation": {"kind": "site", "code": "NOPE"}}, "site")):
        response = call("POST", "/people", body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in (response.get_json().get("field") or response.get_json()["message"]), response.get_json()
    assert call("POST", "/people", base | {"username": "admin"}).status_code == 409
    me = next(p for p in call("GET", "/people?q=admin").get_json()["people"] if p["username"] == "admin")
    assert call("PATCH", f"/people/{me['id']}", {"active": False}).status_code == 409  # not yourself
    assert call("PATCH", f"/people/{me['id']}", {"roles": ["analyst"]}).get_json()["error"] == "last_admin"
    assert call("PATCH", "/people/99999", {"active": False}).status_code == 404


def test_a_supervisor_sees_the_people_of_their_centre_only(demo_app, auth):
    client = demo_app.test_client()
    sup = AuthActions(client, auth.password)
    sup.login("supervisor")
    names = {p["username"] for p in client.get("/api/v1/admin/people").get_json()["people"]}
    assert {"analyst", "expert", "analyst3", "officer", "trainee", "supervisor"} <= names  # NBC and its sites
    assert not names & {"analyst2", "officer2", "admin", "hqsupervisor"}
    assert client.post("/api/v1/admin/people", json={}, headers={"X-CSRFToken": sup.csrf()}).status_code == 403


def test_centres_and_sites_with_their_time_zones(demo_app, auth):
    call = _admin(demo_app, auth.password)
    centre = call("POST", "/centres", {"code": "XMC", "name": "Xiamen centre", "headquarters": "HQ",
                                       "timezone": "Asia/Shanghai"})
    assert centre.status_code == 201 and centre.get_json()["timezone"] == "Asia/Shanghai"
    bad = call("POST", "/sites", {"code": "XM-1", "name": "Xiamen port", "centre": "XMC", "timezone": "Mars/Base"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "timezone"
    site = call("POST", "/sites", {"code": "XM-1", "name": "Xiamen port", "centre": "XMC", "timezone": "Asia/Shanghai"})
    assert site.status_code == 201
    moved = call("PATCH", f"/sites/{site.get_json()['id']}", {"centre": "NBC", "timezone": "UTC"})
    assert moved.get_json() | {"id": 0} == {"id": 0, "code": "XM-1", "name": "Xiamen port", "timezone": "UTC",
                                           "centre": "NBC"}
    assert call("PATCH", f"/centres/{centre.get_json()['id']}", {"exclude_own_site": False}).get_json()[
        "exclude_own_site"] is False
    assert call("POST", "/centres", {"code": "XMC", "name": "again", "headquarters": "HQ"}).status_code == 409
    assert [d.get("centre") for d in _audited(demo_app, "site.update")] == [["XMC", "NBC"]]


def test_a_scanner_token_is_shown_once_and_rotating_it_stops_the_old_one(demo_app, auth):
    call = _admin(demo_app, auth.password)
    made = call("POST", "/scanners", {"site": "NB-BEI", "name": "Gate 9", "vendor": "png", "kind": "mobile",
                                      "source": "linac", "energy_high_kev": 6000, "energy_low_kev": 4000})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    token, scanner_id = body["token"], body["scanner"]["id"]
    listed = next(s for s in call("GET", "/scanners").get_json()["scanners"] if s["id"] == scanner_id)
    assert token not in str(listed) and listed["tokens"][0]["prefix"] == token[:12]  # never shown again
    machine = demo_app.test_client()
    assert machine.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    rotated = call("POST", f"/scanners/{scanner_id}/token").get_json()["token"]
    assert machine.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert machine.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {rotated}"}).status_code == 200
    call("PATCH", f"/scanners/{scanner_id}", {"active": False})
    assert machine.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {rotated}"}).status_code == 401
    assert _audited(demo_app, "scanner.token_rotated") == [{"revoked": 1}]


def test_integration_tokens_are_made_for_integration_accounts_and_revoked(demo_app, auth):
    call = _admin(demo_app, auth.password)
    assert call("POST", "/tokens", {"user": "analyst", "name": "nope"}).status_code == 422
    made = call("POST", "/tokens", {"user": "cos", "name": "COS test"})
    assert made.status_code == 201
    raw, token_id = made.get_json()["token"], made.get_json()["info"]["id"]
    machine = demo_app.test_client()
    assert machine.get("/api/v1/results", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert call("POST", f"/tokens/{token_id}/revoke").get_json()["revoked_at"]
    assert machine.get("/api/v1/results", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_the_organisation_and_the_vendor_formats_give_what_the_admin_pages_need(demo_app, auth):
    call = _admin(demo_app, auth.password)
    centres = [c for hq in call("GET", "/organisation").get_json()["headquarters"] for c in hq["centres"]]
    nbc = next(c for c in centres if c["code"] == "NBC")
    assert {"timezone", "exclude_own_site", "review_share"} <= set(nbc)  # the centre form starts from these
    formats = call("GET", "/vendor-formats").get_json()["formats"]
    png = next(f for f in formats if f["key"] == "png")
    assert png["enabled"] and png["name"] and png["source"] == "builtin"
    refused = call("POST", "/scanners", {"site": "NB-BEI", "name": "Beilun Gate 1", "energy_high_kev": 6000})
    assert refused.status_code == 409 and refused.get_json()["field"] == "name"  # shown beside the name
