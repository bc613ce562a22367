"""Storage planning, retention rules and legal holds, for admins (and HQ supervisors,
who read the report and the rules)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.storage import bp, report, retention
from app.errors import ApiError
from app.extensions import db
from app.models import RetentionRule, Scan
from app.security import allow


def _headquarters_or_admin() -> None:
    if current_user.has_role("admin"):
        return
    if getattr(current_user, "headquarters_id", None) is None:
        raise ApiError(403, "forbidden", _("Storage planning is for admins and headquarters supervisors."),
                       scope="headquarters")


def _rule_body(rule: RetentionRule) -> dict:
    return {"kind": rule.kind, "keep_days": rule.keep_days, "pyramid_days": rule.pyramid_days,
            "updated_at": rule.updated_at.isoformat() if rule.updated_at else None}


@bp.get("/storage/report")
@allow("admin", "supervisor")
def storage_report():
    _headquarters_or_admin()
    return jsonify(report.report(days=request.args.get("days", report.GROWTH_DAYS, type=int) or report.GROWTH_DAYS))


@bp.get("/storage/plan")
@allow("admin", "supervisor")
def storage_plan():
    _headquarters_or_admin()
    args = request.args
    try:
        body = report.plan(int(args.get("scanners", 1)), float(args.get("scans_per_day", 0)),
                           int(args.get("bytes_per_scan", 0)), int(args.get("retention_days", 0)))
    except ValueError:
        raise ApiError(422, "invalid_parameter", _("scanners, scans_per_day, bytes_per_scan and retention_days must be numbers")) from None
    return jsonify(body)


@bp.get("/storage/retention")
@allow("admin", "supervisor")
def retention_rules():
    _headquarters_or_admin()
    return jsonify([_rule_body(r) for r in sorted(retention.rules().values(), key=lambda r: r.kind)])


@bp.put("/storage/retention/<kind>")
@allow("admin")
def retention_rule(kind: str):
    body = request.get_json(silent=True) or {}
    if "keep_days" not in body or "pyramid_days" not in body:
        raise ApiError(422, "invalid_rule", _("send keep_days and pyramid_days (a number of days, or null for ever)"))
    try:
        rule = retention.set_rule(kind, body["keep_days"], body["pyramid_days"], by=current_user)
    except ValueError as exc:
        raise ApiError(422, "invalid_rule", str(exc)) from None
    return jsonify(_rule_body(rule))


@bp.put("/storage/holds/<int:scan_id>")
@allow("admin")
def legal_hold(scan_id: int):
    if db.session.get(Scan, scan_id) is None:
        raise ApiError(404, "not_found", _("No scan %(scan_id)s.", scan_id=scan_id))
    body = request.get_json(silent=True) or {}
    if not isinstance(body.get("hold"), bool):
        raise ApiError(422, "invalid_hold", _('send {"hold": true|false, "reason": "..."}'))
    state = retention.set_hold(scan_id, body["hold"], str(body.get("reason", "")), by=current_user)
    return jsonify({"scan_id": scan_id, "legal_hold": state.legal_hold, "reason": state.hold_reason})
