"""Administration in the browser: people, centres and sites, scanners and their
tokens, integration tokens. Admins change; supervisors see and help within their
centre. Handlers parse, call one service, serialise."""

from __future__ import annotations

from flask_login import current_user

from app.blueprints.admin import bp, organisation, people, scanners, tokens
from app.blueprints.admin.schemas import (
    CentreChange, CentreIn, CentreOut, NewToken, Ok, Organisation, PasswordIn, People, PeopleQuery, PersonChange, PersonIn, PersonOut,
    ScannerAdded, ScannerChange, ScannerIn, ScannerOut, Scanners, SiteChange, SiteIn, SiteOut, TokenAdded, TokenIn,
    TokenOut, Tokens, VendorFormats,
)
from app.blueprints.admin.services import organisation_tree, serialize_scanner
from app.security import allow
from app.vendors import default_registry
from app.validation import accepts, accepts_query, body, query_parameters, reply, responds


@bp.get("/organisation")
@allow("admin", "supervisor")
@responds(Organisation)
def organisation_view():
    return reply({"headquarters": organisation_tree()})


@bp.get("/people")
@allow("admin", "supervisor")
@accepts_query(PeopleQuery)
@responds(People)
def people_list():
    asked = query_parameters(PeopleQuery)
    found = people.list_people(current_user, asked.q, asked.role)
    return reply({"people": [people.serialize_person(u) for u in found]})


@bp.post("/people")
@allow("admin")
@accepts(PersonIn)
@responds({201: PersonOut})
def person_add():
    return reply(people.serialize_person(people.create_person(current_user, body(PersonIn))), 201)


@bp.get("/people/<int:user_id>")
@allow("admin", "supervisor")
@responds(PersonOut)
def person(user_id: int):
    return reply(people.serialize_person(people.get_person(current_user, user_id)))


@bp.patch("/people/<int:user_id>")
@allow("admin")
@accepts(PersonChange)
@responds(PersonOut)
def person_change(user_id: int):
    return reply(people.serialize_person(people.update_person(current_user, user_id, body(PersonChange))))


@bp.post("/people/<int:user_id>/password")
@allow("admin")
@accepts(PasswordIn)
@responds(Ok)
def person_password(user_id: int):
    people.set_password(current_user, user_id, body(PasswordIn).password)
    return reply({"ok": True})


@bp.post("/people/<int:user_id>/sessions/end")
@allow("admin", "supervisor")
@responds(Ok)
def person_sessions_end(user_id: int):
    people.end_sessions(current_user, user_id)
    return reply({"ok": True})


def _site(s) -> SiteOut:
    return SiteOut(id=s.id, code=s.code, name=s.name, timezone=s.timezone, centre=s.centre.code)


@bp.post("/centres")
@allow("admin")
@accepts(CentreIn)
@responds({201: CentreOut})
def centre_add():
    return reply(organisation.create_centre(current_user, body(CentreIn)), 201)


@bp.patch("/centres/<int:centre_id>")
@allow("admin")
@accepts(CentreChange)
@responds(CentreOut)
def centre_change(centre_id: int):
    return reply(organisation.update_centre(current_user, centre_id, body(CentreChange)))


@bp.post("/sites")
@allow("admin")
@accepts(SiteIn)
@responds({201: SiteOut})
def site_add():
    return reply(_site(organisation.create_site(current_user, body(SiteIn))), 201)


@bp.patch("/sites/<int:site_id>")
@allow("admin")
@accepts(SiteChange)
@responds(SiteOut)
def site_change(site_id: int):
    return reply(_site(organisation.update_site(current_user, site_id, body(SiteChange))))


def _scanner(sc) -> ScannerOut:
    return ScannerOut.model_validate(serialize_scanner(sc) | {"site": sc.site.code,
                                                             "tokens": [scanners.token_out(t) for t in scanners.tokens_of(sc)]})


@bp.get("/scanners")
@allow("admin")
@responds(Scanners)
def scanner_list():
    return reply({"scanners": [_scanner(sc) for sc in scanners.list_scanners()]})


@bp.post("/scanners")
@allow("admin")
@accepts(ScannerIn)
@responds({201: ScannerAdded})
def scanner_add():
    scanner, token = scanners.add(current_user, body(ScannerIn))
    return reply({"scanner": _scanner(scanner), "token": token}, 201)


@bp.patch("/scanners/<int:scanner_id>")
@allow("admin")
@accepts(ScannerChange)
@responds(ScannerOut)
def scanner_change(scanner_id: int):
    return reply(_scanner(scanners.change(current_user, scanner_id, body(ScannerChange))))


@bp.post("/scanners/<int:scanner_id>/token")
@allow("admin")
@responds({201: NewToken})
def scanner_token(scanner_id: int):
    return reply({"token": scanners.rotate_token(current_user, scanner_id)}, 201)


@bp.get("/vendor-formats")
@allow("admin")
@responds(VendorFormats)
def vendor_formats():
    """The scan formats this server reads, for the scanner form's vendor choice."""
    return reply({"formats": default_registry().describe()})


@bp.get("/tokens")
@allow("admin")
@responds(Tokens)
def token_list():
    return reply({"tokens": [scanners.token_out(t) for t in tokens.list_tokens()]})


@bp.post("/tokens")
@allow("admin")
@accepts(TokenIn)
@responds({201: TokenAdded})
def token_add():
    token, raw = tokens.add(current_user, body(TokenIn))
    return reply({"token": raw, "info": scanners.token_out(token)}, 201)


@bp.post("/tokens/<int:token_id>/revoke")
@allow("admin")
@responds(TokenOut)
def token_revoke(token_id: int):
    return reply(scanners.token_out(tokens.revoke(current_user, token_id)))
