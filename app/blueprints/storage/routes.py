"""Storage planning, retention rules and legal holds, for admins (and HQ supervisors,
who read the report and the rules)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.storage import bp, report, retention
from app.blueprints.storage.schemas import (HoldIn, LegalHold, PlanQuery, ReportQuery, RetentionRuleIn, RetentionRuleOut,
                                           RetentionRules, StoragePlan, StorageReport)
from app.errors import ApiError
from app.extensions import db
from app.models import RetentionRule, Scan
from app.security import allow
from app.validation import accepts, accepts_query, parse, query_parameters, reply, responds


def _headquarters_or_admin() -> None:
    if current_user.has_role("admin"):
        return
    if getattr(current_user, "headquarters_id", None) is None:
        raise ApiError(403, "forbidden", _("Storage planning is for admins and headquarters supervisors."),
                       scope="headquarters")


def _rule_body(rule: RetentionRule) -> RetentionRuleOut:
    return RetentionRuleOut.model_validate(rule)


@bp.get("/storage/report")
@allow("admin", "supervisor")
@accepts_query(ReportQuery)
@responds(StorageReport)
def storage_report():
    _headquarters_or_admin()
    return reply(report.report(days=query_parameters(ReportQuery).days))


@bp.get("/storage/plan")
@allow("admin", "supervisor")
@accepts_query(PlanQuery)
@responds(StoragePlan)
def storage_plan():
    _headquarters_or_admin()
    args = parse(PlanQuery, request.args.to_dict(), "query", code="invalid_parameter")
    return reply(report.plan(args.scanners, args.scans_per_day, args.bytes_per_scan, args.retention_days))


@bp.get("/storage/retention")
@allow("admin", "supervisor")
@responds(RetentionRules)
def retention_rules():
    _headquarters_or_admin()
    return reply([_rule_body(r) for r in sorted(retention.rules().values(), key=lambda r: r.kind)])


@bp.put("/storage/retention/<kind>")
@allow("admin")
@accepts(RetentionRuleIn)
@responds(RetentionRuleOut)
def retention_rule(kind: str):
    # Not JSON at all is a rule without its fields: the same 422 as a missing one.
    data = parse(RetentionRuleIn, request.get_json(silent=True) or {}, code="invalid_rule")
    try:
        rule = retention.set_rule(kind, data.keep_days, data.pyramid_days, by=current_user)
    except ValueError as exc:
        raise ApiError(422, "invalid_rule", str(exc)) from None
    return reply(_rule_body(rule))


@bp.put("/storage/holds/<int:scan_id>")
@allow("admin")
@accepts(HoldIn)
@responds(LegalHold)
def legal_hold(scan_id: int):
    if db.session.get(Scan, scan_id) is None:
        raise ApiError(404, "not_found", _("No scan %(scan_id)s.", scan_id=scan_id))
    data = parse(HoldIn, request.get_json(silent=True) or {}, code="invalid_hold")
    state = retention.set_hold(scan_id, data.hold, data.reason, by=current_user)
    return reply({"scan_id": scan_id, "legal_hold": state.legal_hold, "reason": state.hold_reason})
