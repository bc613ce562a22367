"""Figures derived from scanner events: a scanner's day (running time, scans,
anomalies, scans per hour, faults), roll-ups per site, centre and headquarters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from flask import current_app

from app import zones
from app.database import as_utc, parse_iso, utcnow
from app.extensions import db
from app.models import EquipmentAlert, EquipmentEvent, Scan, Scanner, ScannerState, User

FIGURES = ("running_seconds", "scanning_seconds", "scans", "anomalies", "radiation_alarms", "faults")


@dataclass
class Day:
    """A scanner's figures over a span (a day, week or month). `running_seconds` is the
    time it was powered on (start-up to shut-down); `scanning_seconds` the time it was
    busy scanning: each scan received keeps it busy EQUIPMENT_BUSY_SECONDS, overlapping
    windows counted once, within the powered-on time when the scanner reports it.
    Utilisation is scanning time over powered-on time: calendar time is not the
    denominator (every scanner that started together read the same 1.9 % of the day)."""

    running_seconds: float = 0.0
    scanning_seconds: float = 0.0
    scans: int = 0
    anomalies: int = 0
    radiation_alarms: int = 0
    faults: int = 0
    scans_per_hour: list[int] = field(default_factory=lambda: [0] * 24)
    runs: list[dict] = field(default_factory=list)
    fault_spans: list[dict] = field(default_factory=list)
    elapsed_seconds: float = 86400.0

    def figures(self) -> dict:
        return figures_of(self.running_seconds, self.scanning_seconds, self.scans, self.anomalies,
                          self.radiation_alarms, self.faults)


def figures_of(running: float, scanning: float, scans: int, anomalies: int, alarms: int, faults: int) -> dict:
    hours = running / 3600
    return {"running_seconds": round(running), "scanning_seconds": round(scanning), "scans": scans,
            "anomalies": anomalies, "radiation_alarms": alarms, "faults": faults,
            "scans_per_hour": round(scans / hours, 1) if hours > 0 else 0.0,
            # Unknown (not 0 %) for a scanner that never said it was on.
            "utilisation": round(min(1.0, scanning / running), 3) if running > 0 else None}


def day_bounds(scanner: Scanner, day: date) -> tuple[datetime, datetime]:
    return zones.period_bounds(scanner.site.timezone, "day", day)


def today(scanner: Scanner) -> date:
    return zones.today(scanner.site.timezone)


def scanner_day(scanner: Scanner, day: date) -> Day:
    start, end = day_bounds(scanner, day)
    return scanner_span(scanner, start, end, scanner.site.timezone)


def scanner_span(scanner: Scanner, start: datetime, end: datetime, zone_name: str | None) -> Day:
    """Walk the scanner's events in time order: runs between start-up and shut-down,
    anomaly counter increases (counters restart at start-up); scans and radiation alarms
    are the scans the centre received (the record: the site agent's heartbeat counters
    report no alarms at all), each in its hour of `zone_name`."""
    now = utcnow()
    horizon = min(end, now)
    events = db.session.scalars(sa.select(EquipmentEvent).where(
        EquipmentEvent.scanner_id == scanner.id, EquipmentEvent.effective_at < end,
        EquipmentEvent.effective_at >= start - timedelta(days=2)).order_by(EquipmentEvent.effective_at)).all()
    result = Day(elapsed_seconds=max(0.0, (horizon - start).total_seconds()))
    run_start: datetime | None = None
    fault_start: tuple[datetime, dict] | None = None
    last = {"anomalies": 0}
    for event in events:
        when = as_utc(event.effective_at)
        if event.type == "startup":
            if run_start is not None:  # a start-up without shut-down: the earlier run ended unseen
                _add_run(result, run_start, when, start, horizon)
            run_start, last = when, dict.fromkeys(last, 0)
        elif event.type == "shutdown" and run_start is not None:
            _add_run(result, run_start, when, start, horizon)
            run_start = None
        elif event.type == "heartbeat":
            value = event.data.get("anomalies")
            if value is not None:
                delta, last["anomalies"] = max(0, value - last["anomalies"]), value
                if when >= start:
                    result.anomalies += delta
        elif event.type == "fault":
            fault_start = (when, event.data)
            if when >= start:
                result.faults += 1
        elif event.type == "fault_cleared" and fault_start is not None:
            _add_fault(result, fault_start, when, start, horizon)
            fault_start = None
    if run_start is not None:
        _add_run(result, run_start, horizon, start, horizon)
    if fault_start is not None:
        _add_fault(result, fault_start, horizon, start, horizon)
    _add_scans(result, scanner, start, end, horizon, zone_name)
    return result


def _add_scans(result: Day, scanner: Scanner, start: datetime, end: datetime, horizon: datetime,
               zone_name: str | None) -> None:
    busy = timedelta(seconds=current_app.config["EQUIPMENT_BUSY_SECONDS"])
    rows = db.session.execute(sa.select(Scan.received_at, Scan.radiation_alarm).where(
        Scan.scanner_id == scanner.id, Scan.purpose == "live", Scan.received_at >= start - busy,
        Scan.received_at < end).order_by(Scan.received_at)).all()
    windows: list[tuple[datetime, datetime]] = []
    for received, alarm in rows:
        at = as_utc(received)
        if at >= start:
            result.scans += 1
            result.radiation_alarms += bool(alarm)
            result.scans_per_hour[zones.local_hour(zone_name, at)] += 1
        span = _clip(at, at + busy, start, horizon)
        if span and windows and span[0] <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], span[1]))
        elif span:
            windows.append(span)
    runs = [(parse_iso(r["start"]), parse_iso(r["end"])) for r in result.runs]
    result.scanning_seconds = sum((b - a).total_seconds() for w in windows for r in runs
                                  if (span := _clip(w[0], w[1], r[0], r[1])) for a, b in [span])


def _clip(a: datetime, b: datetime, start: datetime, end: datetime) -> tuple[datetime, datetime] | None:
    a, b = max(a, start), min(b, end)
    return (a, b) if b > a else None


def _add_run(result: Day, a: datetime, b: datetime, start: datetime, end: datetime) -> None:
    span = _clip(a, b, start, end)
    if span:
        result.running_seconds += (span[1] - span[0]).total_seconds()
        result.runs.append({"start": span[0].isoformat(), "end": span[1].isoformat()})


def _add_fault(result: Day, fault: tuple[datetime, dict], b: datetime, start: datetime, end: datetime) -> None:
    span = _clip(fault[0], b, start, end)
    if span:
        result.fault_spans.append({"start": span[0].isoformat(), "end": span[1].isoformat(),
                                   "code": str(fault[1].get("code", "")), "text": str(fault[1].get("text", ""))})


def last_scan_at(scanner_id: int) -> datetime | None:
    at = db.session.scalar(sa.select(sa.func.max(Scan.received_at)).where(
        Scan.scanner_id == scanner_id, Scan.purpose == "live"))
    return as_utc(at) if at else None


def live_status(state: ScannerState | None, last_scan: datetime | None) -> tuple[str, datetime | None]:
    """A scan received within EQUIPMENT_BUSY_SECONDS means the scanner is scanning, whatever
    its heartbeats last said (a site agent's counter lags; some scanners send none): running,
    unless it reports a fault."""
    status = state.status if state else "stopped"
    since = as_utc(state.since) if state else None
    busy = timedelta(seconds=current_app.config["EQUIPMENT_BUSY_SECONDS"])
    if status != "fault" and last_scan is not None and utcnow() - last_scan < busy:
        if status != "running":
            status, since = "running", last_scan
    return status, since


def scanner_status(scanner: Scanner, state: ScannerState | None = None, day: Day | None = None) -> dict:
    state = state or db.session.get(ScannerState, scanner.id)
    day = day or scanner_day(scanner, today(scanner))
    site = scanner.site
    last_scan = last_scan_at(scanner.id)
    status, since = live_status(state, last_scan)
    return {
        "id": scanner.id, "name": scanner.name, "kind": scanner.kind, "vendor": scanner.vendor,
        "site": {"id": site.id, "code": site.code, "name": site.name, "timezone": site.timezone},
        "status": status,
        "status_since": since.isoformat() if since else None,
        "last_scan_at": last_scan.isoformat() if last_scan else None,
        "last_heartbeat": as_utc(state.last_heartbeat_at).isoformat() if state and state.last_heartbeat_at else None,
        "today": day.figures(), "fault": state.fault if state else None, "skewed": bool(state and state.skewed),
    }


def rollup(statuses: list[dict]) -> dict:
    by_status: dict[str, int] = {}
    for s in statuses:
        by_status[s["status"]] = by_status.get(s["status"], 0) + 1
    # Sums, then ratios of the sums: a mean of the scanners' ratios would weigh a scanner
    # on for a minute as much as one on all day.
    totals = figures_of(*(sum(s["today"][name] for s in statuses) for name in FIGURES))
    return {"scanners": len(statuses), "by_status": by_status, "today": totals}


def _person(user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id else None
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def serialize_alert(alert: EquipmentAlert) -> dict:
    sc = alert.scanner or db.session.get(Scanner, alert.scanner_id)
    return {"id": alert.id, "kind": alert.kind, "detail": alert.detail,
            "scanner": {"id": sc.id, "name": sc.name, "site": sc.site.code, "timezone": sc.site.timezone},
            "raised_at": as_utc(alert.raised_at).isoformat(),
            "cleared_at": as_utc(alert.cleared_at).isoformat() if alert.cleared_at else None,
            "acknowledged_by": _person(alert.acknowledged_by_id),
            "acknowledged_at": as_utc(alert.acknowledged_at).isoformat() if alert.acknowledged_at else None}
