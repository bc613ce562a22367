"""Priors: earlier scans of the same container or plate, shown beside the scan an analyst
is judging (issue 15). Which scans they are is app/access.py's one exception
(`prior_scans`); this module is its door: a list, and an opening that signs the prior's
tile links for the person and writes the opening in the audit trail."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from app import audit
from app.access import prior_scans, shares_conveyance
from app.blueprints.scans.imaging import image_links, image_view
from app.errors import ApiError
from app.extensions import db
from app.models import Assignment, Scan, User

def open_assignment(assignment_id: int, user: User) -> Assignment:
    """The caller's open assignment; 404 for anything else (absent, someone else's, decided)."""
    found = db.session.scalar(sa.select(Assignment).where(Assignment.id == assignment_id,
                                                          Assignment.analyst_id == user.id,
                                                          Assignment.state == "open"))
    if found is None:
        raise ApiError(404, "not_found", _("No open assignment %(id)s of yours.", id=assignment_id))
    return found


def list_priors(assignment: Assignment, user: User, limit: int) -> list[Scan]:
    """The `limit` newest first."""
    query = prior_scans(user, assignment).order_by(Scan.scanned_at.desc(), Scan.id.desc()).limit(limit)
    return [s for s in db.session.scalars(query) if shares_conveyance(s, assignment.scan)]


def get_prior(assignment_id: int, scan_id: int, user: User) -> tuple[Assignment, Scan]:
    """The prior `scan_id` of the caller's open assignment; 404 for a scan that is not one of
    its priors (another conveyance's, a later one, one of the analyst's own site): ids reveal nothing."""
    assignment = open_assignment(assignment_id, user)
    scan = db.session.scalar(prior_scans(user, assignment).where(Scan.id == scan_id))
    if scan is None or not shares_conveyance(scan, assignment.scan):
        raise ApiError(404, "not_found", _("Scan %(scan_id)s is not an earlier scan of this assignment's "
                                           "container or plate that you may see.", scan_id=scan_id))
    return assignment, scan


def record_opening(assignment: Assignment, scan: Scan, via: str) -> None:
    """Every opening of a prior is in the audit trail: who, which prior, for which assignment."""
    audit.record_now("scan.prior_opened", target=("scan", scan.id), scan_id=scan.id,
                     detail={"assignment_id": assignment.id, "for_scan_id": assignment.scan_id,
                             "matched": _matched(scan, assignment.scan), "via": via})


def _matched(prior: Scan, scan: Scan) -> dict[str, Any]:
    return {"container_ids": sorted(set(prior.container_ids or []) & set(scan.container_ids or [])),
            "plate": prior.plate if scan.plate and prior.plate == scan.plate else None}


def _facts(scan: Scan, current: Scan) -> dict[str, Any]:
    sc = scan.scanner
    verdict = getattr(scan, "verdict", None)
    inspection = getattr(scan, "inspection", None)
    return {
        "scan_id": scan.id, "scan_uid": scan.scan_uid,
        "scanned_at": scan.scanned_at,
        "site": {"code": sc.site.code, "name": sc.site.name},
        "scanner": {"name": sc.name, "kind": sc.kind},
        "conveyance": {"kind": scan.conveyance_kind, "container_ids": scan.container_ids, "plate": scan.plate},
        "matched": _matched(scan, current),
        "decision": verdict.final_decision if verdict is not None else None,
        "inspection": inspection.outcome if inspection is not None else None,
    }


def serialize_prior(assignment: Assignment, scan: Scan) -> dict[str, Any]:
    """One entry of the list: facts, and where to open it (nothing is signed yet)."""
    return _facts(scan, assignment.scan) | {
        "links": {"open": url_for("assignments.prior", assignment_id=assignment.id, scan_id=scan.id)}}


def serialize_opened(assignment: Assignment, scan: Scan) -> dict[str, Any]:
    """What the viewer needs of the prior, under this door's image routes and with tile links
    signed for the person, plus its facts."""
    links = image_links("assignments", "prior_", assignment_id=assignment.id, scan_id=scan.id)
    self_link = url_for("assignments.prior", assignment_id=assignment.id, scan_id=scan.id)
    view = image_view(scan, str(scan.id), self_link, links)
    facts = _facts(scan, assignment.scan)
    return view | facts | {"scanner": view["scanner"] | facts["scanner"]}
