"""The physical inspection a site officer records on the tablet: outcome, counted
findings by threat category, HS code, seals, officers present and photos.

Photos are kept in the image store with the scan's other objects (`scans/<id>/photos/`,
one `stored_objects` row each, so `cips storage check`, retention and housekeeping treat
them like the scan's images). The tablet queues records while its Wi-Fi is down and sends
each with a key of its own (`client_key`): the same key again answers the record already
stored, so a record sent twice (a lost answer, two tabs) is one record, with one COS result.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app import audit, channels
from app.access import visible_scans
from app.blueprints.declarations import outbox
from app.blueprints.storage import store as image_store
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Inspection, InspectionFinding, InspectionPhoto, Scan, User
from app.blueprints.assignments.answers import InspectionOut
from app.blueprints.assignments.schemas import InspectionIn

# What Pillow calls the formats a tablet's camera (or its canvas) gives.
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
MAX_PHOTO_PIXELS = 50_000_000  # a 50 MP phone sensor; more is a decompression bomb
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class Photo:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def site_scan(scan_id: int, officer: User) -> Scan:
    """The scan, if `officer` is an officer of its site (403 otherwise: checked before
    the body is read, so another site learns nothing from validation)."""
    scan = db.session.get(Scan, scan_id)
    if scan is None or officer.site_id is None or scan.purpose != "live" or scan.scanner.site_id != officer.site_id:
        raise ApiError(403, "forbidden", _("Only an officer of the scan's site records its inspection."))
    return scan


def read_photo(data: bytes, name: str) -> Photo:
    """Check one uploaded photo: size, a real JPEG/PNG/WebP image, sane dimensions."""
    limit = int(current_app.config["INSPECTION_PHOTO_MAX_BYTES"])
    if len(data) > limit:
        raise ApiError(413, "too_large", _("The photo %(name)s is larger than %(mb)s MB.", name=name,
                                          mb=round(limit / 1024**2, 1)), field="photos", limit=limit)
    if not data:
        raise ApiError(422, "invalid_photo", _("The photo %(name)s is empty.", name=name), field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = PHOTO_FORMATS.get(image.format or "")
                width, height = image.size
                if kind is None:
                    raise ApiError(415, "invalid_photo", _("The photo %(name)s is not a JPEG, PNG or WebP image.",
                                                           name=name), field="photos")
                if width * height > MAX_PHOTO_PIXELS:
                    raise ApiError(422, "invalid_photo", _("The photo %(name)s has too many pixels.", name=name),
                                   field="photos")
                image.verify()
    except ApiError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, Exception):
        # Whatever a malformed file makes a decoder raise, it is not a photo (never a 500).
        raise ApiError(415, "invalid_photo", _("The photo %(name)s is not a JPEG, PNG or WebP image.", name=name),
                       field="photos") from None
    return Photo(data, kind[0], kind[1], width, height)


def check_photos(count: int) -> None:
    most = int(current_app.config["INSPECTION_MAX_PHOTOS"])
    if count > most:
        raise ApiError(422, "invalid_data", _("At most %(n)s photos per inspection.", n=most), field="photos")


def _by_key(key: str | None) -> Inspection | None:
    if not key:
        return None
    return db.session.scalar(sa.select(Inspection).where(Inspection.client_key == key))


def _replay(found: Inspection, scan: Scan) -> Inspection:
    if found.scan_id != scan.id:
        raise ApiError(409, "conflict", _("This record's key was already used for another scan."),
                       field="client_key")
    return found


def _check(record: InspectionIn) -> None:
    if record.outcome == "no_finding" and record.items:
        raise ApiError(422, "invalid_data", _("An inspection with no finding lists no findings."), field="items")
    if record.inspected_at is not None and as_utc(record.inspected_at) > utcnow() + CLOCK_SKEW:
        raise ApiError(422, "invalid_data", _("The inspection time is in the future."), field="inspected_at")


def record_inspection(scan: Scan, officer: User, record: InspectionIn, photos: list[Photo]) -> tuple[Inspection, bool]:
    """Store the inspection (or find the one this `client_key` already stored); returns
    it and whether it is new. The outbox row for the COS and the audit row commit with it."""
    found = _by_key(record.client_key)
    if found is not None:
        return _replay(found, scan), False
    _check(record)
    if getattr(scan, "inspection", None) is not None:
        raise ApiError(409, "conflict", _("This scan's inspection is already recorded."))
    inspection = Inspection(
        scan=scan, officer=officer, outcome=record.outcome, findings=record.findings, hs_code=record.hs_code,
        seals_before=record.seals_before, seals_after=record.seals_after,
        officers_present=record.officers_present, client_key=record.client_key,
        inspected_at=as_utc(record.inspected_at) if record.inspected_at else None)
    inspection.items = [InspectionFinding(position=i, category=f.category, description=f.description,
                                          quantity=f.quantity, unit=f.unit) for i, f in enumerate(record.items)]
    db.session.add(inspection)
    written: list[str] = []
    try:
        for i, photo in enumerate(photos):
            row = image_store.put_scan_object(scan.id, f"photos/{uuid.uuid4().hex}.{photo.extension}", photo.data,
                                              "photo")
            written.append(row.key)
            inspection.photos.append(InspectionPhoto(
                scan_id=scan.id, position=i, key=row.key, content_type=photo.content_type, size_bytes=len(photo.data),
                sha256=row.sha256, width=photo.width, height=photo.height))
        outbox.record("inspection", scan, outcome=record.outcome, findings=cos_findings(inspection),
                      inspection=cos_details(inspection))
        audit.record("inspection.record", actor=officer, target=("scan", scan.id), scan_id=scan.id,
                     detail={"outcome": record.outcome, "photos": len(photos), "findings": len(record.items)})
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another request stored this scan's inspection first: the same record sent
        # twice at once (then answer it), or another tablet's (then 409).
        db.session.rollback()
        image_store.delete_objects(written)
        found = _by_key(record.client_key)
        if found is not None:
            return _replay(found, scan), False
        raise ApiError(409, "conflict", _("This scan's inspection is already recorded.")) from None
    except BaseException:
        db.session.rollback()
        image_store.delete_objects(written)
        raise
    site = scan.scanner.site
    channels.publish("inspection.recorded", {"scan_id": scan.id, "outcome": record.outcome, "site": site.code},
                     channels.centre_room(site.centre_id))
    return inspection, True


def cos_findings(inspection: Inspection) -> list[dict]:
    return [{"category": f.category, "description": f.description, "quantity": f.quantity, "unit": f.unit}
            for f in inspection.items]


def cos_details(inspection: Inspection) -> dict:
    return {"hs_code": inspection.hs_code, "seals_before": list(inspection.seals_before),
            "seals_after": list(inspection.seals_after), "officers_present": len(inspection.officers_present),
            "photos": len(inspection.photos), "notes": inspection.findings,
            "inspected_at": as_utc(inspection.inspected_at).isoformat() if inspection.inspected_at else None}


def photo_url(photo: InspectionPhoto) -> str:
    return f"/api/v1/scans/{photo.scan_id}/inspection/photos/{photo.id}"


def inspection_out(inspection: Inspection, viewer: User | None = None) -> InspectionOut:
    """People's names only for the site and the supervisors: analysts judge the image,
    not who opened the container."""
    names = viewer is None or viewer.has_role("site_officer", "supervisor", "admin")
    return InspectionOut.model_validate({
        "scan_id": inspection.scan_id, "outcome": inspection.outcome, "findings": inspection.findings,
        "items": inspection.items, "hs_code": inspection.hs_code,
        "seals_before": list(inspection.seals_before or []), "seals_after": list(inspection.seals_after or []),
        "officers_present": list(inspection.officers_present or []) if names else [],
        "photos": [{"id": p.id, "url": photo_url(p), "content_type": p.content_type, "width": p.width,
                    "height": p.height, "size_bytes": p.size_bytes} for p in inspection.photos],
        "officer": inspection.officer.display_name if names else None,
        "client_key": inspection.client_key, "inspected_at": inspection.inspected_at,
        "recorded_at": inspection.recorded_at,
    })


def visible_inspection(scan_id: int, user: User) -> Inspection:
    """The inspection of a scan `user` may see (app/access.py: the site's officers, the
    centre's supervisors, the analyst who judged it, the expert reviewing it)."""
    scan = db.session.scalar(visible_scans(user).where(Scan.id == scan_id))
    inspection = getattr(scan, "inspection", None) if scan is not None else None
    if inspection is None:
        raise ApiError(404, "not_found", _("No inspection of scan %(id)s that you may see.", id=scan_id))
    return inspection


def photo_bytes(inspection: Inspection, photo_id: int) -> tuple[InspectionPhoto, bytes]:
    photo = next((p for p in inspection.photos if p.id == photo_id), None)
    if photo is None:
        raise ApiError(404, "not_found", _("No such photo of this inspection."))
    try:
        return photo, image_store.get_object(photo.key)
    except FileNotFoundError:
        raise ApiError(410, "gone", _("This photo is no longer kept (retention).")) from None
