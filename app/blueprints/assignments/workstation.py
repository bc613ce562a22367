"""An analyst's workstation: ready or paused (the HTTP route and the Socket.IO events
both come here)."""

from __future__ import annotations

from flask_babel import gettext as _

from app import events
from app.blueprints.assignments import engine
from app.blueprints.assignments.presence import presence
from app.errors import ApiError
from app.models import User


def set_ready(user: User, ready: bool) -> bool:
    if ready:
        events.ready_requested.send(user)  # e.g. a break still due refuses (409)
    state = presence().set_ready(user.id, ready)
    if ready and not state:
        raise ApiError(409, "not_connected", _("Connect the live channel (Socket.IO) before saying ready."))
    centre_id = user.centre_id or (user.site.centre_id if user.site else None)
    if centre_id is not None:
        if ready:
            engine.dispatch(centre_id)
            events.analyst_ready.send(user.id, centre_id=centre_id)
        engine.queue_changed(centre_id)
    events.workstation_changed.send(user.id)
    return state
