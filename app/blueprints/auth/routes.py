from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from app.blueprints.auth import bp
from app.blueprints.auth.services import authenticate, serialize_token, serialize_user
from app.errors import ApiError
from app.extensions import limiter
from app.security import allow, public

THROTTLED = "Too many failed sign-ins. Wait a few minutes and try again."


def _login_username() -> str:
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    return "user:" + (name.strip().lower() if isinstance(name, str) else "")


def _failed(response) -> bool:
    return response.status_code == 401


@bp.get("/csrf")
@public
def csrf_token():
    return jsonify({"csrf_token": generate_csrf()})


@bp.post("/login")
@public
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_USER"], key_func=_login_username,
    deduct_when=_failed, error_message=THROTTLED,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"], deduct_when=_failed, error_message=THROTTLED,
)
def login():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "Send JSON with a username and a password.")
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise ApiError(400, "invalid_request", "Both a username and a password are needed.")
    user = authenticate(username.strip(), password)
    if user is None:
        raise ApiError(401, "invalid_credentials", "Wrong username or password.")
    login_user(user)
    return jsonify({"user": serialize_user(user), "csrf_token": generate_csrf()})


@bp.post("/logout")
@public
def logout():
    logout_user()
    return jsonify({"ok": True, "csrf_token": generate_csrf()})


@bp.get("/me")
@allow()
def me():
    return jsonify({"user": serialize_user(current_user)})


@bp.get("/token")
@allow(tokens=("scanner", "integration"), people=False)
def token_identity():
    """Lets a machine client check its token and see whom it speaks for."""
    return jsonify(serialize_token(g.api_token))
