"""Periodic removal of expired uploads while the server runs."""

from __future__ import annotations

import logging

from app.blueprints.ingest.uploads import cleanup_expired
from app.extensions import socketio

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 600


def start(app) -> None:
    def loop() -> None:
        while True:
            socketio.sleep(INTERVAL_SECONDS)
            with app.app_context():
                try:
                    removed = cleanup_expired()
                    if removed:
                        log.info("removed %d expired uploads", removed)
                except Exception:
                    log.exception("upload cleanup failed; trying again in %d s", INTERVAL_SECONDS)

    socketio.start_background_task(loop)
