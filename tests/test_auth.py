"""Signing in and out through the JSON API, CSRF and login throttling."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD, PRODUCTION_HASH_COST
from tests.helpers import AuthActions


def test_login_sets_session_and_me_returns_the_user(client, auth):
    response = auth.login("analyst")
    assert response.status_code == 200
    user = response.get_json()["user"]
    assert user["username"] == "analyst"
    assert user["roles"] == ["analyst"]
    assert user["affiliation"]["kind"] == "centre" and user["affiliation"]["code"] == "NBC"
    assert user["home"] == "/analyst"

    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.get_json()["user"]["id"] == user["id"]


def test_each_role_lands_on_its_own_page(client, auth):
    homes = {"officer": "/officer", "trainee": "/trainee", "supervisor": "/wall", "admin": "/admin",
             "expert": "/analyst"}
    for username, home in homes.items():
        assert auth.login(username).get_json()["user"]["home"] == home
        auth.logout()


def test_wrong_password_is_a_clear_401(client, auth):
    response = auth.login("analyst", "not-the-password")
    assert response.status_code == 401
    assert response.get_json() == {"error": "invalid_credentials", "message": "Wrong username or password."}
    assert client.get("/api/v1/auth/me").status_code == 401


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(auth):
    response = auth.login("nobody-by-that-name", "whatever-password")
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/api/v1/auth/login", json={"username": "analyst", "password": "demo-pass-1"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "csrf_failed"
    assert "token" in body["message"].lower()


def test_logged_in_write_without_csrf_token_is_refused(client, auth):
    auth.login("analyst")
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
    assert client.get("/api/v1/auth/me").status_code == 200  # still signed in


def test_malformed_login_bodies_get_400(client, auth):
    token = auth.csrf()
    for body in ({"username": "analyst"}, {"username": 5, "password": "x"}, ["analyst"], {}):
        response = client.post("/api/v1/auth/login", json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 400, body
        assert response.get_json()["error"] == "invalid_request"
    response = client.post("/api/v1/auth/login", data="username=analyst", headers={"X-CSRFToken": token})
    assert response.status_code == 400


def test_logout_ends_the_session(client, auth):
    auth.login("analyst")
    assert auth.logout().get_json()["ok"] is True
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_repeated_failures_throttle_that_username_even_with_the_right_password(demo_app, auth):
    limit = int(demo_app.config["LOGIN_FAILURES_PER_USER"].split()[0])
    for _ in range(limit):
        assert auth.login("officer", "wrong-password").status_code == 401
    response = auth.login("officer")
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_requests"
    assert "wait" in response.get_json()["message"].lower()
    # Another account from the same address is not locked out by these failures.
    assert auth.login("analyst").status_code == 200


def test_successful_logins_do_not_count_towards_the_throttle(demo_app, auth):
    limit = int(demo_app.config["LOGIN_FAILURES_PER_USER"].split()[0])
    for _ in range(limit + 2):
        assert auth.login("trainee").status_code == 200


def test_deactivated_user_is_signed_out_and_cannot_sign_in(demo_app, client, auth):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import User

    auth.login("analyst2")
    with demo_app.app_context():
        db.session.execute(sa.update(User).where(User.username == "analyst2").values(active=False))
        db.session.commit()
    assert client.get("/api/v1/auth/me").status_code == 401
    assert auth.login("analyst2").status_code == 401


def test_passwords_are_stored_as_argon2id_at_production_cost_and_older_ones_are_rehashed(make_app, demo_copy,
                                                                                        monkeypatch):
    """Without the tests' floor (tests/conftest.py), the defaults: argon2-cffi's 64 MiB and
    3 passes on one lane. A hash made at another cost (the demo's, at the floor) still signs
    its owner in, and is made again at the configured cost then."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import User

    for name in PRODUCTION_HASH_COST:
        monkeypatch.delenv(name)
    app = make_app(demo_copy)
    stored = lambda: db.session.scalar(sa.select(User.password_hash).where(User.username == "analyst"))  # noqa: E731
    with app.app_context():
        before = stored()
    assert before.startswith("$argon2id$v=19$m=8,t=1,p=1$"), before
    client = app.test_client()
    assert AuthActions(client, DEMO_PASSWORD).login("analyst").status_code == 200
    with app.app_context():
        after = stored()
    assert after.startswith("$argon2id$v=19$m=65536,t=3,p=1$") and DEMO_PASSWORD not in after, after
    assert AuthActions(app.test_client(), DEMO_PASSWORD).login("analyst").status_code == 200


def test_a_hash_cost_below_argon2s_floor_is_refused_at_start(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    for name, value in (("CIPS_PASSWORD_HASH_MEMORY_KIB", "4"), ("CIPS_PASSWORD_HASH_TIME_COST", "0"),
                        ("CIPS_PASSWORD_HASH_TIME_COST", '"three"')):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            with pytest.raises(ValueError, match=name):
                create_app({"ASYNC_MODE": "threading"})
