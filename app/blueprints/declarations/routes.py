from __future__ import annotations

import json

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.blueprints.declarations import bp, outbox, services
from app.blueprints.declarations.schema import (CosResults, DeclarationAnswer, DeclarationsIn, Deliveries, DeliveryOut,
                                                LinkIn, ResultsQuery, ScanDeclarationOut, UnlinkIn, UnmatchedScans)
from app.blueprints.scans.schemas import ScanOut
from app.blueprints.scans.services import SCAN_ROLES, get_scan, visible_scans
from app.errors import ApiError
from app.extensions import db
from app.models import OutboxEvent
from app.security import allow
from app.validation import accepts, accepts_query, body, query_parameters, reply, responds

# Linking by number looks a declaration up: only supervisors, so that an analyst can
# never fetch a declaration of their choosing (anti-corruption). Anyone working on
# the scan may undo a wrong match.
LINKERS = ("supervisor",)
UNLINKERS = ("analyst", "expert", "supervisor")


@bp.post("/declarations")
@allow(tokens=("integration",), people=False)
@accepts(DeclarationsIn)
@responds({200: DeclarationAnswer, 201: DeclarationAnswer})
def declarations():
    """Receives a declaration (201; its number again: 200, the next version), or many
    (a JSON array or NDJSON: 200, one result per declaration)."""
    # Read by hand: each declaration of a bulk send is validated on its own.
    if request.mimetype == "application/x-ndjson":
        return reply({"results": services.receive_many(request.get_data(), request.mimetype)})
    try:
        data = json.loads(request.get_data() or b"null")
    except ValueError:
        raise ApiError(422, "invalid_json", _("The body is not valid JSON."), field="body") from None
    if isinstance(data, list):
        return reply({"results": services.receive_many(request.get_data(), "application/json")})
    declaration, created = services.receive(data)
    return reply(services.declaration_out(declaration, parties=True), 201 if created else 200)


@bp.get("/scans/<int:scan_id>/declaration")
@allow(*SCAN_ROLES)
@responds(ScanDeclarationOut)
def scan_declaration(scan_id: int):
    scan = get_scan(scan_id, user=current_user)
    audit.record_now("scan.view", target=("scan", scan.id), scan_id=scan.id, detail={"what": "declaration"})
    return reply(services.panel(scan, current_user))


@bp.post("/scans/<int:scan_id>/declaration")
@allow(*LINKERS)
@accepts(LinkIn)
@responds(ScanDeclarationOut)
def link(scan_id: int):
    scan = get_scan(scan_id, user=current_user)
    asked = body(LinkIn)
    services.link_by_hand(scan, current_user, asked.number, asked.reason)
    return reply(services.panel(scan, current_user))


@bp.delete("/scans/<int:scan_id>/declaration")
@allow(*UNLINKERS)
@accepts(UnlinkIn)
@responds(ScanDeclarationOut)
def unlink(scan_id: int):
    scan = get_scan(scan_id, user=current_user)
    services.unlink(scan, current_user, body(UnlinkIn).reason)
    return reply(services.panel(scan, current_user))


@bp.get("/declarations/unmatched-scans")
@allow("supervisor")
@responds(UnmatchedScans)
def unmatched():
    return reply({"scans": [ScanOut.of(s) for s in services.unmatched_scans(visible_scans(current_user))]})


@bp.get("/results")
@allow(tokens=("integration",), people=False)
@accepts_query(ResultsQuery)
@responds(CosResults)
def results():
    page = query_parameters(ResultsQuery)
    rows = db.session.scalars(sa.select(OutboxEvent).where(OutboxEvent.id > page.after)
                              .order_by(OutboxEvent.id).limit(page.limit)).all()
    return reply({"results": [outbox.serialize_event(e) for e in rows],
                  "next": rows[-1].id if rows else page.after})


@bp.get("/admin/deliveries")
@allow("admin")
@responds(Deliveries)
def deliveries():
    rows = db.session.scalars(sa.select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(500)).all()
    return reply({"deliveries": [DeliveryOut.of(e) for e in rows]})


@bp.post("/admin/deliveries/<event_id>/replay")
@allow("admin")
@responds(DeliveryOut)
def replay(event_id: str):
    event = db.session.scalar(sa.select(OutboxEvent).where(OutboxEvent.event_id == event_id))
    if event is None:
        raise ApiError(404, "not_found", _("No such delivery."))
    audit.record("delivery.replay", target=("outbox_event", event.event_id), scan_id=event.scan_id)
    outbox.replay(event)  # commits the audit row with the replay
    return reply(DeliveryOut.of(event))
