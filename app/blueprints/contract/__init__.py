"""The published contract, generated from the code: the realtime events' schema
(app.channels). Public: a contract is for integrators before they hold any credential."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app import channels
from app.security import public

bp = Blueprint("contract", __name__, url_prefix="/api/v1")


@bp.get("/events.schema.json")
@public
def events_schema():
    return jsonify(channels.schema())
