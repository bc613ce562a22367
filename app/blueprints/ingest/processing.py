"""Processing a registered scan off the request path, and telling the centre."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from app import jobs
from app.blueprints.calibration.services import material_calibration
from app.extensions import db, socketio
from app.models import Scan

TASK = "app.blueprints.ingest.tasks:process"


def queue(scan: Scan, scan_dir: Path, background: bool = True) -> None:
    kwargs = {"scan_dir": str(scan_dir), "calibration": material_calibration(scan.scanner)}
    scan_id = scan.id
    if background:
        jobs.submit(TASK, kwargs, then=lambda result, error: finish(scan_id, result, error))
        return
    try:
        result, error = jobs.call(TASK, **kwargs), None
    except jobs.TaskError as exc:
        result, error = None, exc
    finish(scan_id, result, error)


def finish(scan_id: int, result: dict | None, error: Exception | None) -> None:
    scan = db.session.get(Scan, scan_id)
    if scan is None:
        return
    if error is None:
        scan.status = "ready"
        scan.meta = {**scan.meta, "pyramid": result}
    else:
        current_app.logger.warning("scan %s failed processing: %s", scan_id, error)
        scan.status = "failed"
        scan.failure_reason = f"Processing failed: {error}"
    db.session.commit()
    if scan.purpose != "live":
        return  # an academy image: nobody at the centre or site is waiting for it
    announce(scan)
    if scan.status == "ready":
        from app.blueprints.assignments import engine

        engine.dispatch(scan.scanner.site.centre_id)


def announce(scan: Scan) -> None:
    site = scan.scanner.site
    payload = {"id": scan.id, "scan_uid": scan.scan_uid, "status": scan.status,
               "site": site.code, "scanner": scan.scanner.name}
    socketio.emit(f"scan.{scan.status}", payload, to=f"centre:{site.centre_id}")
    # The site's officers list today's scans too: a new one appears without polling.
    socketio.emit(f"scan.{scan.status}", payload, to=f"site:{site.id}")
