"""Certificates: issued on passing an exam (or granted to staff certified before
CIPS), checked by anyone with the code, and required for live work."""

from __future__ import annotations

from typing import Any

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from babel import Locale
from babel.dates import format_date
from flask_babel import gettext as _

from app import audit, i18n
from app.blueprints.training.labels import certificate_status_label, grade_label, scanner_kind_label
from app.blueprints.training.access import is_staff
from app.blueprints.training.schemas import CertificateOut
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Attempt, Certificate, Site, User
from app.models.org import SCANNER_KINDS
from app.models.training import GRADES

# No 0/O, 1/I/L: read aloud or typed from paper without mistakes. 16 symbols of 31: ~79 bits.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _i in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def issue(attempt: Attempt, at: datetime) -> Certificate:
    exam = attempt.template
    cert = Certificate(code=new_code(), user_id=attempt.user_id, template_id=exam.id, attempt_id=attempt.id,
                       grade=attempt.grade, score_percent=attempt.score_percent,
                       scanner_kinds=list(exam.scanner_kinds or SCANNER_KINDS),
                       issued_at=at, expires_at=at + timedelta(days=exam.validity_days))
    db.session.add(cert)
    db.session.flush()
    audit.record("certificate.issue", target=("certificate", cert.id),
                 detail={"holder_id": attempt.user_id, "grade": attempt.grade, "attempt": attempt.id})
    return cert


def grant(user: User, grade: str, scanner_kinds: list[str], days: int, issued_by: User | None = None) -> Certificate:
    """For people certified before CIPS (and the demo): no exam behind it."""
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {', '.join(GRADES)}")
    unknown = set(scanner_kinds) - set(SCANNER_KINDS)
    if unknown:
        raise ValueError(f"unknown scanner kinds: {', '.join(sorted(unknown))}")
    now = utcnow()
    cert = Certificate(code=new_code(), user_id=user.id, grade=grade, scanner_kinds=list(scanner_kinds),
                       issued_at=now, expires_at=now + timedelta(days=days),
                       issued_by_id=issued_by.id if issued_by else None)
    db.session.add(cert)
    db.session.flush()
    audit.record("certificate.grant", actor=issued_by, target=("certificate", cert.id),
                 detail={"holder": user.username, "grade": grade, "kinds": list(scanner_kinds), "days": days})
    db.session.commit()
    return cert


def status(cert: Certificate, now: datetime | None = None) -> str:
    now = now or utcnow()
    if cert.revoked_at is not None:
        return "revoked"
    return "valid" if as_utc(cert.expires_at) > now else "expired"


def _valid(now: datetime | sa.BindParameter[datetime]) -> sa.ColumnElement[bool]:
    return sa.and_(Certificate.revoked_at.is_(None), Certificate.expires_at > now)


# Built once: asked before a sampled verdict's push (app.blueprints.assignments.verdicts).
_COVERAGE = sa.select(Certificate.user_id, Certificate.scanner_kinds).where(
    Certificate.user_id.in_(sa.bindparam("user_ids", expanding=True)),
    _valid(sa.bindparam("now", type_=Certificate.__table__.c.expires_at.type)),
    Certificate.grade.in_(sa.bindparam("grades", expanding=True)))


def live_coverage(user_ids: list[int], grade: str | None = None) -> dict[int, set[str]]:
    """For each user, the scanner kinds their valid certificates cover, counting those of
    at least `grade` (default: the grade live analysis needs)."""
    if not user_ids:
        return {}
    min_rank = GRADES.index(grade or current_app.config["CERTIFICATE_MIN_GRADE"])
    rows = db.session.execute(_COVERAGE, {"user_ids": list(user_ids), "now": utcnow(), "grades": GRADES[min_rank:]})
    covered: dict[int, set[str]] = {}
    for user_id, kinds in rows:
        covered.setdefault(user_id, set()).update(kinds)
    return covered


