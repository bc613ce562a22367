"""Liveness and readiness for load balancers and the supervisors' wall."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify

from app.extensions import db
from app.security import public

bp = Blueprint("health", __name__, url_prefix="/api/v1")


@bp.get("/health")
@public
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
    except sa.exc.SQLAlchemyError:
        database = "unavailable"
    body = {"status": "ok" if database == "ok" else "degraded", "database": database}
    return jsonify(body), 200 if database == "ok" else 503
