"""Reports that run a centre, for a day, an ISO week or a month in the centre's time zone:

- per centre and per analyst, the verdicts issued in the period: scans decided, decision
  time p50/p95, suspect rate, hit rate, expert agreement, overturns, and the times from
  scan to verdict, verdict to inspection and scan to release;
- per site, the scans received in the period and what became of them: radiation alarms
  (from the scans themselves), suspects, inspections and findings;
- per scanner, site and centre, the equipment figures (powered on, scanning, utilisation).

Definitions (docs/reports.md; tests/reports recompute every figure from the rows):
percentiles are nearest-rank (the smallest value with at least p of the values at or
below it); rates are null when there is nothing to divide; a scan is released when its
final verdict is clear (at the verdict, or at the review that cleared it) or when its
inspection found no seizure (at the inspection)."""

from __future__ import annotations

import math
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_pgettext

from app import zones
from app.blueprints.equipment.stats import figures_of, scanner_span
from app.database import as_utc
from app.errors import ApiError
from app.extensions import db
from app.models import Centre, Inspection, Review, Scan, Scanner, Site, User, Verdict
from app.validation import date_in_range

SECTIONS = ("centres", "analysts", "sites", "equipment")
WORK_COLUMNS = ("decided", "suspects", "suspect_rate", "inspected_suspects", "hits", "hit_rate", "reviewed",
                "agreed", "agreement_rate", "overturns", "decision_seconds_p50", "decision_seconds_p95",
                "scan_to_verdict_seconds_p50", "verdict_to_inspection_seconds_p50", "released",
                "scan_to_release_seconds_p50")
SITE_COLUMNS = ("scans", "radiation_alarms", "suspects", "inspected", "findings")
EQUIPMENT_COLUMNS = ("running_seconds", "scanning_seconds", "scans", "scans_per_hour", "utilisation", "anomalies",
                     "radiation_alarms", "faults")




# CSV headers in the reader's language (the JSON keys stay as they are), each in a context
# of its own: "Centre", "Site"... may mean other things in other catalog entries.
_col = lazy_pgettext
COLUMN_LABELS = {
    "centre": _col("report column", "Centre"), "timezone": _col("report column", "Time zone"), "start": _col("report column", "From"), "end": _col("report column", "Until"),
    "analyst": _col("report column", "Analyst"), "site": _col("report column", "Site"), "level": _col("report column", "Level"), "unit": _col("report column", "Unit"),
    "decided": _col("report column", "Scans decided"), "suspects": _col("report column", "Suspects"), "suspect_rate": _col("report column", "Suspect rate"),
    "inspected_suspects": _col("report column", "Suspects inspected"), "hits": _col("report column", "Suspects with a finding"),
    "hit_rate": _col("report column", "Hit rate"), "reviewed": _col("report column", "Reviewed by an expert"), "agreed": _col("report column", "Expert agreed"),
    "agreement_rate": _col("report column", "Expert agreement"), "overturns": _col("report column", "Overturns"),
    "decision_seconds_p50": _col("report column", "Decision time p50 (s)"), "decision_seconds_p95": _col("report column", "Decision time p95 (s)"),
    "scan_to_verdict_seconds_p50": _col("report column", "Scan to verdict p50 (s)"),
    "verdict_to_inspection_seconds_p50": _col("report column", "Verdict to inspection p50 (s)"), "released": _col("report column", "Released"),
    "scan_to_release_seconds_p50": _col("report column", "Scan to release p50 (s)"), "scans": _col("report column", "Scans"),
    "radiation_alarms": _col("report column", "Radiation alarms"), "inspected": _col("report column", "Inspected"), "findings": _col("report column", "Findings"),
    "running_seconds": _col("report column", "Powered on (s)"), "scanning_seconds": _col("report column", "Scanning (s)"),
    "scans_per_hour": _col("report column", "Scans per hour"), "utilisation": _col("report column", "Utilisation"), "anomalies": _col("report column", "Anomalies"),
    "faults": _col("report column", "Faults"),
}


