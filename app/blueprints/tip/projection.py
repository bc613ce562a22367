"""Projecting a fictional threat into a live assignment, as its analyst alone sees it.

At assignment (events.assignment_made, inside the dispatch's transaction) the centre's
probability decides; the FTI is placed over cargo and the row commits with the assignment.
The projected scan is a *view* of the scan (TileViews in app/blueprints/scans/tiles.py),
with the same URL shapes and response headers as the scan itself: the projected pyramid
(the FTI composited into both energies, then the levels, class map and histograms exactly
as app.tiles.process_scan makes them, recomputed only around the FTI) is served to that
analyst alone, and only while the assignment is open and undecided. Every process builds
the view on first use from the scan's own pyramid and the FTI (deterministic); the process
that dispatched warms it before the analyst is told of the scan.

The view is named inside the signed tile token (app/tiles/links.py), indistinguishable
from a plain token's MAC without the key: the tile path needs no database, and after the
reveal the analyst's links are the plain ones, new URLs the browser has cached nothing under.
"""

from __future__ import annotations

import logging
import secrets

import numpy as np
import sqlalchemy as sa

from app.blueprints.scans.tiles import service
from app.blueprints.tip import maths
from app.blueprints.tip.clock import now
from app.extensions import db
from app.database import as_utc
from app.models import Assignment, Scan, TipProjection, TipThreat, TipWorkstation
from app.tiles import (
    DEFAULT_CALIBRATION, ChannelStats, ProcessedScan, Pyramid, downsample_mean, downsample_mode,
)
from app.tiles.material_map import make_classifier

log = logging.getLogger(__name__)
_draw = secrets.SystemRandom()


def placed_fti(threat: TipThreat, scan: Scan) -> maths.Fti:
    """The threat at the scan's pixel spacing, at most a quarter of the scan's length and
    half its height (keeping its shape)."""
    fti = maths.Fti.from_bytes(threat.data)
    sc = scan.scanner
    h, w = fti.shape
    nw, nh = w * threat.pixel_mm / sc.pixel_spacing_x_mm, h * threat.pixel_mm / sc.pixel_spacing_y_mm
    fit = min(1.0, (scan.width or 1) / 4 / nw, (scan.height or 1) / 2 / nh)
    return fti.resized(max(2, round(nw * fit)), max(2, round(nh * fit)))


def _projectable(processed: ProcessedScan) -> bool:
    # A vendor's own material map cannot be redrawn around the FTI: leave such scans alone.
    return processed.material_source != "vendor" and not ("low" in processed.channels
                                                           and processed.calibration is None)


def maybe_project(assignment: Assignment) -> TipProjection | None:
    """With the centre's probability, an FTI into this assignment's scan (added to the
    session; the dispatch commits it with the assignment)."""
    scan = assignment.scan
    centre = scan.scanner.site.centre
    if scan.purpose != "live" or centre.tip_probability <= 0 or _draw.random() >= centre.tip_probability:
        return None
    seen_before = db.session.scalar(sa.select(Assignment.id).where(
        Assignment.scan_id == scan.id, Assignment.analyst_id == assignment.analyst_id, Assignment.id != assignment.id))
    if seen_before is not None:  # the analyst knows this scan as it is
        return None
    threats = list(db.session.scalars(sa.select(TipThreat).where(TipThreat.active)))
    if not threats:
        return None
    try:
        original = service().processed(scan)
    except Exception:  # noqa: BLE001 - no image now: no projection, never a failed dispatch
        log.exception("no projection into scan %s: its pyramid did not open", scan.id)
        return None
    if not _projectable(original):
        return None
    threat = _draw.choice(threats)
    fti = placed_fti(threat, scan)
    high = original.channels["high"]
    place = maths.choose_place(high.level(high.max_level), fti.shape[1], fti.shape[0],
                               np.random.default_rng(_draw.getrandbits(64)))
    if place is None:
        return None
    from_minutes = _minutes_on_task(assignment.analyst_id)
    projection = TipProjection(assignment_id=assignment.id, scan_id=scan.id, analyst_id=assignment.analyst_id,
                               centre_id=centre.id, threat_id=threat.id, x=place[0], y=place[1],
                               w=fti.shape[1], h=fti.shape[0], state="active", first_regions=[],
                               created_at=now(), minutes_on_task=from_minutes)
    db.session.add(projection)
    db.session.flush()
    return projection


