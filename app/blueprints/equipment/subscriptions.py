"""What equipment monitoring does when other domains announce something: a scan
received makes its scanner "running" on every wall at once."""

from __future__ import annotations

import logging

from app import events
from app.blueprints.equipment.events import announce
from app.extensions import db
from app.models import Scan, ScannerState

log = logging.getLogger(__name__)


@events.scan_registered.connect
def _scanner_is_scanning(scan_id: int, **_: object) -> None:
    try:
        scan = db.session.get(Scan, scan_id)
        if scan is not None and scan.purpose == "live":
            announce(scan.scanner, db.session.get(ScannerState, scan.scanner_id))
    except Exception:  # the scan is registered whatever the walls hear
        db.session.rollback()
        log.exception("announcing the scanner of scan %s failed", scan_id)
