"""The three tiers, the live wall and the reports, each scoped to what the user may see."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from zoneinfo import ZoneInfo
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from app.blueprints.assignments import engine
from app.blueprints.assignments.presence import presence
from app.blueprints.equipment.stats import Day, day_bounds, rollup, scanner_day, scanner_status, serialize_alert, today
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.validation import date_in_range
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
    raise ApiError(403, "forbidden", "You are not affiliated with a site, centre or headquarters.")


def visible_scanners(user: User) -> list[Scanner]:
    _, centres, sites = scope(user)
    query = sa.select(Scanner).join(Scanner.site).where(Site.centre_id.in_([c.id for c in centres]))
    if sites is not None:
        query = query.where(Site.id.in_(sites))
    return list(db.session.scalars(query.order_by(Site.code, Scanner.name)))


def get_scanner(user: User, scanner_id: int) -> Scanner:
    found = next((s for s in visible_scanners(user) if s.id == scanner_id), None)
    if found is None:
        raise ApiError(404, "not_found", f"No scanner {scanner_id} that you may see.")
    return found


def _statuses(scanners: list[Scanner]) -> dict[int, dict]:
    states = {s.scanner_id: s for s in db.session.scalars(sa.select(ScannerState))}
    return {sc.id: scanner_status(sc, states.get(sc.id)) for sc in scanners}


def overview(user: User) -> dict:
    name, centres, _ = scope(user)
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
        raise ApiError(404, "not_found", "No such alert.")
    alert.acknowledged_by_id, alert.acknowledged_at = user.id, utcnow()
    db.session.commit()
    return serialize_alert(alert)


def wall(user: User) -> dict:
    name, centres, sites = scope(user)
    scanners = visible_scanners(user)
    centre_ids = [c.id for c in centres]
    waiting = [s for c in centre_ids for s in engine.waiting_scans(c)]
    analysts = [u for c in centre_ids for u in engine.centre_analysts(c)]
    load = engine.open_counts([u.id for u in analysts])
    online = [u for u in analysts if presence().is_online(u.id)]
    midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    site_ids = [s.site_id for s in scanners]
    scans_today = db.session.scalars(sa.select(Scan).join(Scan.scanner).where(
        Scanner.site_id.in_(site_ids), Scan.received_at >= midnight, Scan.purpose == "live")).all()
    verdicts = db.session.scalars(sa.select(Verdict).join(Verdict.scan).join(Scan.scanner).where(
        Scanner.site_id.in_(site_ids), Verdict.issued_at >= midnight)).all()
    times = sorted(v.time_spent_s for v in verdicts)
    inspected = db.session.scalars(sa.select(Inspection).where(Inspection.scan_id.in_(
        [v.scan_id for v in verdicts if v.decision == "suspect"]))).all()
    hours_by_site: dict[int, list[int]] = {}
    for scan in scans_today:
        site = scan.scanner.site
        local_hour = as_utc(scan.received_at).astimezone(ZoneInfo(site.timezone or "UTC")).hour
        hours_by_site.setdefault(site.id, [0] * 24)[local_hour] += 1
    return {
        "generated_at": utcnow().isoformat(), "scope": name,
        "scanners": list(_statuses(scanners).values()),
        "queue": {"waiting": len(waiting), "oldest_waiting_seconds": round(max(
            ((utcnow() - as_utc(s.received_at)).total_seconds() for s in waiting), default=0))},
        "analysts": {"online": len(online), "busy": sum(1 for u in online if load.get(u.id))},
        "today": {"scans": len(scans_today), "decided": len(verdicts),
                  "decision_seconds_p50": round(statistics.median(times), 1) if times else None,
                  "decision_seconds_p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1) if times else None,
                  "suspect_rate": _rate(sum(v.decision == "suspect" for v in verdicts), len(verdicts)),
                  "hit_rate": _rate(sum(i.outcome != "no_finding" for i in inspected), len(inspected))},
        "scans_per_hour_by_site": [{"site": {"code": s.code, "name": s.name}, "hours": hours_by_site.get(s.id, [0] * 24)}
                                   for s in db.session.scalars(sa.select(Site).where(Site.id.in_(set(site_ids)))
                                                              .order_by(Site.code))],
        "alerts": alerts(user, open_only=True),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def report(user: User, period: str, when: str) -> list[dict]:
    """One row per scanner, site and centre for a day or a month."""
    days = _days(period, when)
    rows: list[dict[str, Any]] = []
    by_site: dict[str, list[dict[str, Any]]] = {}
    by_centre: dict[str, list[dict[str, Any]]] = {}
    for sc in visible_scanners(user):
        total = Day(elapsed_seconds=0)
        for day in days:
            d = scanner_day(sc, day)
            for name in ("running_seconds", "scans", "anomalies", "radiation_alarms", "faults"):
                setattr(total, name, getattr(total, name) + getattr(d, name))
            total.elapsed_seconds += d.elapsed_seconds
        figures = total.figures()
        rows.append({"level": "scanner", "unit": f"{sc.site.code} / {sc.name}", **figures})
        by_site.setdefault(sc.site.code, []).append(figures)
        by_centre.setdefault(sc.site.centre.code, []).append(figures)
    for level, groups in (("site", by_site), ("centre", by_centre)):
        for unit, unit_figures in groups.items():
            summed = {k: sum(f[k] for f in unit_figures) for k in ("running_seconds", "scans", "anomalies",
                                                             "radiation_alarms", "faults")}
            hours = summed["running_seconds"] / 3600
            rows.append({"level": level, "unit": unit, **summed,
                         "scans_per_hour": round(summed["scans"] / hours, 1) if hours else 0.0,
                         "utilisation": round(sum(f["utilisation"] for f in unit_figures) / len(unit_figures), 3)})
    return rows


def _days(period: str, when: str) -> list[date]:
    try:
        if period == "day":
            return [date_in_range(date.fromisoformat(when), "date")]
        if period == "month":
            # The last allowed month still has a next month to end at.
            first = date_in_range(date.fromisoformat(when + "-01"), "date")
            nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            return [first + timedelta(days=i) for i in range((nxt - first).days)]
    except ValueError:
        pass
    raise ApiError(400, "invalid_parameter", "period is day (date=YYYY-MM-DD) or month (date=YYYY-MM).")
