"""The audit trail (app.audit.trail) and what auditors read from it (app.audit.reports)."""

from app.audit.trail import record, record_now

__all__ = ["record", "record_now"]