def covering(user_ids: list[int], scanner_kind: str, grade: str | None = None) -> list[int]:
    """Those of `user_ids` whose valid certificates of at least `grade` cover `scanner_kind`
    (all of them where certificates are not required)."""
    if not current_app.config["REQUIRE_CERTIFICATE"]:
        return list(user_ids)
    coverage = live_coverage(user_ids, grade)
    return [i for i in user_ids if scanner_kind in coverage.get(i, ())]


def may_take(user: User, scanner_kind: str, coverage: dict[int, set[str]] | None = None) -> bool:
    if not current_app.config["REQUIRE_CERTIFICATE"]:
        return True
    coverage = coverage if coverage is not None else live_coverage([user.id])
    return scanner_kind in coverage.get(user.id, ())


def live_work(user: User) -> dict:
    """What the analyst's workstation says about their certification."""
    if not user.has_role("analyst", "expert"):
        return {"allowed": False, "reason": _("Live scans go to analysts and experts only.")}
    if not current_app.config["REQUIRE_CERTIFICATE"]:
        return {"allowed": True, "reason": _("This installation does not require certificates."), "scanner_kinds": []}
    kinds = sorted(live_coverage([user.id]).get(user.id, ()))
    if not kinds:
        grade = current_app.config["CERTIFICATE_MIN_GRADE"]
        return {"allowed": False, "scanner_kinds": [],
                "reason": _("You hold no valid certificate (grade %(grade)s or higher): you will not receive live "
                            "scans until you pass an exam.", grade=grade_label(grade))}
    return {"allowed": True, "scanner_kinds": kinds,
            "reason": _("Certified for scans of: %(kinds)s.",
                        kinds=_(", ").join(scanner_kind_label(k) for k in kinds))}


def mine(user: User) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.user_id == user.id)
                                   .order_by(Certificate.expires_at.desc())))


def people_scope(viewer: User) -> sa.Select:
    """Whose certificates a member of staff sees: headquarters and admins everyone,
    a centre its own people and its sites' people, a site its own."""
    query = sa.select(User.id)
    if viewer.has_role("admin") or viewer.headquarters_id is not None:
        return query
    if viewer.centre_id is not None:
        sites = sa.select(Site.id).where(Site.centre_id == viewer.centre_id)
        return query.where(sa.or_(User.centre_id == viewer.centre_id, User.site_id.in_(sites)))
    if viewer.site_id is not None:
        return query.where(User.site_id == viewer.site_id)
    return query.where(sa.false())


def for_staff(viewer: User, expiring_within: int | None, user_id: int | None) -> list[Certificate]:
    query = sa.select(Certificate).where(Certificate.user_id.in_(people_scope(viewer))).order_by(
        Certificate.expires_at)
    if expiring_within is not None:
        now = utcnow()
        query = query.where(_valid(now), Certificate.expires_at <= now + timedelta(days=expiring_within))
    if user_id is not None:
        query = query.where(Certificate.user_id == user_id)
    return list(db.session.scalars(query.limit(1000)))


def get_for(cert_id: int, viewer: User) -> Certificate:
    cert = db.session.get(Certificate, cert_id)
    allowed = cert is not None and (cert.user_id == viewer.id or (
        is_staff(viewer) and db.session.scalar(people_scope(viewer).where(User.id == cert.user_id)) is not None))
    if not allowed:
        raise ApiError(404, "not_found", _("No certificate %(certificate)s that you may see.", certificate=cert_id))
    return cert


def by_code(code: str) -> Certificate:
    cert = db.session.scalar(sa.select(Certificate).where(Certificate.code == normalise_code(code)))
    if cert is None:
        raise ApiError(404, "not_found", _("No certificate has this code. Check it was typed as printed."))
    return cert


def revoke(cert: Certificate, reason: str, by: User) -> Certificate:
    if cert.revoked_at is not None:
        raise ApiError(409, "revoked", _("This certificate is revoked already."))
    cert.revoked_at = utcnow()
    cert.revoked_reason = reason
    audit.record("certificate.revoke", actor=by, target=("certificate", cert.id), detail={"reason": reason})
    db.session.commit()
    current_app.logger.info("certificate %s revoked by %s: %s", cert.code, by.username, reason)
    return cert


