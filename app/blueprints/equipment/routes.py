from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.blueprints.equipment import bp, events, reports, views
from app.blueprints.equipment.schemas import (AlertOut, Alerts, AlertsQuery, EventsIn, EventsStored, Overview, Report,
                                              ReportQuery, Timeline, TimelineQuery, Wall)
from app.errors import ApiError
from app.extensions import limiter
from app.security import allow
from app.validation import accepts, accepts_query, date_in_range, query_parameters, reply, responds

WATCHERS = ("supervisor", "admin", "site_officer", "analyst", "expert")


def _scanner_key() -> str:
    token = getattr(g, "api_token", None)
    return f"scanner:{token.scanner_id if token else request.remote_addr}"


def _not_only_heartbeats() -> bool:
    # Start-up, shut-down and faults are never refused for rate: only heartbeat floods are.
    return not events.heartbeats_only(request.get_json(silent=True))


@bp.post("/equipment/events")
@allow(tokens=("scanner",), people=False)
@limiter.limit(lambda: current_app.config["HEARTBEAT_RATE"], key_func=_scanner_key, exempt_when=_not_only_heartbeats,
               error_message="Too many heartbeats from this scanner; send one every few seconds at most.")
@responds(EventsStored)
@accepts(EventsIn)
def equipment_events():
    """A scanner's events (also the bare list of them): start-up, shut-down, heartbeats, faults."""
    scanner = g.api_token.scanner
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(422, "invalid_event", _("The body is not valid JSON."), field="events")
    return reply(events.store(scanner, events.parse_batch(body, scanner)))


@bp.get("/equipment/overview")
@allow(*WATCHERS)
@responds(Overview)
def overview():
    return reply(views.overview(current_user))


@bp.get("/equipment/scanners/<int:scanner_id>/timeline")
@allow(*WATCHERS)
@accepts_query(TimelineQuery)
@responds(Timeline)
def timeline(scanner_id: int):
    day = query_parameters(TimelineQuery).date
    return reply(views.timeline(current_user, scanner_id, date_in_range(day, "date") if day else None))


@bp.get("/equipment/alerts")
@allow(*WATCHERS)
@accepts_query(AlertsQuery)
@responds(Alerts)
def alerts():
    return reply({"alerts": views.alerts(current_user, query_parameters(AlertsQuery).state == "open")})


@bp.post("/equipment/alerts/<int:alert_id>/ack")
@allow("supervisor")
@responds(AlertOut)
def acknowledge(alert_id: int):
    return reply(views.acknowledge(current_user, alert_id))


@bp.get("/wall")
@allow("supervisor", "admin")
@responds(Wall)
def wall():
    return reply(views.wall(current_user))


@bp.get("/reports", endpoint="reports")
@allow("supervisor", "admin")
@accepts_query(ReportQuery)
@responds(Report)
def report():
    """A day's, ISO week's or month's report as JSON, or one section of it as CSV (`format=csv`)."""
    asked = query_parameters(ReportQuery)
    period, section = asked.period, asked.section
    data = views.report(current_user, period, asked.date or date.today().isoformat())
    if asked.format != "csv":
        return reply(data)
    keys, rows = reports.csv_rows(data, section)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([reports.column_label(k) for k in keys])
    writer.writerows(rows)
    name = f"cips-{section}-{period}-{data['date']}.csv"
    audit.record_now("report.export", target=("report", name), detail={"rows": len(rows)})
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
