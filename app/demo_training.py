"""The academy's demo: certificates for the demo analysts, reference images in the
standard library, a question bank from synthetic scans with known contents, and
an exam. Idempotent like the rest of the demo."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from app.blueprints.ingest.registration import IncomingFile, register
from app.blueprints.training import certificates
from app.extensions import db
from app.models import Certificate, ExamTemplate, LibraryItem, Question, Scan, Scanner, User
from app.models.org import SCANNER_KINDS
from app.store import sha256_of
from app.synthetic import SyntheticScan, generate_scan
from app.vendors.writers import write_scan_files

# username, grade, days left: expert2's certificate runs out soon, to show the warning.
CERTIFIED = (("analyst", "junior", 700), ("analyst2", "intermediate", 500), ("analyst3", "junior", 600),
             ("expert", "senior", 650), ("expert2", "senior", 20))
# What synthetic goods stand for in the demo library: (material, form) -> HS heading, description, packing.
_GOODS = {
    ("organic", "cartons"): ("9403", "Wooden furniture, flat-packed", "cartons on pallets"),
    ("organic", "bulk"): ("1001", "Wheat", "bulk, bagged"),
    ("organic", "drums"): ("1509", "Olive oil", "steel drums"),
    ("inorganic", "cartons"): ("6911", "Porcelain tableware", "cartons"),
    ("inorganic", "bulk"): ("2515", "Marble blocks", "loose"),
    ("metal", "machinery"): ("8429", "Earth-moving machinery parts", "crated"),
    ("metal", "cartons"): ("7323", "Stainless steel kitchenware", "cartons"),
}
LIBRARY_SEEDS = range(1000, 1006)
QUESTION_SEEDS = range(2000, 2008)  # even seeds hide something, odd ones are clean


def grant_demo_certificates() -> int:
    granted = 0
    for username, grade, days in CERTIFIED:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None or db.session.scalar(sa.select(Certificate.id).where(Certificate.user_id == user.id)):
            continue
        certificates.grant(user, grade, list(SCANNER_KINDS), days)
        granted += 1
    return granted


def training_scan(scanner: Scanner, uid: str, synthetic: SyntheticScan) -> Scan:
    """A synthetic image registered as the academy's (never live work)."""
    existing = db.session.scalar(sa.select(Scan).where(Scan.scanner_id == scanner.id, Scan.scan_uid == uid))
    if existing is not None:
        return existing
    with tempfile.TemporaryDirectory() as tmp:
        files = write_scan_files(Path(tmp), "image", scanner.vendor, synthetic.high,
                                 synthetic.low if scanner.dual_energy else None,
                                 scanner.energy_high_kev or 6000, scanner.energy_low_kev or 4000)
        meta = {"scan_uid": uid, "scanned_at": datetime.now(timezone.utc).isoformat(), "format": scanner.vendor,
                "conveyance": {"kind": "container", "container_ids": [], "plate": None}, "weight_kg": None,
                "radiation": {"alarm": False, "cps": None}, "purpose": "training"}
        incoming = [IncomingFile(role, path, path.name, sha256_of(path)) for role, path in files]
        scan, _ = register(scanner, meta, incoming, inline=True)
    return scan


def region(box, label: str) -> dict:
    x, y, w, h = box
    return {"type": "Annotation", "id": f"#truth-{x}-{y}",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": label}],
            "target": {"selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                                    "value": f"xywh=pixel:{x},{y},{w},{h}"}}}


def _main_goods(synthetic: SyntheticScan) -> tuple[str, str]:
    counts = Counter((g.material, g.form) for g in synthetic.goods)
    return counts.most_common(1)[0][0] if counts else ("organic", "cartons")


def seed_demo_training(width: int = 3000, height: int = 750) -> None:
    scanner = db.session.scalar(sa.select(Scanner).where(Scanner.name == "Beilun Gate 1"))
    if scanner is None:
        return
    for seed in LIBRARY_SEEDS:
        synthetic = generate_scan(seed, width, height, kind="container")
        scan = training_scan(scanner, f"ACADEMY-REF-{seed}", synthetic)
        if db.session.scalar(sa.select(LibraryItem.id).where(LibraryItem.scan_id == scan.id)):
            continue
        material, form = _main_goods(synthetic)
        hs, description, packing = _GOODS.get((material, form), ("", "Mixed goods", "mixed"))
        share = sum(1 for g in synthetic.goods if (g.material, g.form) == (material, form))
        title = f"{description} in a 40 ft container ({share} of {len(synthetic.goods)} stacks)"
        db.session.add(LibraryItem(kind="standard", scan=scan, title=title,
                                   hs_code=hs, goods_description=description, packing=packing,
                                   material_class=material, labels=[material, form, "container"],
                                   notes="Synthetic reference image: compare each stack's density and material "
                                         "colour with the goods."))
    db.session.commit()

    for seed in QUESTION_SEEDS:
        suspect = seed % 2 == 0
        synthetic = generate_scan(seed, width, height, kind="container", concealment=suspect)
        scan = training_scan(scanner, f"ACADEMY-Q-{seed}", synthetic)
        if db.session.scalar(sa.select(Question.id).where(Question.scan_id == scan.id)):
            continue
        material, form = _main_goods(synthetic)
        if suspect:
            explanation = (f"A dense {synthetic.concealed_material} block sits inside the {material} {form}: its "
                           f"material colour and edges differ from the load around it.")
            regions = [region(synthetic.concealed_box, "concealed goods")]
        else:
            explanation = f"An even {material} load in {form}; nothing differs from the declared goods."
            regions = []
        db.session.add(Question(scan=scan, decision="suspect" if suspect else "clear", regions=regions,
                                explanation=explanation, difficulty=2 + seed % 3,
                                tags=["container", material, "concealment in goods" if suspect else "clean load"]))
    db.session.commit()

    if db.session.scalar(sa.select(ExamTemplate.id).where(ExamTemplate.name == "Container images: the basics")):
        return
    db.session.add(ExamTemplate(
        name="Container images: the basics",
        description="Six container scans: clear the clean loads, mark what is hidden in the others.",
        question_count=6, tags=["container"], difficulty_min=1, difficulty_max=5, scanner_kinds=list(SCANNER_KINDS),
        time_limit_s=20 * 60, pass_percent=60.0,
        grade_bands=[{"grade": "junior", "min_percent": 60.0}, {"grade": "intermediate", "min_percent": 75.0},
                     {"grade": "senior", "min_percent": 90.0}],
        validity_days=730))
    db.session.commit()
