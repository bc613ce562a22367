"""The site officer's worklist: today's scans with their verdicts, suspects awaiting
inspection first (the inspection itself: inspections.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from app.blueprints.assignments.answers import SiteScanOut, SiteScans
from app.blueprints.assignments.inspections import inspection_out
from app.blueprints.assignments.verdicts import analyst_ref
from app.blueprints.scans.schemas import ScanOut
from app.database import as_utc
from app.errors import ApiError
from app.extensions import db
from app.models import Inspection, Scan, Scanner, User, Verdict


# Suspects not yet inspected stay on the worklist this long after the day they were scanned.
PENDING_DAYS = 7


def site_scans(officer: User, since: datetime | None) -> SiteScans:
    """The officer's worklist: today's scans of the site (or since `since`) and every
    suspect still awaiting inspection from the days before, in the order the officer
    works them (`worklist_order`), with the site's time zone to show times in."""
    if officer.site_id is None:
        raise ApiError(403, "forbidden", _("Only officers of a site have a site list."))
    start = _since(officer, since)
    of_site = (sa.select(Scan).join(Scan.scanner)
               .where(Scanner.site_id == officer.site_id, Scan.purpose == "live"))
    recent = list(db.session.scalars(of_site.where(Scan.received_at >= start)
                                     .order_by(Scan.received_at.desc()).limit(500)))
    pending = list(db.session.scalars(
        of_site.join(Verdict, Verdict.scan_id == Scan.id)
        .outerjoin(Inspection, Inspection.scan_id == Scan.id)
        .where(Scan.received_at < start, Scan.received_at >= start - timedelta(days=PENDING_DAYS),
               Verdict.final_decision == "suspect", Inspection.id.is_(None))
        .limit(200)))
    site = officer.site
    rows = [site_scan_out(s) for s in worklist_order(recent + pending)]
    return SiteScans.model_validate({"scans": rows, "site": {"code": site.code, "name": site.name,
                                                             "timezone": site.timezone or "UTC"}})


def worklist_group(scan: Scan) -> int:
    """0: a suspect awaiting inspection; 1: on hold (no verdict yet, or the scan failed
    and must be repeated); 2: decided and done (clear, or inspected)."""
    verdict = getattr(scan, "verdict", None)
    if verdict is None:
        return 1
    if verdict.final_decision == "suspect" and getattr(scan, "inspection", None) is None:
        return 0
    return 2


def worklist_order(scans: list[Scan]) -> list[Scan]:
    """Suspects awaiting inspection oldest first, then holds oldest first, then the
    rest newest first (the SPA orders live updates the same way, officer/status.ts)."""
    def key(scan: Scan) -> tuple[int, float, int]:
        group, when = worklist_group(scan), as_utc(scan.scanned_at).timestamp()
        return (group, when if group < 2 else -when, scan.id if group < 2 else -scan.id)

    return sorted(scans, key=key)


def _since(officer: User, since: datetime | None) -> datetime:
    if since is not None:
        return as_utc(since)
    zone = ZoneInfo(officer.site.timezone or "UTC")
    today = datetime.now(zone).date()
    return datetime.combine(today, time.min, tzinfo=zone).astimezone(timezone.utc)


def site_scan_out(scan: Scan) -> SiteScanOut:
    verdict = getattr(scan, "verdict", None)
    inspection = getattr(scan, "inspection", None)
    return SiteScanOut.model_validate(dict(ScanOut.of(scan)) | {
        "verdict": None if verdict is None else {
            "decision": verdict.final_decision, "regions": verdict.final_regions,
            "analyst_ref": analyst_ref(verdict.analyst_id), "issued_at": verdict.issued_at,
            "revised": verdict.revised_at is not None,
        },
        "inspection": None if inspection is None else inspection_out(inspection),
        "worklist_group": worklist_group(scan),
    })