def column_label(key: str) -> str:
    return str(COLUMN_LABELS.get(key, key))


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)], 1)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def parse_period(period: str, when: str) -> date:
    try:
        if period in ("day", "week"):
            return date_in_range(date.fromisoformat(when), "date")
        if period == "month":
            return date_in_range(date.fromisoformat(when[:7] + "-01"), "date")
    except ValueError:
        pass
    raise ApiError(400, "invalid_parameter",
                   _("period is day or week (date=YYYY-MM-DD) or month (date=YYYY-MM)."), parameter="period")


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    return None if a is None or b is None else max(0.0, (as_utc(b) - as_utc(a)).total_seconds())


def released_at(verdict: Verdict, inspection: Inspection | None) -> datetime | None:
    if inspection is not None:
        return None if inspection.outcome == "seizure" else inspection.recorded_at
    if verdict.final_decision == "clear":
        return verdict.revised_at or verdict.issued_at
    return None


def work(rows: list[tuple[Verdict, Scan, Review | None, Inspection | None]]) -> dict:
    """The figures of a set of verdicts (each with its scan, review and inspection)."""
    suspects = [r for r in rows if r[0].decision == "suspect"]
    inspected = [r for r in suspects if r[3] is not None]
    reviews = [r[2] for r in rows if r[2] is not None and r[2].state == "done"]
    times = [r[0].time_spent_s for r in rows]
    to_verdict = [_seconds(r[1].scanned_at, r[0].issued_at) for r in rows]
    to_inspection = [_seconds(r[0].issued_at, r[3].recorded_at) for r in rows if r[3] is not None]
    to_release = [s for r in rows if (s := _seconds(r[1].scanned_at, released_at(r[0], r[3]))) is not None]
    hits = sum(r[3].outcome != "no_finding" for r in inspected)
    agreed = sum(bool(v.agree) for v in reviews)
    return {
        "decided": len(rows), "suspects": len(suspects), "suspect_rate": rate(len(suspects), len(rows)),
        "inspected_suspects": len(inspected), "hits": hits, "hit_rate": rate(hits, len(inspected)),
        "reviewed": len(reviews), "agreed": agreed, "agreement_rate": rate(agreed, len(reviews)),
        "overturns": sum(v.decision != v.verdict.decision for v in reviews),
        "decision_seconds_p50": percentile(times, 0.5), "decision_seconds_p95": percentile(times, 0.95),
        "scan_to_verdict_seconds_p50": percentile([t for t in to_verdict if t is not None], 0.5),
        "verdict_to_inspection_seconds_p50": percentile([t for t in to_inspection if t is not None], 0.5),
        "released": len(to_release), "scan_to_release_seconds_p50": percentile(to_release, 0.5),
    }


def _person(user: User) -> dict:
    return {"id": user.id, "display_name": user.display_name}


def _ref(obj) -> dict:
    return {"id": obj.id, "code": obj.code, "name": obj.name}


def centre_report(centre: Centre, period: str, day: date, scanners: list[Scanner]) -> dict:
    start, end = zones.period_bounds(centre.timezone, period, day)
    rows = db.session.execute(
        sa.select(Verdict, Scan, Review, Inspection).join(Scan, Scan.id == Verdict.scan_id)
        .join(Scanner, Scanner.id == Scan.scanner_id).join(Site, Site.id == Scanner.site_id)
        .outerjoin(Review, Review.verdict_id == Verdict.id).outerjoin(Inspection, Inspection.scan_id == Scan.id)
        .where(Site.centre_id == centre.id, Scan.purpose == "live", Verdict.issued_at >= start,
               Verdict.issued_at < end).order_by(Verdict.id)).all()
    by_analyst: dict[int, list] = {}
    for row in rows:
        by_analyst.setdefault(row[0].analyst_id, []).append(row)
    analysts = [{"analyst": _person(db.session.get(User, uid)), "centre": centre.code, **work(r)}
                for uid, r in by_analyst.items()]
    sites = [{"site": _ref(site), "centre": centre.code, **site_figures(site, start, end)}
             for site in db.session.scalars(sa.select(Site).where(Site.centre_id == centre.id).order_by(Site.code))]
    mine = [sc for sc in scanners if sc.site.centre_id == centre.id]
    equipment = equipment_rows(centre, mine, start, end)
    return {"centre": {"centre": _ref(centre), "timezone": centre.timezone, "start": start.isoformat(),
                       "end": end.isoformat(), **work(list(rows))},
            "analysts": sorted(analysts, key=lambda a: a["analyst"]["display_name"]),
            "sites": sites, "equipment": equipment}


