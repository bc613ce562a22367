"""Retention: how long each kind of scan keeps its images, applied once a day.

A scan's kind: `library` (a training image or a library item), `seizure` (its
inspection found one), `inspected` (inspected, no seizure), `failed` (never processed),
`cleared` (the final verdict is clear). A rule keeps a kind's images `keep_days` after
the scan (None: for ever) and its pyramid `pyramid_days` (dropped after, built again
from the decoded channels when someone opens the scan).

Never touched: a scan on legal hold, under review (no final verdict yet, an open
assignment, an expert review not done) or under inspection (suspect, no inspection
recorded). The scan's row, verdict and audit trail stay; only its objects go. Each scan
is handled in its own transaction and marked, so a run can stop anywhere and the next
one continues; running twice deletes nothing more."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app import jobs
from app.audit import trail
from app.blueprints.calibration.services import material_calibration
from app.blueprints.ingest import tasks
from app.blueprints.storage import store as image_store
from app.database import as_utc, utcnow
from app.extensions import db
from app.models import Assignment, Inspection, LibraryItem, RetentionRule, Review, Scan, ScanStorage, Verdict
from app.models.storage import RETENTION_KINDS

log = logging.getLogger(__name__)


def rules() -> dict[str, RetentionRule]:
    return {r.kind: r for r in db.session.scalars(sa.select(RetentionRule))}


def set_rule(kind: str, keep_days: int | None, pyramid_days: int | None, by=None) -> RetentionRule:
    if kind not in RETENTION_KINDS:
        raise ValueError(f"kind must be one of {', '.join(RETENTION_KINDS)}")
    for name, value in (("keep_days", keep_days), ("pyramid_days", pyramid_days)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ValueError(f"{name} must be a whole number of days, or null for ever")
    rule = db.session.get(RetentionRule, kind) or RetentionRule(kind=kind)
    before = {"keep_days": rule.keep_days, "pyramid_days": rule.pyramid_days}
    rule.keep_days, rule.pyramid_days, rule.updated_at = keep_days, pyramid_days, utcnow()
    rule.updated_by_id = getattr(by, "id", None)
    db.session.add(rule)
    trail.record("storage.retention_rule", actor=by, target=("retention_rule", kind),
                 detail={"before": before, "after": {"keep_days": keep_days, "pyramid_days": pyramid_days}})
    db.session.commit()
    return rule


def set_hold(scan_id: int, hold: bool, reason: str = "", by=None) -> ScanStorage:
    state = db.session.get(ScanStorage, scan_id) or ScanStorage(scan_id=scan_id)
    state.legal_hold, state.hold_reason = hold, reason[:500]
    state.held_by_id, state.held_at = (getattr(by, "id", None), utcnow()) if hold else (None, None)
    db.session.add(state)
    trail.record("storage.legal_hold" if hold else "storage.legal_hold_released", actor=by,
                 target=("scan", scan_id), scan_id=scan_id, detail={"reason": reason[:500]})
    db.session.commit()
    return state


def _kind(scan: Scan, verdict: Verdict | None, inspection: Inspection | None, in_library: bool) -> str | None:
    if scan.purpose == "training" or in_library:
        return "library"
    if inspection is not None:
        return "seizure" if inspection.outcome == "seizure" else "inspected"
    if scan.status == "failed":
        return "failed"
    if verdict is not None and verdict.final_decision == "clear":
        return "cleared"
    return None


def _busy(scan: Scan, verdict: Verdict | None, inspection: Inspection | None, open_assignment: bool,
          review_open: bool) -> str | None:
    """Why the scan may not be touched now, or None."""
    if scan.status == "processing":
        return "processing"
    if scan.purpose == "live" and scan.status == "ready":
        if verdict is None or open_assignment or review_open:
            return "under review"
        if verdict.final_decision == "suspect" and inspection is None:
            return "under inspection"
    return None


def apply(now: datetime | None = None, limit: int | None = None) -> dict[str, Any]:
    """Apply the rules as of `now`; returns what was done (also logged and audited)."""
    now = as_utc(now) if now is not None else utcnow()
    by_kind = rules()
    horizons = [d for r in by_kind.values() for d in (r.keep_days, r.pyramid_days) if d is not None]
    result: dict[str, Any] = {"purged": [], "pyramids_dropped": [], "kept": {}, "bytes_freed": 0}
    if not horizons:
        return result
    oldest = now - timedelta(days=min(horizons))
    ids = list(db.session.scalars(
        sa.select(Scan.id).outerjoin(ScanStorage, ScanStorage.scan_id == Scan.id)
        .where(Scan.scanned_at < oldest, sa.or_(ScanStorage.purged_at.is_(None), ScanStorage.scan_id.is_(None)))
        .order_by(Scan.id)))
    for scan_id in ids[:limit] if limit else ids:
        action = _apply_one(scan_id, now, by_kind)
        if action is None:
            continue
        what, freed, reason = action
        if what == "kept":
            result["kept"][reason] = result["kept"].get(reason, 0) + 1
            continue
        result["purged" if what == "purge" else "pyramids_dropped"].append(scan_id)
        result["bytes_freed"] += freed
    if result["purged"] or result["pyramids_dropped"]:
        log.info("retention: purged %d scans, dropped %d pyramids, freed %d bytes",
                 len(result["purged"]), len(result["pyramids_dropped"]), result["bytes_freed"])
    return result


def _apply_one(scan_id: int, now: datetime, by_kind: dict[str, RetentionRule]) -> tuple[str, int, str] | None:
    scan = db.session.get(Scan, scan_id)
    state = db.session.get(ScanStorage, scan_id)
    if state is not None and state.legal_hold:
        return "kept", 0, "legal hold"
    verdict = db.session.scalar(sa.select(Verdict).where(Verdict.scan_id == scan_id))
    inspection = db.session.scalar(sa.select(Inspection).where(Inspection.scan_id == scan_id))
    open_assignment = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment).where(
        Assignment.scan_id == scan_id, Assignment.state == "open")) > 0
    review_open = verdict is not None and db.session.scalar(sa.select(sa.func.count()).select_from(Review).where(
        Review.verdict_id == verdict.id, Review.state != "done")) > 0
    busy = _busy(scan, verdict, inspection, open_assignment, review_open)
    if busy:
        return "kept", 0, busy
    in_library = db.session.scalar(sa.select(sa.func.count()).select_from(LibraryItem).where(
        LibraryItem.scan_id == scan_id)) > 0
    kind = _kind(scan, verdict, inspection, in_library)
    rule = by_kind.get(kind) if kind else None
    if rule is None:
        return None
    age = now - as_utc(scan.scanned_at)
    state = state or ScanStorage(scan_id=scan_id)
    if rule.keep_days is not None and age > timedelta(days=rule.keep_days):
        freed = image_store.purge_scan(scan_id)
        state.purged_at = now
        db.session.add(state)
        trail.record("storage.purge", target=("scan", scan_id), scan_id=scan_id,
                     detail={"kind": kind, "keep_days": rule.keep_days, "bytes": freed})
        db.session.commit()
        log.info("retention: purged scan %s (%s, kept %s days): %d bytes", scan_id, kind, rule.keep_days, freed)
        return "purge", freed, kind
    if (rule.pyramid_days is not None and age > timedelta(days=rule.pyramid_days)
            and state.pyramid_dropped_at is None and scan.status == "ready"):
        freed = image_store.drop_pyramid(scan_id)
        state.pyramid_dropped_at = now
        db.session.add(state)
        trail.record("storage.pyramid_drop", target=("scan", scan_id), scan_id=scan_id,
                     detail={"kind": kind, "pyramid_days": rule.pyramid_days, "bytes": freed})
        db.session.commit()
        return "drop", freed, kind
    return None


def pyramid_missing(scan_id: int) -> bool:
    """A tile was asked of a scan without a pyramid: queue its rebuild when retention
    dropped it (once a minute per process at most); true when one is coming."""
    state = db.session.get(ScanStorage, scan_id)
    if state is None or state.pyramid_dropped_at is None or state.purged_at is not None:
        return False
    asked = current_app.extensions.setdefault("cips_rebuilds_asked", {})
    if time.monotonic() - asked.get(scan_id, -120.0) > 60:
        asked[scan_id] = time.monotonic()
        rebuild_pyramid.enqueue(scan_id)
    return True


@jobs.chore("RETENTION_SECONDS")
def apply_retention() -> dict[str, Any]:
    result = apply()
    return {"purged": len(result["purged"]), "pyramids_dropped": len(result["pyramids_dropped"]),
            "bytes_freed": result["bytes_freed"]}


@jobs.task(priority="normal", retries=2, retry_delay=5)
def rebuild_pyramid(scan_id: int) -> None:  # noqa: D401
    """Build a dropped pyramid again from the decoded channels (someone opened the scan)."""
    state = db.session.get(ScanStorage, scan_id)
    if state is None or state.pyramid_dropped_at is None or state.purged_at is not None:
        return  # built already by an earlier run, or nothing left to build from
    scan = db.session.get(Scan, scan_id)
    calibration = material_calibration(scan.scanner)
    folder = image_store.ensure_decoded(scan_id)
    db.session.rollback()
    jobs.cpu(tasks.process, scan_dir=str(folder), calibration=calibration)
    image_store.save_pyramid(scan_id)
    state = db.session.get(ScanStorage, scan_id)
    state.pyramid_dropped_at = None
    db.session.commit()
    tiles = current_app.extensions.get("cips_tiles")
    if tiles is not None:
        tiles.forget(scan_id)
    log.info("rebuilt the pyramid of scan %s", scan_id)