def _minutes_on_task(user_id: int) -> float:
    row = db.session.get(TipWorkstation, user_id)
    if row is None or row.on_task_since is None:
        return 0.0
    return max(0.0, (now() - as_utc(row.on_task_since)).total_seconds() / 60)


def _patch_pyramid(original: Pyramid, full: np.ndarray, box: tuple[int, int, int, int],
                   reducer) -> Pyramid:
    """The pyramid of `full`, which differs from `original`'s top level only inside `box`
    (x0, y0, x1, y1): each level below is the original's with the blocks over the box reduced
    again — the same numbers a whole rebuild gives, at a small part of its cost."""
    levels: list[np.ndarray] = [full]
    x0, y0, x1, y1 = box
    for level in range(original.max_level - 1, -1, -1):
        above = levels[-1]
        x0, y0, x1, y1 = x0 // 2, y0 // 2, (x1 + 1) // 2, (y1 + 1) // 2
        out = np.array(original.level(level), copy=True)
        out[y0:y1, x0:x1] = reducer(above[2 * y0:2 * y1, 2 * x0:2 * x1])
        levels.append(out)
    levels.reverse()
    return Pyramid(levels)


def project_view(original: ProcessedScan, fti: maths.Fti, x: int, y: int) -> ProcessedScan:
    """The projected scan: the FTI composited into the full-resolution channels, then the
    levels, class map and histograms as process_scan would make them from those channels."""
    full = {name: p.level(p.max_level) for name, p in original.channels.items()}
    projected = maths.project(full, fti, x, y)
    h, w = fti.shape
    box = (x, y, x + w, y + h)
    channels = {name: _patch_pyramid(original.channels[name], projected[name], box, downsample_mean)
                for name in projected}
    classes = None
    if original.classes is not None and "low" in projected:
        classifier = make_classifier(original.calibration or DEFAULT_CALIBRATION)
        b = classifier.block  # whole pixel blocks, as process_scan classifies them
        top, bottom = y // b * b, min(original.height, -(-(y + h) // b) * b)
        classes_full = np.array(original.classes.level(original.classes.max_level), copy=True)
        classes_full[top:bottom] = classifier.classify(projected["high"][top:bottom], projected["low"][top:bottom])
        classes = _patch_pyramid(original.classes, classes_full, (0, top, original.width, bottom), downsample_mode)
    return ProcessedScan(
        channels=channels,
        stats={name: ChannelStats.from_image(p.level(max(0, p.max_level - 1))) for name, p in channels.items()},
        classes=classes, calibration=original.calibration, material_source=original.material_source)


def build_view(projection_id: int) -> ProcessedScan:
    """The projected scan of one projection (project_view)."""
    projection = db.session.get(TipProjection, projection_id)
    if projection is None:
        raise FileNotFoundError(f"no projection {projection_id}")
    scan = db.session.get(Scan, projection.scan_id)
    threat = db.session.get(TipThreat, projection.threat_id)
    original = service().open_ready(projection.scan_id)
    fti = placed_fti(threat, scan)
    if fti.shape != (projection.h, projection.w):
        fti = fti.resized(projection.w, projection.h)
    return project_view(original, fti, projection.x, projection.y)


class ProjectionViews:
    """TileViews for the tile service (app/blueprints/scans/tiles.py): view "<projection id>"."""

    def view(self, scan_id: int, user_id: int) -> int | None:
        return db.session.scalar(
            sa.select(TipProjection.id).join(Assignment, Assignment.id == TipProjection.assignment_id)
            .where(TipProjection.scan_id == scan_id, TipProjection.analyst_id == user_id,
                   TipProjection.state == "active", Assignment.state == "open"))

    def open(self, view: str) -> ProcessedScan:
        if not view.isdigit():
            raise FileNotFoundError(view)
        return build_view(int(view))


def warm(assignment_id: int) -> None:
    """Build the projected view in this process before the analyst hears of the scan, so
    its first tile comes as fast as any other scan's."""
    projection = db.session.scalar(sa.select(TipProjection).where(
        TipProjection.assignment_id == assignment_id, TipProjection.state == "active"))
    if projection is None:
        return
    try:
        service().open_ready(f"{projection.scan_id}~{projection.id}")
    except Exception:  # noqa: BLE001 - the tile path builds it on first use instead
        log.exception("could not warm projection %s", projection.id)


def install(app) -> None:
    app.extensions["cips_tile_views"] = ProjectionViews()
