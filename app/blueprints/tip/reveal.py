"""The moment of truth: the first decision on a projected scan is scored against the FTI
and answered with the reveal instead of a verdict; the assignment stays open and the
analyst judges the real scan again. Only that second decision is a verdict: the site, the
COS outbox and every event see it alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import audit
from app.blueprints.scans.links import tile_links
from app.blueprints.training.grading import box_of, hits
from app.blueprints.tip.clock import now
from app.database import as_utc
from app.extensions import db
from app.models import Assignment, TipProjection, TipThreat, User


def outcome_of(decision: str, regions: list[dict[str, Any]], box: tuple[int, int, int, int]) -> str:
    """A suspect region hitting the FTI (IoU >= 0.3 or its centre inside) is a hit; a clear,
    or suspect regions all elsewhere, a miss (app.blueprints.training.grading's rule)."""
    if decision != "suspect":
        return "miss"
    marked = [b for b in (box_of(r) for r in regions) if b is not None]
    return "hit" if any(hits(b, box) for b in marked) else "miss"


_ACTIVE = sa.select(TipProjection.id).where(TipProjection.assignment_id == sa.bindparam("assignment_id"),
                                            TipProjection.state == "active")


def take_decision(assignment: Assignment, analyst: User, decision: str,
                  regions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The reveal if this assignment carries an active projection, else None (a verdict)."""
    # Asked before every verdict and nearly always "no": the id alone, from a prepared
    # statement, costs a fraction of loading the object.
    found = db.session.scalar(_ACTIVE, {"assignment_id": assignment.id})
    if found is None:
        return None
    projection = db.session.get_one(TipProjection, found)
    at = now()
    box = (projection.x, projection.y, projection.w, projection.h)
    projection.outcome = outcome_of(decision, regions, box)
    projection.state, projection.decided_at = "revealed", at
    projection.first_decision, projection.first_regions = decision, regions
    projection.decision_s = max(0.0, (at - as_utc(assignment.assigned_at)).total_seconds())
    # Time to judge the real scan again, as much as a fresh assignment gets.
    assignment.deadline = max(as_utc(assignment.deadline),
                              at + timedelta(seconds=current_app.config["ASSIGNMENT_TIMEOUT_SECONDS"]))
    threat = db.session.get(TipThreat, projection.threat_id)
    audit.record("tip.reveal", actor=analyst, target=("assignment", assignment.id), scan_id=assignment.scan_id,
                 detail={"projection": projection.id, "outcome": projection.outcome, "decision": decision})
    db.session.commit()
    return {
        "tip": {
            "outcome": projection.outcome,
            "category": threat.category if threat else None,
            "region": {"x": projection.x, "y": projection.y, "w": projection.w, "h": projection.h},
            "message": _("This was a projected test threat: hit.") if projection.outcome == "hit"
            else _("This was a projected test threat: missed."),
        },
        "assignment_id": assignment.id,
        "scan_id": assignment.scan_id,
        # New links for the real scan: the browser's cache holds the projected tiles.
        "links": tile_links(assignment.scan_id, analyst.id),
        "deadline": as_utc(assignment.deadline).isoformat(),
    }
