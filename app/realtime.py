"""Socket.IO: who may connect and which rooms they join (app.access decides).

Rooms: `user:<id>`, `site:<id>`, `centre:<id>`, `hq:<id>` and the equipment rooms
`equipment:<tier>:<id>`; services emit to these rooms."""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_socketio import join_room

from app import channels, events, sessions
from app.access import rooms_for
from app.blueprints.assignments.presence import presence
from app.blueprints.assignments.workstation import set_ready
from app.errors import ApiError
from app.extensions import socketio


def _sid() -> str:
    # Flask-SocketIO gives the request of a socket event its `sid`; Werkzeug's type has none.
    return request.sid  # type: ignore[attr-defined]


@socketio.on("connect")
def _connect(auth=None):
    # login_required does not work here and before_request does not run.
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("unauthenticated")
    for room in rooms_for(current_user):
        join_room(room)
    sessions.attach_socket(_sid())  # closed when the session ends
    if current_user.has_role("analyst", "expert"):
        presence().connect(current_user.id, _sid())
        events.workstation_changed.send(current_user.id)
    # To this socket only: the person's other tablets and desks already had theirs.
    channels.publish("hello", {"user": current_user.username, "rooms": rooms_for(current_user)}, _sid())


@socketio.on("disconnect")
def _disconnect(*_reason):
    sessions.detach_socket(_sid())
    if current_user.is_authenticated:
        presence().disconnect(current_user.id, _sid())
        if current_user.has_role("analyst", "expert"):
            events.workstation_changed.send(current_user.id)


def _workstation(ready: bool) -> dict:
    if not current_user.is_authenticated or not current_user.has_role("analyst", "expert"):
        return {"ready": False, "error": "forbidden"}
    try:
        return {"ready": set_ready(current_user, ready)}
    except ApiError as exc:
        return {"ready": False, "error": exc.error, "message": exc.message}


@socketio.on("workstation.ready")
def _ready(*_args):
    return _workstation(True)


@socketio.on("workstation.pause")
def _pause(*_args):
    return _workstation(False)
