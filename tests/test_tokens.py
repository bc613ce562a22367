"""Machine clients (scanners, the customs operation system) use bearer tokens."""

from __future__ import annotations

import json

import sqlalchemy as sa


def _tokens(folder):
    return json.loads((folder / "demo_tokens.json").read_text())


def test_scanner_token_identifies_its_scanner(client, demo_copy):
    token = _tokens(demo_copy)["scanner:Beilun Gate 1"]
    response = client.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["kind"] == "scanner"
    assert body["scanner"]["name"] == "Beilun Gate 1" and body["scanner"]["site"] == "NB-BEI"


def test_integration_token_identifies_its_user(client, demo_copy):
    token = _tokens(demo_copy)["integration:cos"]
    body = client.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert body == body | {"kind": "integration", "user": "cos"}


def test_bad_tokens_get_401_with_a_reason(client):
    for header in ("Bearer cips_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500):
        response = client.get("/api/v1/auth/token", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json()["error"] == "invalid_token"


def test_token_routes_do_not_accept_a_browser_session(client, auth):
    auth.login("admin")
    assert client.get("/api/v1/auth/token").status_code == 403


def test_a_token_cannot_use_a_people_route(client, demo_copy):
    token = _tokens(demo_copy)["scanner:Beilun Gate 1"]
    response = client.get("/api/v1/admin/organisation", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_token_writes_need_no_csrf_token(client, demo_copy):
    # Logout is public and a POST: with a bearer token no cookie is involved, so no CSRF check.
    token = _tokens(demo_copy)["integration:cos"]
    response = client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_tokens_are_stored_hashed_and_die_with_revocation_or_deactivation(demo_app, client, demo_copy):
    from app.extensions import db
    from app.models import ApiToken, Scanner
    from app.database import utcnow

    raw = _tokens(demo_copy)["scanner:Daxie Mobile"]
    headers = {"Authorization": f"Bearer {raw}"}
    with demo_app.app_context():
        stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
        assert raw not in stored and all(len(h) == 64 for h in stored)
        db.session.execute(sa.update(Scanner).where(Scanner.name == "Daxie Mobile").values(active=False))
        db.session.commit()
    assert client.get("/api/v1/auth/token", headers=headers).status_code == 401

    raw = _tokens(demo_copy)["scanner:Beilun Rail"]
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/auth/token", headers=headers).status_code == 200
    with demo_app.app_context():
        db.session.execute(sa.update(ApiToken).where(ApiToken.name == "scanner Beilun Rail").values(revoked_at=utcnow()))
        db.session.commit()
    assert client.get("/api/v1/auth/token", headers=headers).status_code == 401
