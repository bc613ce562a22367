"""What the interpretation loop does when other domains announce something: a scan
ready to judge, or an analyst newly certified, may let a waiting scan go to someone."""

from __future__ import annotations

from app import events
from app.blueprints.assignments import board, engine


@events.scan_ready.connect
@events.certificate_issued.connect
def _hand_out(_sender: object, centre_id: int | None = None, **_: object) -> None:
    if centre_id is not None:
        engine.dispatch(centre_id)


@events.workstation_changed.connect
def _show_on_wall(user_id: int, **_: object) -> None:
    board.announce(user_id)
