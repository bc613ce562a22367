"""The three tiers, the live wall and the reports, each scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app import zones
from app.blueprints.assignments import alarms, board, engine
from app.blueprints.equipment import reports
from app.blueprints.equipment.stats import day_bounds, rollup, scanner_day, scanner_status, serialize_alert, today
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import (
    Centre, EquipmentAlert, EquipmentEvent, Headquarters, Inspection, Scan, Scanner, ScannerState, Site, User, Verdict,
)


def scope(user: User) -> tuple[str, Sequence[Centre], set[int] | None]:
    """(scope name, visible centres, visible site ids or None for all of those centres' sites)."""
    centres = db.session.scalars(sa.select(Centre).order_by(Centre.code)).all()
    if user.has_role("admin") or user.headquarters_id is not None:
        return "headquarters", centres, None
    if user.centre_id is not None:
        return "centre", [c for c in centres if c.id == user.centre_id], None
    if user.site_id is not None:
        return "site", [c for c in centres if c.id == user.site.centre_id], {user.site_id}
    raise ApiError(403, "forbidden", _("You are not affiliated with a site, centre or headquarters."))


def visible_scanners(user: User) -> list[Scanner]:
    _name, centres, sites = scope(user)
    query = sa.select(Scanner).join(Scanner.site).where(Site.centre_id.in_([c.id for c in centres]))
    if sites is not None:
        query = query.where(Site.id.in_(sites))
    return list(db.session.scalars(query.order_by(Site.code, Scanner.name)))


def get_scanner(user: User, scanner_id: int) -> Scanner:
    found = next((s for s in visible_scanners(user) if s.id == scanner_id), None)
    if found is None:
        raise ApiError(404, "not_found", _("No scanner %(scanner_id)s that you may see.", scanner_id=scanner_id))
    return found


def _statuses(scanners: list[Scanner]) -> dict[int, dict]:
    states = {s.scanner_id: s for s in db.session.scalars(sa.select(ScannerState))}
    return {sc.id: scanner_status(sc, states.get(sc.id)) for sc in scanners}


def overview(user: User) -> dict:
    name, centres, _sites = scope(user)
    scanners = visible_scanners(user)
    status = _statuses(scanners)
    by_site: dict[int, list[dict]] = {}
    for sc in scanners:
        by_site.setdefault(sc.site_id, []).append(status[sc.id])
    hqs: dict[int, dict] = {}
    for centre in centres:
        sites: list[dict[str, Any]] = [{"id": s.id, "code": s.code, "name": s.name, "rollup": rollup(by_site[s.id]),
                  "scanners": by_site[s.id]}
                 for s in db.session.scalars(sa.select(Site).where(Site.centre_id == centre.id).order_by(Site.code))
                 if s.id in by_site]
        entry = {"id": centre.id, "code": centre.code, "name": centre.name,
                 "rollup": rollup([x for s in sites for x in s["scanners"]]), "sites": sites}
        hq = db.session.get(Headquarters, centre.headquarters_id)
        hqs.setdefault(hq.id, {"id": hq.id, "code": hq.code, "name": hq.name, "centres": []})["centres"].append(entry)
    for tree in hqs.values():
        tree["rollup"] = rollup([x for c in tree["centres"] for s in c["sites"] for x in s["scanners"]])
    return {"scope": name, "headquarters": list(hqs.values())}


def timeline(user: User, scanner_id: int, day: date | None) -> dict:
    scanner = get_scanner(user, scanner_id)
    day = day or today(scanner)
    figures = scanner_day(scanner, day)
    start, end = day_bounds(scanner, day)
    events = db.session.scalars(sa.select(EquipmentEvent).where(
        EquipmentEvent.scanner_id == scanner.id, EquipmentEvent.effective_at >= start,
        EquipmentEvent.effective_at < end, EquipmentEvent.type != "heartbeat").order_by(EquipmentEvent.effective_at))
    return {"scanner": scanner_status(scanner), "date": day.isoformat(), "figures": figures.figures(),
            # The site's midnight to midnight, so a client in another zone draws the right hours.
            "day_start": start.isoformat(), "day_end": end.isoformat(), "timezone": scanner.site.timezone,
            "runs": figures.runs, "faults": figures.fault_spans, "scans_per_hour": figures.scans_per_hour,
            "events": [{"type": e.type, "at": as_utc(e.effective_at).isoformat(), "data": e.data, "skewed": e.skewed}
                       for e in events]}


def alerts(user: User, open_only: bool) -> list[dict]:
    ids = [s.id for s in visible_scanners(user)]
    query = sa.select(EquipmentAlert).where(EquipmentAlert.scanner_id.in_(ids))
    if open_only:
        query = query.where(sa.or_(EquipmentAlert.cleared_at.is_(None), EquipmentAlert.acknowledged_at.is_(None)))
    return [serialize_alert(a) for a in db.session.scalars(query.order_by(EquipmentAlert.raised_at.desc()).limit(200))]


def acknowledge(user: User, alert_id: int) -> dict:
    alert = db.session.get(EquipmentAlert, alert_id)
    if alert is None or alert.scanner_id not in {s.id for s in visible_scanners(user)}:
        raise ApiError(404, "not_found", _("No such alert."))
    alert.acknowledged_by_id, alert.acknowledged_at = user.id, utcnow()
    db.session.commit()
    return serialize_alert(alert)


def wall_zone(centres: list[Centre]) -> str:
    """The zone a wall reads in: its centre's; a headquarters wall over centres in
    different zones reads in UTC (and says so)."""
    zones_used = {c.timezone or "UTC" for c in centres}
    return zones_used.pop() if len(zones_used) == 1 else "UTC"


def wall(user: User) -> dict:
    name, found, sites = scope(user)
    centres = list(found)
    scanners = visible_scanners(user)
    tz = wall_zone(centres)
    midnight = zones.day_start(tz)
    now = utcnow()
    centre_ids = [c.id for c in centres]
    waiting = [s for c in centre_ids for s in engine.waiting_scans(c)]
    analyst_rows = board.rows(centres)
    site_ids = {s.site_id for s in scanners}
    scans_today = db.session.scalars(sa.select(Scan).join(Scan.scanner).where(
        Scanner.site_id.in_(site_ids), Scan.received_at >= midnight, Scan.purpose == "live")).all()
    verdicts = db.session.scalars(sa.select(Verdict).join(Verdict.scan).join(Scan.scanner).where(
        Scanner.site_id.in_(site_ids), Verdict.issued_at >= midnight)).all()
    times = [v.time_spent_s for v in verdicts]
    inspected = db.session.scalars(sa.select(Inspection).where(Inspection.scan_id.in_(
        [v.scan_id for v in verdicts if v.decision == "suspect"]))).all()
    hours_by_site: dict[int, list[int]] = {}
    per_scanner: dict[int, int] = {}
    for scan in scans_today:
        # Every hour on the wall is the wall's zone's hour, whichever site sent the scan.
        hours_by_site.setdefault(scan.scanner.site_id, [0] * 24)[zones.local_hour(tz, as_utc(scan.received_at))] += 1
        per_scanner[scan.scanner_id] = per_scanner.get(scan.scanner_id, 0) + 1
    return {
        "generated_at": now.isoformat(), "scope": name, "timezone": tz, "day_start": midnight.isoformat(),
        "scanners": list(_statuses(scanners).values()),
        "scans_today_by_scanner": {str(k): v for k, v in per_scanner.items()},
        "queue": {"waiting": len(waiting), "oldest_waiting_seconds": round(max(
            ((now - as_utc(s.received_at)).total_seconds() for s in waiting), default=0)),
                  "thresholds": [alarms.thresholds(c) for c in centres]},
        "analysts": {"online": sum(r["state"] in ("ready", "working") for r in analyst_rows),
                     "busy": sum(r["state"] == "working" for r in analyst_rows)},
        "analyst_list": analyst_rows,
        "today": {"scans": len(scans_today), "decided": len(verdicts),
                  "decision_seconds_p50": reports.percentile(times, 0.5),
                  "decision_seconds_p95": reports.percentile(times, 0.95),
                  "suspect_rate": reports.rate(sum(v.decision == "suspect" for v in verdicts), len(verdicts)),
                  "hit_rate": reports.rate(sum(i.outcome != "no_finding" for i in inspected), len(inspected))},
        "scans_per_hour_by_site": [{"site": {"code": s.code, "name": s.name},
                                    "hours": hours_by_site.get(s.id, [0] * 24)}
                                   for s in db.session.scalars(sa.select(Site).where(Site.id.in_(site_ids))
                                                              .order_by(Site.code))],
        "alerts": alerts(user, open_only=True),
        "queue_alarms": alarms.open_alarms(centres),
    }


def report(user: User, period: str, when: str) -> dict:
    _name, centres, _sites = scope(user)
    return reports.report(list(centres), visible_scanners(user), period, when)
