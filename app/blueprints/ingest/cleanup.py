"""Removal of uploads that expired unfinished: a chore, once per deployment."""

from __future__ import annotations

import logging

from app import jobs
from app.blueprints.ingest.uploads import cleanup_expired

log = logging.getLogger(__name__)


@jobs.chore("HOUSEKEEPING_SECONDS")
def remove_expired_uploads() -> int:
    removed = cleanup_expired()
    if removed:
        log.info("removed %d expired uploads", removed)
    return removed