def site_figures(site: Site, start: datetime, end: datetime) -> dict:
    """The scans the site sent in the period and what became of them."""
    rows = db.session.execute(
        sa.select(Scan.radiation_alarm, Verdict.final_decision, Inspection.outcome)
        .join(Scanner, Scanner.id == Scan.scanner_id)
        .outerjoin(Verdict, Verdict.scan_id == Scan.id).outerjoin(Inspection, Inspection.scan_id == Scan.id)
        .where(Scanner.site_id == site.id, Scan.purpose == "live", Scan.received_at >= start,
               Scan.received_at < end)).all()
    return {"scans": len(rows), "radiation_alarms": sum(bool(r[0]) for r in rows),
            "suspects": sum(r[1] == "suspect" for r in rows), "inspected": sum(r[2] is not None for r in rows),
            "findings": sum(r[2] is not None and r[2] != "no_finding" for r in rows)}


def equipment_rows(centre: Centre, scanners: list[Scanner], start: datetime, end: datetime) -> list[dict]:
    rows: list[dict] = []
    by_site: dict[str, list] = {}
    for sc in scanners:
        figures = scanner_span(sc, start, end, centre.timezone).figures()
        rows.append({"level": "scanner", "unit": f"{sc.site.code} / {sc.name}", **figures})
        by_site.setdefault(sc.site.code, []).append(figures)
    names = ("running_seconds", "scanning_seconds", "scans", "anomalies", "radiation_alarms", "faults")
    groups = [("site", code, figs) for code, figs in by_site.items()]
    groups.append(("centre", centre.code, [f for figs in by_site.values() for f in figs]))
    for level, unit, figs in groups:
        rows.append({"level": level, "unit": unit, **figures_of(*(sum(f[n] for f in figs) for n in names))})
    return rows


def report(centres: list[Centre], scanners: list[Scanner], period: str, when: str) -> dict:
    day = parse_period(period, when)
    out: dict = {"period": period, "date": day.isoformat(), "centres": [], "analysts": [], "sites": [],
                 "equipment": []}
    for centre in centres:
        part = centre_report(centre, period, day, scanners)
        out["centres"].append(part["centre"])
        for key in ("analysts", "sites", "equipment"):
            out[key] += part[key]
    return out


def csv_rows(data: dict, section: str) -> tuple[list[str], list[list]]:
    """(header keys, rows) of one section, flat."""
    if section == "centres":
        return ["centre", "timezone", "start", "end", *WORK_COLUMNS], [
            [r["centre"]["code"], r["timezone"], r["start"], r["end"], *(r[k] for k in WORK_COLUMNS)]
            for r in data["centres"]]
    if section == "analysts":
        return ["centre", "analyst", *WORK_COLUMNS], [
            [r["centre"], r["analyst"]["display_name"], *(r[k] for k in WORK_COLUMNS)] for r in data["analysts"]]
    if section == "sites":
        return ["centre", "site", *SITE_COLUMNS], [
            [r["centre"], r["site"]["code"], *(r[k] for k in SITE_COLUMNS)] for r in data["sites"]]
    return ["level", "unit", *EQUIPMENT_COLUMNS], [
        [r["level"], r["unit"], *(r[k] for k in EQUIPMENT_COLUMNS)] for r in data["equipment"]]
