"""Processing a registered scan on the task queue, and telling the centre.

The scan row is the record of the work: `processing` until a worker has built its
pyramids, with who holds it and since when. Every step can run twice (a job queued
again after its worker died): pyramids are written as a new version, and only the
run whose conditional UPDATE moves the scan out of `processing` announces it."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app

from app import channels, events, jobs
from app.blueprints.ingest import tasks
from app.blueprints.ingest.uploads import store
from app.blueprints.storage import store as image_store
from app.database import utcnow
from app.blueprints.calibration.services import material_calibration
from app.extensions import db
from app.jobs.identity import current_consumer_id
from app.jobs.workers import alive_ids_clause
from app.models import Scan

log = logging.getLogger(__name__)


@jobs.task(priority="awaited")
def decode_files(files: list[dict[str, Any]], scan_dir: str, format: str | None, max_pixels: int) -> dict[str, Any]:
    """A registration's files -> `<role>.npy` in its scratch folder (the request waits)."""
    return jobs.cpu(tasks.decode, files=files, scan_dir=scan_dir, format=format, max_pixels=max_pixels)


def start(scan: Scan, inline: bool = False) -> None:
    """Queue the scan's processing (after its registration was committed)."""
    scan.processing_queued_at = utcnow()
    db.session.commit()
    if inline:
        process_scan(scan.id)
    else:
        process_scan.enqueue(scan.id)


@jobs.task(priority="normal", retries=3, retry_delay=5)
def process_scan(scan_id: int) -> None:
    me = current_consumer_id()
    claimed = cast("sa.CursorResult[Any]", db.session.execute(
        sa.update(Scan).where(Scan.id == scan_id, Scan.status == "processing")
        .values(processing_by=me, processing_started_at=utcnow(), processing_attempts=Scan.processing_attempts + 1)
    )).rowcount
    db.session.commit()
    if not claimed:
        return  # done already (a duplicate of a job queued again)
    scan = db.session.get(Scan, scan_id)
    folder = image_store.ensure_decoded(scan.id)
    calibration = material_calibration(scan.scanner)
    meta = dict(scan.meta or {})
    db.session.rollback()  # hold nothing while the worker builds the pyramid
    try:
        result = jobs.cpu(tasks.process, scan_dir=str(folder), calibration=calibration)
    except jobs.TaskError as exc:
        if exc.kind == "WorkerCrashed":
            raise  # the pool's process died under it: Huey retries the job
        _finish(scan_id, "failed", meta, reason=f"Processing failed: {exc.message}")
        return
    image_store.save_pyramid(scan_id)  # a failure here is retried: the pyramid is rebuilt
    _finish(scan_id, "ready", {**meta, "pyramid": result})


def _finish(scan_id: int, status: str, meta: dict[str, Any], reason: str | None = None) -> None:
    moved = cast("sa.CursorResult[Any]", db.session.execute(
        sa.update(Scan).where(Scan.id == scan_id, Scan.status == "processing")
        .values(status=status, meta=meta, failure_reason=reason, processing_by=None))).rowcount
    db.session.commit()
    if not moved:
        return
    if reason:
        log.warning("scan %s failed: %s", scan_id, reason)
    scan = db.session.get(Scan, scan_id)
    if scan.purpose != "live":
        return  # an academy image: nobody at the centre or site is waiting for it
    announce(scan)
    if scan.status == "ready":
        events.scan_ready.send(scan.id, centre_id=scan.scanner.site.centre_id)


def retry(scan: Scan) -> None:
    """A supervisor's retry of a failed or stuck scan: processing starts again."""
    scan.status, scan.failure_reason, scan.processing_by = "processing", None, None
    scan.processing_attempts = 0
    start(scan)


@jobs.chore("RECOVERY_SWEEP_SECONDS")
def recover_stuck() -> dict[str, int]:
    """Queue again the processing that a dead worker held or that sat too long in the
    queue; after PROCESSING_MAX_ATTEMPTS tries a scan fails with the reason."""
    config = current_app.config
    now = utcnow()
    too_old = now - timedelta(seconds=config["PROCESSING_LIMIT_SECONDS"])
    held_by_dead = sa.and_(Scan.processing_by.is_not(None), Scan.processing_by.not_in(alive_ids_clause(current_app)))
    stale = sa.or_(
        held_by_dead,
        sa.and_(Scan.processing_by.is_(None), sa.func.coalesce(Scan.processing_queued_at, Scan.received_at) < too_old),
        sa.and_(Scan.processing_by.is_not(None), Scan.processing_started_at < too_old),
    )
    stuck = list(db.session.scalars(sa.select(Scan).where(Scan.status == "processing", stale)))
    requeued = failed = 0
    for scan in stuck:
        if scan.processing_attempts >= config["PROCESSING_MAX_ATTEMPTS"]:
            _finish(scan.id, "failed", dict(scan.meta or {}),
                    reason=f"Processing did not finish after {scan.processing_attempts} attempts "
                           "(its worker stopped or took too long); a supervisor can retry it.")
            failed += 1
            continue
        same_holder = (Scan.processing_by.is_(None) if scan.processing_by is None
                       else Scan.processing_by == scan.processing_by)
        moved = cast("sa.CursorResult[Any]", db.session.execute(
            sa.update(Scan).where(Scan.id == scan.id, Scan.status == "processing", same_holder)
            .values(processing_by=None, processing_queued_at=now))).rowcount
        db.session.commit()
        if moved:
            log.warning("scan %s was stuck processing (held by %s); queued again", scan.id, scan.processing_by)
            process_scan.enqueue(scan.id)
            requeued += 1
    return {"requeued": requeued, "failed": failed}


@jobs.chore("HOUSEKEEPING_SECONDS")
def remove_old_scratch() -> int:
    """Scratch folders a crash left in the store (registrations never finished)."""
    return store().remove_scratch_older_than(current_app.config["SCRATCH_MAX_AGE_SECONDS"])


def announce(scan: Scan) -> None:
    site = scan.scanner.site
    payload = {"id": scan.id, "scan_uid": scan.scan_uid, "status": scan.status,
               "site": site.code, "scanner": scan.scanner.name}
    channels.publish(f"scan.{scan.status}", payload, channels.centre_room(site.centre_id))
    # The site's officers list today's scans too: a new one appears without polling.
    channels.publish(f"scan.{scan.status}", payload, channels.site_room(site.id))


def folder_of(scan_id: int) -> Path:
    return image_store.scan_folder(scan_id)
