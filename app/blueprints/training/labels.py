"""Words for the academy's codes (grades, scanner kinds) in the language being
rendered: called while rendering, never at import (one process speaks every language)."""

from __future__ import annotations

from flask_babel import gettext as _


def grade_label(grade: str) -> str:
    return {"junior": _("Junior"), "intermediate": _("Intermediate"), "senior": _("Senior")}.get(grade, grade)


def scanner_kind_label(kind: str) -> str:
    return {
        "fixed": _("fixed"), "relocatable": _("relocatable"), "mobile": _("mobile"),
        "drive_through": _("drive-through"), "rail": _("rail"), "passenger_car": _("passenger car"),
    }.get(kind, kind.replace("_", " "))


def certificate_status_label(status: str) -> str:
    return {"valid": _("valid"), "expired": _("expired"), "revoked": _("revoked")}.get(status, status)
