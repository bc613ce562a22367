"""Signing in and out through the JSON API, CSRF and login throttling."""

from __future__ import annotations


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


def test_passwords_are_stored_as_argon2id_hashes(demo_app):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import User

    with demo_app.app_context():
        stored = db.session.scalar(sa.select(User.password_hash).where(User.username == "analyst"))
    assert stored.startswith("$argon2id$")
    assert "demo-pass-1" not in stored
