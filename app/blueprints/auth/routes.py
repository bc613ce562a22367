from __future__ import annotations

from flask import g, jsonify, request
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from app.blueprints.auth import bp
from pydantic import BaseModel, ConfigDict

from app.blueprints.auth.services import choose_language, serialize_token, serialize_user, sign_in, sign_out
from app.errors import ApiError
from app.security import allow, public
from app.validation import accepts, body


@bp.get("/csrf")
@public
def csrf_token():
    return jsonify({"csrf_token": generate_csrf()})


@bp.post("/login")
@public
def login():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "Send JSON with a username and a password.")
    user = sign_in(body.get("username"), body.get("password"))
    login_user(user)
    return jsonify({"user": serialize_user(user), "csrf_token": generate_csrf()})


@bp.post("/logout")
@public
def logout():
    sign_out(current_user if current_user.is_authenticated else None)
    logout_user()
    return jsonify({"ok": True, "csrf_token": generate_csrf()})


@bp.get("/me")
@allow()
def me():
    return jsonify({"user": serialize_user(current_user)})


class LanguageChoice(BaseModel):
    """A language CIPS speaks (GET /api/v1/languages), or null to follow the browser."""

    model_config = ConfigDict(extra="forbid")
    language: str | None


@bp.put("/me/language")
@allow()
@accepts(LanguageChoice)
def set_language():
    """Keeps the person's language for every device and for what the server writes
    (errors, CSV headers, PDFs)."""
    choice = body(LanguageChoice).language
    user = choose_language(current_user, choice)
    return jsonify({"user": serialize_user(user)})


@bp.get("/token")
@allow(tokens=("scanner", "integration"), people=False)
def token_identity():
    """Lets a machine client check its token and see whom it speaks for."""
    return jsonify(serialize_token(g.api_token))
