"""The site officer's side: today's scans with their verdicts, and the physical inspection."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import audit, channels
from app.blueprints.assignments.verdicts import analyst_ref
from app.blueprints.declarations import outbox
from app.blueprints.scans.services import serialize_scan
from app.database import as_utc
from app.errors import ApiError
from app.extensions import db
from app.models import Inspection, Scan, Scanner, User
from app.models.workflow import OUTCOMES


def site_scans(officer: User, since: str | None) -> list[dict]:
    if officer.site_id is None:
        raise ApiError(403, "forbidden", "Only officers of a site have a site list.")
    start = _since(officer, since)
    query = (sa.select(Scan).join(Scan.scanner).where(Scanner.site_id == officer.site_id, Scan.received_at >= start,
                                                    Scan.purpose == "live")
             .order_by(Scan.received_at.desc()).limit(500))
    return [serialize_site_scan(s) for s in db.session.scalars(query)]


def _since(officer: User, since: str | None) -> datetime:
    if since:
        try:
            return as_utc(datetime.fromisoformat(since))
        except ValueError:
            raise ApiError(400, "invalid_parameter", "since must be an ISO 8601 date-time.", parameter="since") from None
    zone = ZoneInfo(officer.site.timezone or "UTC")
    today = datetime.now(zone).date()
    return datetime.combine(today, time.min, tzinfo=zone).astimezone(timezone.utc)


def serialize_site_scan(scan: Scan) -> dict:
    body = serialize_scan(scan)
    verdict = getattr(scan, "verdict", None)
    body["verdict"] = None if verdict is None else {
        "decision": verdict.final_decision, "regions": verdict.final_regions,
        "analyst_ref": analyst_ref(verdict.analyst_id), "issued_at": as_utc(verdict.issued_at).isoformat(),
        "revised": verdict.revised_at is not None,
    }
    inspection = getattr(scan, "inspection", None)
    body["inspection"] = None if inspection is None else serialize_inspection(inspection)
    return body


def serialize_inspection(inspection: Inspection) -> dict:
    return {"scan_id": inspection.scan_id, "outcome": inspection.outcome, "findings": inspection.findings,
            "photos": inspection.photos, "officer": inspection.officer.display_name,
            "recorded_at": as_utc(inspection.recorded_at).isoformat()}


def record_inspection(scan_id: int, officer: User, body: dict) -> Inspection:
    scan = db.session.get(Scan, scan_id)
    if scan is None or officer.site_id is None or scan.scanner.site_id != officer.site_id:
        raise ApiError(403, "forbidden", "Only an officer of the scan's site records its inspection.")
    outcome = body.get("outcome")
    if outcome not in OUTCOMES:
        raise ApiError(422, "invalid_data", f"outcome must be one of {', '.join(OUTCOMES)}.", field="outcome")
    findings = body.get("findings", "")
    if not isinstance(findings, str) or len(findings) > 10_000:
        raise ApiError(422, "invalid_data", "findings must be text of at most 10,000 characters.", field="findings")
    photos = body.get("photos", [])
    if not isinstance(photos, list) or len(photos) > 20 or not all(isinstance(p, str) and len(p) < 500 for p in photos):
        raise ApiError(422, "invalid_data", "photos must be a list of at most 20 references.", field="photos")
    if getattr(scan, "inspection", None) is not None:
        raise ApiError(409, "conflict", "This scan's inspection is already recorded.")
    inspection = Inspection(scan=scan, officer=officer, outcome=outcome, findings=findings, photos=photos)
    db.session.add(inspection)
    outbox.record("inspection", scan, outcome=outcome)
    audit.record("inspection.record", actor=officer, target=("scan", scan.id), scan_id=scan.id,
                 detail={"outcome": outcome, "photos": len(photos)})
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ApiError(409, "conflict", "This scan's inspection is already recorded.") from None
    site = scan.scanner.site
    channels.publish("inspection.recorded", {"scan_id": scan.id, "outcome": outcome, "site": site.code},
                     channels.centre_room(site.centre_id))
    return inspection
