"""Declarations in (with history), what the analyst sees of them, links by hand."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.blueprints.declarations import matching
from app.blueprints.declarations.hs_chapters import chapter_of
from app.blueprints.declarations.schema import (DeclarationOut, DeclarationWithParties, ScanDeclarationOut,
                                                parse_declaration)
from app import audit
from app.access import visible_scans
from app.errors import ApiError
from app.extensions import db
from app.models import Declaration, DeclarationContainer, QueueEvent, Scan, ScanDeclaration, User

PARTIES = ("declarant", "consignor", "consignee")


def receive(body: Any) -> tuple[Declaration, bool]:
    """Store a declaration; the same number again becomes its next version."""
    data = parse_declaration(body)
    previous = db.session.scalar(sa.select(Declaration).where(Declaration.number == data["number"],
                                                              Declaration.current))
    if previous is not None:
        previous.current = False
        db.session.execute(sa.delete(DeclarationContainer).where(DeclarationContainer.declaration_id == previous.id))
    declaration = Declaration(**data, version=previous.version + 1 if previous else 1, current=True)
    db.session.add(declaration)
    db.session.flush()
    for container_id in set(data["container_ids"]):
        db.session.add(DeclarationContainer(declaration_id=declaration.id, container_id=container_id))
    matching.match_declaration(declaration)
    db.session.commit()
    return declaration, previous is None


def receive_many(raw: bytes, content_type: str) -> list[dict]:
    """A JSON array or NDJSON: each declaration stands alone, so one bad line fails only itself."""
    if content_type == "application/x-ndjson":
        items = []
        for i, line in enumerate(raw.decode("utf-8", "replace").splitlines()):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except ValueError:
                    items.append(ApiError(422, "invalid_json", _("line %(value)s is not JSON", value=i + 1)))
    else:
        items = json.loads(raw)
    results = []
    for item in items:
        # Echoed only when it is one: the result's `number` is text or null (BulkResult).
        number = item.get("number") if isinstance(item, dict) and isinstance(item.get("number"), str) else None
        try:
            if isinstance(item, ApiError):
                raise item
            _declaration, created = receive(item)
            results.append({"number": number, "status": 201 if created else 200})
        except ApiError as exc:
            db.session.rollback()
            results.append({"number": number, "status": exc.status, "error": exc.message,
                            "field": exc.extra.get("field")})
    return results


def current_for(scan: Scan) -> tuple[Declaration | None, ScanDeclaration | None]:
    link = db.session.get(ScanDeclaration, scan.id)
    if link is None:
        return None, None
    declaration = db.session.scalar(sa.select(Declaration).where(Declaration.number == link.number,
                                                                 Declaration.current))
    return declaration, link


def panel(scan: Scan, viewer: User) -> ScanDeclarationOut:
    declaration, link = current_for(scan)
    return ScanDeclarationOut.model_validate({
        "declaration": None if declaration is None else declaration_out(declaration, parties=_sees_parties(viewer)),
        "match": link,
        "weight": None if declaration is None else _weight(declaration, scan),
        "earlier_scans": _earlier(scan, viewer),
    })


def _sees_parties(viewer: User) -> bool:
    # Analysts judge the image, not the company (anti-corruption); the officers who
    # open the cargo at the port and the supervisors need the names.
    if viewer.has_role("supervisor", "admin", "site_officer"):
        return True
    return not current_app.config["HIDE_PARTIES_FROM_ANALYSTS"]


def declaration_out(declaration: Declaration, parties: bool) -> DeclarationOut:
    """The declaration, with its party names only when `parties` (a model: the union in
    ScanDeclarationOut keeps whichever of the two it is)."""
    model = DeclarationWithParties if parties else DeclarationOut
    return model.model_validate({
        "number": declaration.number, "version": declaration.version,
        "declared_at": declaration.declared_at, "origin_country": declaration.origin_country,
        "transport": {"container_ids": declaration.container_ids, "plate": declaration.plate},
        "goods": [line | {"hs_chapter": _chapter(line["hs_code"])} for line in declaration.goods],
        "risk": {"level": declaration.risk_level, "reasons": declaration.risk_reasons},
        **{p: getattr(declaration, p) for p in PARTIES},
    })


def _chapter(hs_code: str) -> dict | None:
    found = chapter_of(hs_code)
    return None if found is None else {"code": found[0], "name": found[1]}


def _weight(declaration: Declaration, scan: Scan) -> dict | None:
    declared = sum(line["gross_kg"] or 0 for line in declaration.goods)
    if not declared or scan.weight_kg is None:
        return None
    difference = (scan.weight_kg - declared) / declared * 100
    return {"declared_gross_kg": declared, "measured_kg": scan.weight_kg,
            "difference_percent": round(difference, 1),
            "flagged": abs(difference) > current_app.config["WEIGHT_FLAG_PERCENT"]}


def _earlier(scan: Scan, viewer: User) -> list[dict]:
    """Earlier scans of the same containers, among those the viewer may see."""
    if not scan.container_ids:
        return []
    rows = db.session.scalars(visible_scans(viewer).where(Scan.id != scan.id, Scan.scanned_at < scan.scanned_at)
                              .order_by(Scan.scanned_at.desc()).limit(200)).all()
    same = [s for s in rows if set(s.container_ids) & set(scan.container_ids)][:10]
    return [{"id": s.id, "scan_uid": s.scan_uid, "scanned_at": s.scanned_at, "site": s.scanner.site.code, "verdict": s.verdict.final_decision if s.verdict else None} for s in same]


def link_by_hand(scan: Scan, user: User, number: str, reason: str) -> ScanDeclaration:
    exists = db.session.scalar(sa.select(Declaration.id).where(Declaration.number == number, Declaration.current))
    if exists is None:
        raise ApiError(422, "invalid_data", _("No declaration with that number."), field="number")
    db.session.execute(sa.delete(ScanDeclaration).where(ScanDeclaration.scan_id == scan.id))
    link = ScanDeclaration(scan_id=scan.id, number=number, method="manual", linked_by_id=user.id, reason=reason)
    db.session.add(link)
    db.session.add(QueueEvent(scan_id=scan.id, kind="declaration_linked", actor_id=user.id,
                              reason=f"{number}: {reason}"))
    audit.record("declaration.link", actor=user, target=("declaration", number), scan_id=scan.id,
                 detail={"reason": reason})
    db.session.commit()
    return link


def unlink(scan: Scan, user: User, reason: str) -> None:
    link = db.session.get(ScanDeclaration, scan.id)
    if link is None:
        raise ApiError(409, "conflict", _("This scan has no declaration linked."))
    db.session.delete(link)
    db.session.add(QueueEvent(scan_id=scan.id, kind="declaration_unlinked", actor_id=user.id,
                              reason=f"{link.number}: {reason}"))
    audit.record("declaration.unlink", actor=user, target=("declaration", link.number), scan_id=scan.id,
                 detail={"reason": reason})
    db.session.commit()


def unmatched_scans(query: sa.Select) -> list[Scan]:
    linked = sa.select(ScanDeclaration.scan_id)
    return list(db.session.scalars(query.where(Scan.id.not_in(linked)).order_by(Scan.received_at.desc()).limit(200)))
