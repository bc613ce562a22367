from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from app.blueprints.auth import bp
from app.blueprints.auth.schemas import CsrfOut, LanguageChoice, LoginIn, SignedIn, SignedOut, TokenIdentity, UserAnswer
from app.blueprints.auth.services import choose_language, describe_token, sign_in, sign_out, user_out
from app.errors import ApiError
from app.security import allow, public
from app.validation import accepts, body, reply, responds


@bp.get("/csrf")
@public
@responds(CsrfOut)
def csrf_token():
    return reply({"csrf_token": generate_csrf()})


@bp.post("/login")
@public
@accepts(LoginIn)
@responds(SignedIn)
def login():
    # Read by hand: a malformed sign-in is a 400 (docs, tests/test_auth.py), and sign_in
    # refuses an empty or oversized name or password before the throttle counts it.
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_request", _("Send JSON with a username and a password."))
    user = sign_in(data.get("username"), data.get("password"))
    login_user(user)
    return reply({"user": user_out(user), "csrf_token": generate_csrf()})


@bp.post("/logout")
@public
@responds(SignedOut)
def logout():
    sign_out(current_user if current_user.is_authenticated else None)
    logout_user()
    return reply({"ok": True, "csrf_token": generate_csrf()})


@bp.get("/me")
@allow()
@responds(UserAnswer)
def me():
    return reply({"user": user_out(current_user)})


@bp.put("/me/language")
@allow()
@accepts(LanguageChoice)
@responds(UserAnswer)
def set_language():
    """Keeps the person's language for every device and for what the server writes
    (errors, CSV headers, PDFs)."""
    choice = body(LanguageChoice).language
    user = choose_language(current_user, choice)
    return reply({"user": user_out(user)})


@bp.get("/token")
@allow(tokens=("scanner", "integration"), people=False)
@responds(TokenIdentity)
def token_identity():
    """Lets a machine client check its token and see whom it speaks for."""
    return reply(describe_token(g.api_token))