def serialize(cert: Certificate) -> CertificateOut:
    now = utcnow()
    state = status(cert, now)
    days_left = max(0, (as_utc(cert.expires_at) - now).days) if state == "valid" else 0
    return CertificateOut.model_validate({
        "id": cert.id, "code": cert.code,
        "holder": {"id": cert.user.id, "display_name": cert.user.display_name},
        "exam": {"id": cert.template.id, "name": cert.template.name} if cert.template else None,
        "attempt": _attempt(cert),
        "grade": cert.grade, "score_percent": cert.score_percent, "scanner_kinds": cert.scanner_kinds,
        "issued_at": cert.issued_at, "expires_at": cert.expires_at, "status": state, "days_left": days_left,
        "expiring_soon": state == "valid" and days_left < current_app.config["CERTIFICATE_WARNING_DAYS"],
        "revoked_reason": cert.revoked_reason or None,
        "links": {"pdf": url_for("training.certificate_pdf", cert_id=cert.id), "verify": verify_url(cert)},
    })


def _attempt(cert: Certificate) -> dict | None:
    """Which attempt passed: its id and its number among the holder's attempts at the exam."""
    if cert.attempt is None:
        return None
    return {"id": cert.attempt.id, "number": cert.attempt.number,
            "submitted_at": cert.attempt.submitted_at}


def verify_url(cert: Certificate) -> str:
    """Where anyone checks the certificate: printed on it and in its QR code."""
    return url_for("training.verify_page", code=cert.code, _external=True)


def public_view(cert: Certificate) -> dict:
    """What anyone holding the code may read."""
    state = status(cert)
    return {"code": cert.code, "status": state, "valid": state == "valid",
            "holder": cert.user.display_name, "grade": cert.grade,
            "exam": cert.template.name if cert.template else "Granted on record",
            "attempt": cert.attempt.number if cert.attempt else None,
            "scanner_kinds": cert.scanner_kinds,
            "issued_at": as_utc(cert.issued_at).isoformat(), "expires_at": as_utc(cert.expires_at).isoformat()}


def language_for(cert: Certificate, asked: str | None) -> str:
    """The certificate's language: `?lang=` when given, else the holder's chosen language,
    else the reader's."""
    if asked is not None:
        lang = i18n.normalise(asked)
        if lang is None:
            raise ApiError(400, "invalid_parameter",
                           _("Unknown language %(language)s: choose one of %(languages)s.",
                             language=asked[:20], languages=", ".join(i18n.languages())), parameter="lang")
        return lang
    return i18n.normalise(cert.user.language) or i18n.request_language()


def page_context(code: str, asked_lang: str | None) -> tuple[dict, int]:
    """What the public verification page shows, in the reader's language."""
    lang = i18n.normalise(asked_lang) or i18n.request_language()
    names = [(tag, _language_name(tag)) for tag in i18n.languages()]
    context: dict[str, Any] = {"code": code, "lang": lang, "languages": names, "view": None}
    try:
        cert = by_code(code)
    except ApiError:
        return context, 404
    view = public_view(cert)
    locale = lang.replace("-", "_")
    context.update(view=view, has_exam=cert.template is not None, grade_label=grade_label(cert.grade),
                   status_label=certificate_status_label(view["status"]),
                   kinds=_(", ").join(scanner_kind_label(k) for k in cert.scanner_kinds),
                   issued=format_date(as_utc(cert.issued_at).date(), format="long", locale=locale),
                   expires=format_date(as_utc(cert.expires_at).date(), format="long", locale=locale))
    return context, 200


def _language_name(tag: str) -> str:
    locale = Locale.parse(tag.replace("-", "_"))
    return locale.get_language_name(locale) or tag  # "English", "中文": each in its own words
