"""TIP scores per analyst over a period (docs/tip.md defines each figure).

- projections: projected assignments the analyst decided (a revoked one has no outcome);
- hits / misses: as reveal.outcome_of scored the first decision;
- real decisions: verdicts on scans that carried no projection for that assignment;
- false alarms: suspect verdicts among them, except those the site's inspection proved
  right (seizure or discrepancy): those are the noise trials' wrong "yes";
- hit rate H = hits / projections; false-alarm rate F = false alarms / (real decisions -
  proven suspects); d' = Z(H) - Z(F) with the log-linear correction (maths.d_prime).
Trends: by the hour of day (the centre's time zone) the scan was assigned, and by minutes
on task when it was, with mean decision time."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import settings
from app.blueprints.tip import maths
from app.database import as_utc
from app.extensions import db
from app.models import Assignment, Centre, Inspection, Scan, Scanner, Site, TipProjection, User, Verdict

TASK_BINS = (0, 10, 20, 30, 45, 60)  # minutes on task: [0,10), [10,20), ... [60, ...)
REFRESHER_LINK = "/trainee"  # exams that renew certificates: the academy for analysts


def _bin(minutes: float) -> str:
    lower = max(b for b in TASK_BINS if b <= minutes)
    i = TASK_BINS.index(lower)
    return f"{lower}-{TASK_BINS[i + 1]}" if i + 1 < len(TASK_BINS) else f"{lower}+"


def _cell() -> dict[str, Any]:
    return {"projections": 0, "hits": 0, "seconds": 0.0}


def _finish(cell: dict[str, Any]) -> dict[str, Any]:
    n = cell["projections"]
    return {"projections": n, "hits": cell["hits"], "hit_rate": maths.rate(cell["hits"], n),
            "mean_decision_s": round(cell["seconds"] / n, 1) if n else None}


def scores(analyst_ids: list[int] | None, centre_ids: list[int] | None,
           since: datetime, until: datetime) -> dict[str, Any]:
    query = sa.select(TipProjection).where(TipProjection.outcome.is_not(None),
                                           TipProjection.created_at >= since, TipProjection.created_at < until)
    verdicts = (sa.select(Verdict.analyst_id, Verdict.decision, Inspection.outcome)
                .join(Assignment, Assignment.id == Verdict.assignment_id)
                .outerjoin(Inspection, Inspection.scan_id == Verdict.scan_id)
                .outerjoin(TipProjection, TipProjection.assignment_id == Assignment.id)
                .where(TipProjection.id.is_(None), Verdict.issued_at >= since, Verdict.issued_at < until))
    if analyst_ids is not None:
        query = query.where(TipProjection.analyst_id.in_(analyst_ids))
        verdicts = verdicts.where(Verdict.analyst_id.in_(analyst_ids))
    if centre_ids is not None:
        query = query.where(TipProjection.centre_id.in_(centre_ids))
        verdicts = (verdicts.join(Scan, Scan.id == Verdict.scan_id).join(Scanner, Scanner.id == Scan.scanner_id)
                    .join(Site, Site.id == Scanner.site_id).where(Site.centre_id.in_(centre_ids)))
    projections = list(db.session.scalars(query))
    zones = {c.id: ZoneInfo(c.timezone) for c in db.session.scalars(sa.select(Centre))}
    per: dict[int, dict[str, Any]] = defaultdict(lambda: {"projections": 0, "hits": 0, "real": 0,
                                                           "false_alarms": 0, "proven": 0})
    by_hour: dict[int, dict[str, Any]] = defaultdict(_cell)
    by_task: dict[str, dict[str, Any]] = defaultdict(_cell)
    for p in projections:
        row = per[p.analyst_id]
        row["projections"] += 1
        row["hits"] += p.outcome == "hit"
        for cell in (by_hour[as_utc(p.created_at).astimezone(zones.get(p.centre_id, ZoneInfo("UTC"))).hour],
                     by_task[_bin(p.minutes_on_task)]):
            cell["projections"] += 1
            cell["hits"] += p.outcome == "hit"
            cell["seconds"] += p.decision_s or 0.0
    for analyst_id, decision, outcome in db.session.execute(verdicts):
        row = per[analyst_id]
        row["real"] += 1
        if decision == "suspect":
            if outcome in ("seizure", "discrepancy"):
                row["proven"] += 1
            else:
                row["false_alarms"] += 1
    threshold = settings.get("TIP_REFRESHER_HIT_RATE_PERCENT") / 100
    minimum = settings.get("TIP_REFRESHER_MIN_PROJECTIONS")
    people = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(per)))).unique()}
    analysts = []
    for uid, row in sorted(per.items()):
        hit_rate = maths.rate(row["hits"], row["projections"])
        noise = row["real"] - row["proven"]
        flagged = hit_rate is not None and row["projections"] >= minimum and hit_rate < threshold
        person = people.get(uid)
        analysts.append({
            "analyst": {"id": uid, "username": person.username if person else None,
                        "display_name": person.display_name if person else None},
            "projections": row["projections"], "hits": row["hits"], "misses": row["projections"] - row["hits"],
            "hit_rate": hit_rate, "real_decisions": row["real"], "false_alarms": row["false_alarms"],
            "false_alarm_rate": maths.rate(row["false_alarms"], noise),
            "d_prime": maths.d_prime(row["hits"], row["projections"], row["false_alarms"], noise),
            "refresher": {"flagged": flagged, "link": REFRESHER_LINK if flagged else None},
        })
    total = _cell()
    for p in projections:
        total["projections"] += 1
        total["hits"] += p.outcome == "hit"
        total["seconds"] += p.decision_s or 0.0
    return {
        "from": since.isoformat(), "to": until.isoformat(),
        "correction": "log-linear (Hautus 1995): (k + 0.5) / (n + 1)",
        "refresher": {"hit_rate_below": threshold, "min_projections": minimum},
        "analysts": analysts,
        "total": _finish(total),
        "by_hour": [{"hour": h, **_finish(by_hour[h])} for h in sorted(by_hour)],
        "by_minutes_on_task": [{"minutes": k, **_finish(by_task[k])}
                               for k in sorted(by_task, key=lambda k: int(k.split("-")[0].rstrip("+")))],
    }
