from __future__ import annotations

from flask import jsonify

from app.blueprints.admin import bp
from app.blueprints.admin.services import organisation_tree
from app.security import allow


@bp.get("/organisation")
@allow("admin", "supervisor")
def organisation():
    return jsonify({"headquarters": organisation_tree()})
