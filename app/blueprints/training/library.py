"""The standard image library (labelled reference scans) and the typical-case
library (closed live cases, promoted with names and numbers removed)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask import url_for

from flask_babel import gettext as _

from app.blueprints.scans.imaging import image_links, image_view
from app.blueprints.scans.services import visible_scans
from app.blueprints.training.schemas import LibraryIn, LibraryItemOut, LibraryPatch, LibraryQuery, PromoteIn
from app.errors import ApiError
from app.extensions import db
from app.models import Declaration, LibraryItem, Scan, ScanDeclaration, Scanner, User

REMOVED = "[removed]"
# Container numbers (ISO 6346), whether or not the case names them elsewhere.
_CONTAINER = re.compile(r"\b[A-Z]{3}[UJZR]\s?\d{6}\s?\d\b")
MAX_RESULTS = 200


def usable_scan(scan_id: int, user: User) -> Scan:
    """A ready scan the academy may use: a training image, or a live scan the user may see."""
    scan = db.session.get(Scan, scan_id)
    if scan is not None and scan.purpose == "live":
        scan = db.session.scalar(visible_scans(user).where(Scan.id == scan_id))
    if scan is None:
        raise ApiError(404, "not_found", _("No scan %(scan)s that you may use.", scan=scan_id))
    if scan.status != "ready":
        raise ApiError(409, "not_ready", _("Scan %(scan)s is %(status)s; use it once its image is ready.", scan=scan_id, status=scan.status))
    return scan


def get_item(item_id: int) -> LibraryItem:
    item = db.session.get(LibraryItem, item_id)
    if item is None:
        raise ApiError(404, "not_found", _("No library item %(item)s.", item=item_id))
    return item


def search(args: LibraryQuery) -> list[LibraryItem]:
    query = sa.select(LibraryItem).join(LibraryItem.scan).join(Scan.scanner).order_by(LibraryItem.title,
                                                                                       LibraryItem.id)
    if args.kind:
        query = query.where(LibraryItem.kind == args.kind)
    if args.hs:
        query = query.where(LibraryItem.hs_code.startswith(args.hs))
    if args.scanner_kind:
        query = query.where(Scanner.kind == args.scanner_kind)
    items = list(db.session.scalars(query))
    # Free text and labels in Python: the library holds hundreds of items, not millions,
    # and JSON label lists read the same on SQLite and PostgreSQL this way.
    label = args.label.lower()
    if label:
        items = [i for i in items if label in (x.lower() for x in i.labels)]
    q = args.q.lower()
    if q:
        items = [i for i in items if all(word in _haystack(i) for word in q.split())]
    return items[:MAX_RESULTS]


def _haystack(item: LibraryItem) -> str:
    return " ".join([item.title, item.goods_description, item.packing, item.notes, item.hs_code,
                     *item.labels]).lower()


DESCRIPTIVE = ("title", "hs_code", "goods_description", "packing", "material_class", "labels", "notes")


def add_standard(data: LibraryIn, user: User) -> LibraryItem:
    scan = usable_scan(data.scan_id, user)
    item = LibraryItem(kind="standard", scan=scan, created_by_id=user.id, **data.model_dump(include=set(DESCRIPTIVE)))
    db.session.add(item)
    _commit_unique(_("Scan %(scan)s is already in the standard library.", scan=scan.id))
    return item


def update(item: LibraryItem, data: LibraryPatch) -> LibraryItem:
    """The fields sent change; those left out stay."""
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(item, key, value)
    if item.kind == "typical":  # what staff type about a case is stripped as on promotion
        secrets = case_secrets(item.scan)
        item.title, item.notes = redact(item.title, secrets), redact(item.notes, secrets)
        item.labels = [redact(x, secrets) for x in item.labels]
    db.session.commit()
    return item


def _commit_unique(message: str) -> None:
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ApiError(409, "already_promoted", message) from None


# --- typical cases ---------------------------------------------------------------

def _declarations(scan: Scan) -> list[Declaration]:
    return list(db.session.scalars(
        sa.select(Declaration).join(ScanDeclaration, ScanDeclaration.number == Declaration.number)
        .where(ScanDeclaration.scan_id == scan.id)))


def case_secrets(scan: Scan) -> list[str]:
    """Everything in a case that names a company, a person or a shipment."""
    found: list[str] = [scan.scan_uid, scan.plate or "", *scan.container_ids]
    for d in _declarations(scan):
        found += [d.number, d.plate or "", *d.container_ids]
        for company in (d.declarant, d.consignor, d.consignee):
            found += [company, _without_legal_form(company)]  # people write "Euro Wheels" for "Euro Wheels GmbH"
    links = db.session.scalars(sa.select(ScanDeclaration).where(ScanDeclaration.scan_id == scan.id))
    found += [link.number for link in links]
    people = []
    verdict = getattr(scan, "verdict", None)
    if verdict is not None:
        people.append(verdict.analyst)
        review = getattr(verdict, "review", None)
        if review is not None:
            people.append(review.expert)
    inspection = getattr(scan, "inspection", None)
    if inspection is not None:
        people.append(inspection.officer)
    for person in people:
        found += [person.display_name, person.username]
        # "Li Wei (analyst)": also the bare name, and each part of it.
        bare = re.sub(r"\s*\(.*?\)", "", person.display_name).strip()
        found += [bare, *bare.split()]
    # Longest first, so a full name goes before its parts.
    return sorted({s.strip() for s in found if s and len(s.strip()) >= 2}, key=len, reverse=True)


_LEGAL_FORMS = {"ltd", "limited", "gmbh", "co", "company", "inc", "llc", "sa", "ag", "bv", "nv", "srl", "spa", "plc",
                "corp", "corporation", "sarl", "oy", "ab", "as", "kg", "pte", "pty", "jsc", "llp"}


def _without_legal_form(company: str) -> str:
    words = company.replace(",", " ").split()
    while words and words[-1].lower().strip(".") in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def redact(value: str, secrets: list[str]) -> str:
    for secret in secrets:
        value = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", REMOVED, value, flags=re.IGNORECASE)
    return _CONTAINER.sub(REMOVED, value)


def _redact_regions(regions: list[dict[str, Any]], secrets: list[str]) -> list[dict[str, Any]]:
    """Keep each region's geometry, label and threat category, and nothing that says who drew
    it or which declaration it was judged against."""
    clean: list[dict[str, Any]] = []
    for r in regions:
        bodies = r.get("body", [])
        bodies = [bodies] if isinstance(bodies, dict) else bodies
        tags = [{"type": "TextualBody", "purpose": "tagging", "value": redact(str(b.get("value", "")), secrets)}
                for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"]
        tags += [{"type": "TextualBody", "purpose": "classifying", "value": b.get("value")}
                 for b in bodies if isinstance(b, dict) and b.get("purpose") == "classifying"]
        clean.append({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                      "id": f"#region-{len(clean) + 1}", "body": tags, "target": {"selector": r["target"]["selector"]}})
    return clean


def is_closed(scan: Scan) -> bool:
    verdict = getattr(scan, "verdict", None)
    if verdict is None:
        return False
    review = getattr(verdict, "review", None)
    if review is not None and review.state != "done":
        return False
    return verdict.final_decision == "clear" or getattr(scan, "inspection", None) is not None


def promote(data: PromoteIn, user: User) -> LibraryItem:
    scan_id = data.scan_id
    scan = db.session.scalar(visible_scans(user).where(Scan.id == scan_id))
    if scan is None:
        raise ApiError(404, "not_found", _("No scan %(scan)s that you may see.", scan=scan_id))
    if not is_closed(scan):
        raise ApiError(409, "case_open", _("Only a closed case can be promoted: it needs a verdict (after any expert "
                                           "review) and, when suspect, the inspection's outcome."))
    secrets = case_secrets(scan)
    verdict, inspection = scan.verdict, getattr(scan, "inspection", None)
    goods = [g for d in _declarations(scan) if d.current for g in d.goods]
    item = LibraryItem(kind="typical", scan=scan, created_by_id=user.id,
                       hs_code=str(goods[0].get("hs_code", ""))[:10] if goods else "",
                       goods_description="; ".join(str(g.get("description", "")) for g in goods)[:2000])
    item.title = redact(data.title, secrets)
    item.labels = [redact(x, secrets) for x in data.labels]
    item.notes = redact(data.notes, secrets)
    item.case = {
        "decision": verdict.final_decision,
        "regions": _redact_regions(verdict.final_regions or verdict.regions, secrets),
        "outcome": inspection.outcome if inspection else None,
        "findings": redact(inspection.findings, secrets) if inspection else "",
    }
    db.session.add(item)
    _commit_unique(_("Scan %(scan)s was already promoted to the typical-case library.", scan=scan.id))
    return item


def closed_cases(user: User, limit: int = 200) -> list[dict]:
    promoted = dict(db.session.execute(sa.select(LibraryItem.scan_id, LibraryItem.id)
                                       .where(LibraryItem.kind == "typical")).all())
    scans = db.session.scalars(visible_scans(user).where(Scan.status == "ready")
                               .order_by(Scan.scanned_at.desc()).limit(limit * 5)).all()
    cases = []
    for scan in scans:
        if is_closed(scan):
            inspection = getattr(scan, "inspection", None)
            cases.append({"scan_id": scan.id, "scanned_at": scan.scanned_at,
                          "scanner_kind": scan.scanner.kind, "decision": scan.verdict.final_decision,
                          "outcome": inspection.outcome if inspection else None,
                          "promoted_item_id": promoted.get(scan.id)})
    return cases[:limit]


def serialize(item: LibraryItem) -> LibraryItemOut:
    return LibraryItemOut.model_validate({
        "id": item.id, "kind": item.kind, "title": item.title, "hs_code": item.hs_code,
        "hs_chapter": item.hs_code[:2] or None, "goods_description": item.goods_description,
        "packing": item.packing, "material_class": item.material_class, "labels": item.labels,
        "notes": item.notes, "scanner_kind": item.scan.scanner.kind, "created_at": item.created_at,
        "image": image_view(item.scan, f"library-{item.id}", url_for("training.library_item", item_id=item.id),
                            image_links("training", "library_", item_id=item.id)),
        "case": item.case,
    })
