"""A centre's report equals what the raw rows say: the test plants a day of work, asks
the API, and recomputes every figure from the database itself with its own SQL and
numpy's nearest-rank percentiles (in-process app, real migrated database)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import sqlalchemy as sa

DAY = date(2026, 11, 20)
PARIS = ZoneInfo("Europe/Paris")


def _dt(value) -> datetime | None:
    if value is None:
        return None
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


@pytest.fixture
def planted(demo_app):
    """A day at the Ningbo centre (now in Paris time): 40 scans from two sites, verdicts
    by three people, reviews, inspections, and rows just outside the day either side."""
    from app.database import utcnow
    from app.extensions import db
    from app.models import Assignment, Centre, Inspection, Review, Scan, Scanner, User, Verdict

    with demo_app.app_context():
        centre = db.session.scalar(sa.select(Centre).where(Centre.code == "NBC"))
        centre.timezone = "Europe/Paris"
        gates = [db.session.scalar(sa.select(Scanner).where(Scanner.name == n))
                 for n in ("Beilun Gate 1", "Daxie Mobile", "Waigaoqiao Gate A")]
        people = [db.session.scalar(sa.select(User).where(User.username == n))
                  for n in ("analyst", "expert", "expert2")]
        officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
        midnight = datetime(2026, 11, 20, tzinfo=PARIS).astimezone(timezone.utc)
        # i < 0 and i >= 38: just before Paris midnight or just after the next (a UTC day would hold them).
        for i in range(-2, 40):
            at = midnight + timedelta(minutes=35 * i + 3) if 0 <= i < 38 else (
                midnight - timedelta(minutes=10 * -i) if i < 0 else midnight + timedelta(days=1, minutes=i - 37))
            gate = gates[i % 3] if i % 5 else gates[0]
            scan = Scan(scanner=gate, scan_uid=f"RPT-{i}", scanned_at=at - timedelta(seconds=60 + 13 * (i % 6)),
                        received_at=at, status="ready", content_sha256="0" * 64, radiation_alarm=i % 4 == 0)
            db.session.add(scan)
            db.session.flush()
            if i % 9 == 8:
                continue  # never decided
            analyst = people[i % 3]
            issued = at + timedelta(seconds=40 + 11 * (i % 7))
            decision = "suspect" if i % 3 != 1 and i % 2 == 0 else "clear"
            assignment = Assignment(scan_id=scan.id, analyst_id=analyst.id, state="decided", assigned_at=at,
                                    deadline=at + timedelta(minutes=10), ended_at=issued)
            db.session.add(assignment)
            db.session.flush()
            verdict = Verdict(scan_id=scan.id, assignment_id=assignment.id, analyst_id=analyst.id,
                              decision=decision, final_decision=decision, time_spent_s=12.5 + 3.7 * ((i * 7) % 23),
                              issued_at=issued)
            db.session.add(verdict)
            db.session.flush()
            if i % 4 in (0, 3) and analyst.username != "expert2":
                agree = i % 8 != 0
                expert = people[2]
                final = decision if agree else ("clear" if decision == "suspect" else "suspect")
                db.session.add(Review(verdict_id=verdict.id, expert_id=expert.id, state="done", agree=agree,
                                      decision=final, blind_decision=final, decided_at=issued + timedelta(minutes=3)))
                if final != decision:
                    verdict.final_decision, verdict.revised_at = final, issued + timedelta(minutes=3)
            if verdict.final_decision == "suspect" and i % 5 != 4:
                outcome = ("seizure", "no_finding", "discrepancy")[i % 3]
                db.session.add(Inspection(scan_id=scan.id, officer_id=officer.id, outcome=outcome,
                                          recorded_at=issued + timedelta(minutes=20 + i)))
        db.session.commit()
        assert utcnow() > midnight
    return demo_app


def _raw(app) -> list[dict]:
    """Every live verdict of the Ningbo centre with its scan, review and inspection, by plain SQL."""
    from app.extensions import db

    sql = sa.text("""
        SELECT v.analyst_id, u.display_name, v.decision, v.final_decision, v.time_spent_s, v.issued_at, v.revised_at,
               s.scanned_at, r.state, r.agree, r.decision, i.outcome, i.recorded_at
        FROM verdicts v JOIN scans s ON s.id = v.scan_id JOIN scanners sc ON sc.id = s.scanner_id
        JOIN sites st ON st.id = sc.site_id JOIN centres c ON c.id = st.centre_id JOIN users u ON u.id = v.analyst_id
        LEFT JOIN reviews r ON r.verdict_id = v.id LEFT JOIN inspections i ON i.scan_id = s.id
        WHERE c.code = 'NBC' AND s.purpose = 'live'""")
    keys = ("analyst_id", "name", "decision", "final", "spent", "issued", "revised", "scanned", "review_state",
            "agree", "review_decision", "outcome", "inspected")
    with app.app_context():
        rows = [dict(zip(keys, r)) for r in db.session.execute(sql)]
    for r in rows:
        for k in ("issued", "revised", "scanned", "inspected"):
            r[k] = _dt(r[k])
    return rows


def _p(values, q):
    return None if not values else round(float(np.percentile(values, q, method="inverted_cdf")), 1)


def _rate(a, b):
    return None if not b else round(a / b, 3)


def _expected(rows: list[dict]) -> dict:
    def secs(a, b):
        return max(0.0, (b - a).total_seconds())

    suspects = [r for r in rows if r["decision"] == "suspect"]
    inspected = [r for r in suspects if r["outcome"] is not None]
    reviews = [r for r in rows if r["review_state"] == "done"]
    released = []
    for r in rows:
        if r["outcome"] is not None:
            when = None if r["outcome"] == "seizure" else r["inspected"]
        else:
            when = (r["revised"] or r["issued"]) if r["final"] == "clear" else None
        if when is not None:
            released.append(secs(r["scanned"], when))
    hits = sum(r["outcome"] != "no_finding" for r in inspected)
    agreed = sum(bool(r["agree"]) for r in reviews)
    return {
        "decided": len(rows), "suspects": len(suspects), "suspect_rate": _rate(len(suspects), len(rows)),
        "inspected_suspects": len(inspected), "hits": hits, "hit_rate": _rate(hits, len(inspected)),
        "reviewed": len(reviews), "agreed": agreed, "agreement_rate": _rate(agreed, len(reviews)),
        "overturns": sum(r["review_decision"] != r["decision"] for r in reviews),
        "decision_seconds_p50": _p([r["spent"] for r in rows], 50),
        "decision_seconds_p95": _p([r["spent"] for r in rows], 95),
        "scan_to_verdict_seconds_p50": _p([secs(r["scanned"], r["issued"]) for r in rows], 50),
        "verdict_to_inspection_seconds_p50": _p([secs(r["issued"], r["inspected"]) for r in rows
                                                 if r["inspected"] is not None], 50),
        "released": len(released), "scan_to_release_seconds_p50": _p(released, 50),
    }


def test_a_centres_day_equals_the_figures_recomputed_from_the_rows(planted, client, auth):
    start = datetime(2026, 11, 20, tzinfo=PARIS).astimezone(timezone.utc)
    end = datetime(2026, 11, 21, tzinfo=PARIS).astimezone(timezone.utc)
    rows = [r for r in _raw(planted) if start <= r["issued"] < end]
    assert 25 < len(rows) < 40 and any(r["outcome"] for r in rows) and any(r["review_state"] for r in rows)

    auth.login("supervisor")
    report = client.get(f"/api/v1/reports?period=day&date={DAY}").get_json()
    (centre,) = report["centres"]
    assert centre["timezone"] == "Europe/Paris" and _dt(centre["start"]) == start and _dt(centre["end"]) == end
    figures = {k: centre[k] for k in _expected(rows)}
    assert figures == _expected(rows)
    assert figures["overturns"] > 0 and figures["hits"] > 0 and figures["released"] > 0

    by_analyst = {a["analyst"]["display_name"]: a for a in report["analysts"]}
    names = {r["name"] for r in rows}
    assert set(by_analyst) == names
    for name in names:
        mine = [r for r in rows if r["name"] == name]
        assert {k: by_analyst[name][k] for k in _expected(mine)} == _expected(mine), name

    # The analysts' CSV holds the same numbers.
    text = client.get(f"/api/v1/reports?period=day&date={DAY}&format=csv&section=analysts").data.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(names)


def test_each_sites_scans_alarms_suspects_and_findings_equal_the_rows(planted, client, auth):
    from app.extensions import db

    start = datetime(2026, 11, 20, tzinfo=PARIS).astimezone(timezone.utc)
    end = start + timedelta(days=1)
    sql = sa.text("""
        SELECT st.code, s.received_at, s.radiation_alarm, v.final_decision, i.outcome
        FROM scans s JOIN scanners sc ON sc.id = s.scanner_id JOIN sites st ON st.id = sc.site_id
        JOIN centres c ON c.id = st.centre_id LEFT JOIN verdicts v ON v.scan_id = s.id
        LEFT JOIN inspections i ON i.scan_id = s.id WHERE c.code = 'NBC' AND s.purpose = 'live'""")
    with planted.app_context():
        raw = [r for r in db.session.execute(sql) if start <= _dt(r[1]) < end]
    auth.login("supervisor")
    report = client.get(f"/api/v1/reports?period=day&date={DAY}").get_json()
    sites = {s["site"]["code"]: s for s in report["sites"]}
    assert set(sites) == {"NB-BEI", "NB-DAX"}  # the centre's sites; Shanghai's are not its business
    for code, site in sites.items():
        mine = [r for r in raw if r[0] == code]
        assert site["scans"] == len(mine)
        assert site["radiation_alarms"] == sum(bool(r[2]) for r in mine) > 0  # it used to read 0
        assert site["suspects"] == sum(r[3] == "suspect" for r in mine)
        assert site["inspected"] == sum(r[4] is not None for r in mine)
        assert site["findings"] == sum(r[4] not in (None, "no_finding") for r in mine)
    text = client.get(f"/api/v1/reports?period=day&date={DAY}&format=csv&section=sites").data.decode()
    assert len(list(csv.DictReader(io.StringIO(text)))) == 2


def test_a_week_holds_its_days_and_csv_sections_are_checked(planted, client, auth):
    auth.login("supervisor")
    day = client.get(f"/api/v1/reports?period=day&date={DAY}").get_json()["centres"][0]
    week = client.get(f"/api/v1/reports?period=week&date={DAY}").get_json()["centres"][0]
    assert week["decided"] >= day["decided"] and week["start"] < day["start"]
    month = client.get("/api/v1/reports?period=month&date=2026-11").get_json()["centres"][0]
    assert month["decided"] >= week["decided"]
    assert client.get("/api/v1/reports?period=year&date=2026").status_code == 400
    for bad, parameter in (("period=day&date=2026-13-40", "period"), ("format=csv&section=secrets", "section"),
                           ("format=xlsx", "format")):
        refused = client.get(f"/api/v1/reports?{bad}")
        assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_parameter", refused.data
        assert refused.get_json()["parameter"] == parameter
