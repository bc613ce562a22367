"""What the declarations domain does when other domains announce something."""

from __future__ import annotations

import logging

from app import events
from app.blueprints.declarations.matching import match_scan
from app.extensions import db
from app.models import Scan

log = logging.getLogger(__name__)


@events.scan_registered.connect
def _match_new_scan(scan_id: int, **_: object) -> None:
    """A declaration that came first is linked now; the scan stands either way."""
    try:
        scan = db.session.get(Scan, scan_id)
        if scan is not None:
            match_scan(scan)
            db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("matching scan %s with a declaration failed", scan_id)
