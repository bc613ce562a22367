from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Literal

from flask import Response
from pydantic import BaseModel, ConfigDict, Field

from app import audit
from app.audit import reports, trail
from app.blueprints.audit import bp
from app.blueprints.audit.schemas import (AuditEvents, AuditVerification, OutsideViews, PeerDecisions,
                                         SupervisorActions)
from app.security import allow
from app.validation import accepts_query, query, reply, responds, responds_media

AUDITORS = ("auditor",)


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actor: str | None = Field(default=None, max_length=200)
    action: str | None = Field(default=None, max_length=64)
    scan_id: int | None = Field(default=None, ge=1)
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = Field(default=None, max_length=200)
    before: int | None = Field(default=None, ge=1)
    limit: int = Field(default=100, ge=1, le=1000)


class Since(BaseModel):
    model_config = ConfigDict(extra="forbid")
    since: datetime | None = None


class ByGroup(Since):
    by: Literal["site", "hs_chapter", "importer"] = "site"


def _found(f: Filters):
    return reports.search(actor=f.actor, action=f.action, scan_id=f.scan_id, since=f.since, until=f.until, text=f.q,
                          before=f.before, limit=f.limit)


@bp.get("/events")
@allow(*AUDITORS)
@accepts_query(Filters)
@responds(AuditEvents)
def events():
    found = _found(query(Filters))
    return reply({"events": [reports.serialize(e) for e in found], "next": found[-1].id if found else None})


@bp.get("/events.csv")
@allow(*AUDITORS)
@accepts_query(Filters)
@responds_media({200: "text/csv"}, headers={"Content-Disposition": "attachment; filename=\"cips-audit.csv\""})
def events_csv():
    filters = query(Filters)
    rows = _found(filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor_kind", "actor", "action", "target_kind", "target_id", "scan_id", "address",
                     "detail", "hash"])
    for e in rows:
        writer.writerow([e.id, e.at.isoformat(), e.actor_kind, e.actor_name, e.action, e.target_kind or "",
                         e.target_id or "", e.scan_id or "", e.address or "", e.detail, e.hash])
    audit.record_now("audit.export", detail={"rows": len(rows), **filters.model_dump(mode="json", exclude_none=True)})
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="cips-audit.csv"'})


@bp.get("/verify")
@allow(*AUDITORS)
@responds(AuditVerification)
def verify():
    checked, problem = trail.verify()
    return reply({"checked": checked, "intact": problem is None,
                    "problem": None if problem is None else {"kind": problem.kind, "event_id": problem.event_id,
                                                             "message": problem.message}})


@bp.get("/reports/views-outside-assignments")
@allow(*AUDITORS)
@accepts_query(Since)
@responds(OutsideViews)
def views_outside():
    return reply({"views": reports.views_outside_assignments(query(Since).since)})


@bp.get("/reports/decisions")
@allow(*AUDITORS)
@accepts_query(ByGroup)
@responds(PeerDecisions)
def decisions():
    args = query(ByGroup)
    return reply({"rows": reports.decisions_against_peers(args.by, args.since)})


@bp.get("/reports/supervisor-actions")
@allow(*AUDITORS)
@accepts_query(Since)
@responds(SupervisorActions)
def supervisor_actions():
    return reply({"rows": reports.supervisor_actions(query(Since).since)})
