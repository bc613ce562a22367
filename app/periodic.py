"""Background chores of `cips serve` (assignment sweep, COS courier, equipment
watch, exam timer): one loop shape, so a failing round is logged and the next runs."""

from __future__ import annotations

import logging
from typing import Callable

from app.extensions import db, socketio

log = logging.getLogger(__name__)


def start_periodic(app, interval_key: str, task: Callable[[], None], what: str) -> None:
    """Run `task` in an app context every `app.config[interval_key]` seconds."""
    def loop() -> None:
        while True:
            socketio.sleep(app.config[interval_key])
            with app.app_context():
                try:
                    task()
                except Exception:
                    log.exception("%s failed; trying again next round", what)
                finally:
                    db.session.remove()

    socketio.start_background_task(loop)
