"""Where TIP joins the interpretation loop (signals sent by app/blueprints/assignments)."""

from __future__ import annotations

from app import events
from app.blueprints.tip import breaks, projection, reveal


@events.assignment_made.connect
def _assigned(assignment, **_kw) -> None:
    try:
        projection.maybe_project(assignment)
    except Exception:  # noqa: BLE001 - a projection must never cost an assignment
        projection.log.exception("projection into assignment %s failed", assignment.id)


@events.assignment_announced.connect
def _announced(assignment_id, **_kw) -> None:
    projection.warm(assignment_id)


@events.decision_submitting.connect
def _deciding(assignment, *, analyst, decision, regions, **_kw):
    return reveal.take_decision(assignment, analyst, decision, regions)


@events.analyst_decided.connect
def _decided(user_id, **_kw) -> None:
    breaks.on_decided(user_id)


@events.ready_requested.connect
def _ready(user, **_kw) -> None:
    breaks.on_ready(user)
