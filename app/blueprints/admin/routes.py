"""Administration in the browser: people, centres and sites, scanners and their
tokens, integration tokens. Admins change; supervisors see and help within their
centre. Handlers parse, call one service, serialise."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from app.blueprints.admin import bp, organisation, people, scanners, tokens
from app.blueprints.admin.schemas import (
    CentreChange, CentreIn, PasswordIn, PersonChange, PersonIn, ScannerChange, ScannerIn, SiteChange, SiteIn, TokenIn,
)
from app.blueprints.admin.services import organisation_tree, serialize_scanner
from app.security import allow
from app.vendors import default_registry
from app.validation import body


@bp.get("/organisation")
@allow("admin", "supervisor")
def organisation_view():
    return jsonify({"headquarters": organisation_tree()})


@bp.get("/people")
@allow("admin", "supervisor")
def people_list():
    found = people.list_people(current_user, request.args.get("q"), request.args.get("role"))
    return jsonify({"people": [people.serialize_person(u) for u in found]})


@bp.post("/people")
@allow("admin")
def person_add():
    return jsonify(people.serialize_person(people.create_person(current_user, body(PersonIn)))), 201


@bp.get("/people/<int:user_id>")
@allow("admin", "supervisor")
def person(user_id: int):
    return jsonify(people.serialize_person(people.get_person(current_user, user_id)))


@bp.patch("/people/<int:user_id>")
@allow("admin")
def person_change(user_id: int):
    return jsonify(people.serialize_person(people.update_person(current_user, user_id, body(PersonChange))))


@bp.post("/people/<int:user_id>/password")
@allow("admin")
def person_password(user_id: int):
    people.set_password(current_user, user_id, body(PasswordIn).password)
    return jsonify({"ok": True})


@bp.post("/people/<int:user_id>/sessions/end")
@allow("admin", "supervisor")
def person_sessions_end(user_id: int):
    people.end_sessions(current_user, user_id)
    return jsonify({"ok": True})


def _centre(c) -> dict:
    return {"id": c.id, "code": c.code, "name": c.name, "timezone": c.timezone,
            "exclude_own_site": c.exclude_own_site, "review_share": c.review_share}


def _site(s) -> dict:
    return {"id": s.id, "code": s.code, "name": s.name, "timezone": s.timezone, "centre": s.centre.code}


@bp.post("/centres")
@allow("admin")
def centre_add():
    return jsonify(_centre(organisation.create_centre(current_user, body(CentreIn)))), 201


@bp.patch("/centres/<int:centre_id>")
@allow("admin")
def centre_change(centre_id: int):
    return jsonify(_centre(organisation.update_centre(current_user, centre_id, body(CentreChange))))


@bp.post("/sites")
@allow("admin")
def site_add():
    return jsonify(_site(organisation.create_site(current_user, body(SiteIn)))), 201


@bp.patch("/sites/<int:site_id>")
@allow("admin")
def site_change(site_id: int):
    return jsonify(_site(organisation.update_site(current_user, site_id, body(SiteChange))))


def _scanner(sc) -> dict:
    return serialize_scanner(sc) | {"site": sc.site.code,
                                    "tokens": [scanners.serialize_token(t) for t in scanners.tokens_of(sc)]}


@bp.get("/scanners")
@allow("admin")
def scanner_list():
    return jsonify({"scanners": [_scanner(sc) for sc in scanners.list_scanners()]})


@bp.post("/scanners")
@allow("admin")
def scanner_add():
    scanner, token = scanners.add(current_user, body(ScannerIn))
    return jsonify({"scanner": _scanner(scanner), "token": token}), 201


@bp.patch("/scanners/<int:scanner_id>")
@allow("admin")
def scanner_change(scanner_id: int):
    return jsonify(_scanner(scanners.change(current_user, scanner_id, body(ScannerChange))))


@bp.post("/scanners/<int:scanner_id>/token")
@allow("admin")
def scanner_token(scanner_id: int):
    return jsonify({"token": scanners.rotate_token(current_user, scanner_id)}), 201


@bp.get("/vendor-formats")
@allow("admin")
def vendor_formats():
    """The scan formats this server reads, for the scanner form's vendor choice."""
    return jsonify({"formats": default_registry().describe()})


@bp.get("/tokens")
@allow("admin")
def token_list():
    return jsonify({"tokens": [scanners.serialize_token(t) for t in tokens.list_tokens()]})


@bp.post("/tokens")
@allow("admin")
def token_add():
    token, raw = tokens.add(current_user, body(TokenIn))
    return jsonify({"token": raw, "info": scanners.serialize_token(token)}), 201


@bp.post("/tokens/<int:token_id>/revoke")
@allow("admin")
def token_revoke(token_id: int):
    return jsonify(scanners.serialize_token(tokens.revoke(current_user, token_id)))
