"""Figures derived from scanner events: a scanner's day (running time, scans,
anomalies, scans per hour, faults), roll-ups per site, centre and headquarters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.database import as_utc, utcnow
from app.extensions import db
from app.models import EquipmentAlert, EquipmentEvent, Scanner, ScannerState, User

FIGURES = ("running_seconds", "scans", "anomalies", "radiation_alarms", "faults")


@dataclass
class Day:
    running_seconds: float = 0.0
    scans: int = 0
    anomalies: int = 0
    radiation_alarms: int = 0
    faults: int = 0
    scans_per_hour: list[int] = field(default_factory=lambda: [0] * 24)
    runs: list[dict] = field(default_factory=list)
    fault_spans: list[dict] = field(default_factory=list)
    elapsed_seconds: float = 86400.0

    def figures(self) -> dict:
        hours = self.running_seconds / 3600
        return {"running_seconds": round(self.running_seconds), "scans": self.scans, "anomalies": self.anomalies,
                "radiation_alarms": self.radiation_alarms, "faults": self.faults,
                "scans_per_hour": round(self.scans / hours, 1) if hours > 0 else 0.0,
                "utilisation": round(min(1.0, self.running_seconds / self.elapsed_seconds), 3)
                if self.elapsed_seconds else 0.0}


def day_bounds(scanner: Scanner, day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(scanner.site.timezone or "UTC")
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(timezone.utc)
    return start, start + timedelta(days=1)


def today(scanner: Scanner) -> date:
    return datetime.now(ZoneInfo(scanner.site.timezone or "UTC")).date()


def scanner_day(scanner: Scanner, day: date) -> Day:
    """Walk the scanner's events in time order: runs between start-up and shut-down,
    counter increases (counters restart at start-up) assigned to the hour they arrive."""
    start, end = day_bounds(scanner, day)
    now = utcnow()
    horizon = min(end, now)
    events = db.session.scalars(sa.select(EquipmentEvent).where(
        EquipmentEvent.scanner_id == scanner.id, EquipmentEvent.effective_at < end,
        EquipmentEvent.effective_at >= start - timedelta(days=2)).order_by(EquipmentEvent.effective_at)).all()
    result = Day(elapsed_seconds=max(0.0, (horizon - start).total_seconds()))
    run_start: datetime | None = None
    fault_start: tuple[datetime, dict] | None = None
    last = {name: 0 for name in ("scans_since_startup", "anomalies", "radiation_alarms")}
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
            for name in last:
                value = event.data.get(name)
                if value is None:
                    continue
                delta, last[name] = max(0, value - last[name]), value
                if when >= start:
                    _count(result, name, delta, when, start)
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
    return result


def _count(result: Day, name: str, delta: int, when: datetime, start: datetime) -> None:
    if name == "scans_since_startup":
        result.scans += delta
        result.scans_per_hour[min(23, int((when - start).total_seconds() // 3600))] += delta
    elif name == "anomalies":
        result.anomalies += delta
    else:
        result.radiation_alarms += delta


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


def scanner_status(scanner: Scanner, state: ScannerState | None = None, day: Day | None = None) -> dict:
    state = state or db.session.get(ScannerState, scanner.id)
    day = day or scanner_day(scanner, today(scanner))
    site = scanner.site
    return {
        "id": scanner.id, "name": scanner.name, "kind": scanner.kind, "vendor": scanner.vendor,
        "site": {"id": site.id, "code": site.code, "name": site.name},
        "status": state.status if state else "stopped",
        "status_since": as_utc(state.since).isoformat() if state else None,
        "last_heartbeat": as_utc(state.last_heartbeat_at).isoformat() if state and state.last_heartbeat_at else None,
        "today": day.figures(), "fault": state.fault if state else None, "skewed": bool(state and state.skewed),
    }


def rollup(statuses: list[dict]) -> dict:
    by_status: dict[str, int] = {}
    for s in statuses:
        by_status[s["status"]] = by_status.get(s["status"], 0) + 1
    totals = {name: sum(s["today"][name] for s in statuses) for name in FIGURES}
    hours = totals["running_seconds"] / 3600
    totals["scans_per_hour"] = round(totals["scans"] / hours, 1) if hours else 0.0
    totals["utilisation"] = round(sum(s["today"]["utilisation"] for s in statuses) / len(statuses), 3) if statuses else 0.0
    return {"scanners": len(statuses), "by_status": by_status, "today": totals}


def _person(user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id else None
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def serialize_alert(alert: EquipmentAlert) -> dict:
    sc = alert.scanner or db.session.get(Scanner, alert.scanner_id)
    return {"id": alert.id, "kind": alert.kind, "detail": alert.detail,
            "scanner": {"id": sc.id, "name": sc.name, "site": sc.site.code},
            "raised_at": as_utc(alert.raised_at).isoformat(),
            "cleared_at": as_utc(alert.cleared_at).isoformat() if alert.cleared_at else None,
            "acknowledged_by": _person(alert.acknowledged_by_id),
            "acknowledged_at": as_utc(alert.acknowledged_at).isoformat() if alert.acknowledged_at else None}
