"""The auditors' window on the audit trail: search, export, verification, reports."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/api/v1/audit")

from app.blueprints.audit import routes  # noqa: E402,F401
