"""A site's day, written straight into the database (as ingest and the analysts would
have left it): scans waiting for a verdict, cleared and suspect ones; and photos."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from PIL import Image


@dataclass
class Day:
    suspects: list[int] = field(default_factory=list)  # oldest first
    holds: list[int] = field(default_factory=list)
    clear: list[int] = field(default_factory=list)

    @property
    def all(self) -> list[int]:
        return self.suspects + self.holds + self.clear


def _scanner(site_code: str):
    from app.extensions import db
    from app.models import Scanner, Site

    return db.session.scalar(sa.select(Scanner).join(Site).where(Site.code == site_code).order_by(Scanner.id))


def decide(scan_id: int, decision: str, analyst: str = "analyst") -> None:
    """A decided assignment and its verdict, as the analyst's workstation leaves them."""
    from app.database import utcnow
    from app.extensions import db
    from app.models import Assignment, User, Verdict

    who = db.session.scalar(sa.select(User).where(User.username == analyst))
    now = utcnow()
    assignment = Assignment(scan_id=scan_id, analyst_id=who.id, state="decided", assigned_at=now,
                            deadline=now + timedelta(hours=1), ended_at=now)
    db.session.add(assignment)
    db.session.flush()
    regions = [] if decision == "clear" else [{
        "type": "Annotation", "id": f"r{scan_id}",
        "body": [{"type": "TextualBody", "purpose": "classifying", "value": "cigarettes"}],
        "target": {"selector": {"type": "FragmentSelector", "value": "xywh=pixel:10,10,40,30"}}}]
    db.session.add(Verdict(scan_id=scan_id, assignment_id=assignment.id, analyst_id=who.id, decision=decision,
                           regions=regions, note="", time_spent_s=12.0, issued_at=now, final_decision=decision,
                           final_regions=regions))
    db.session.commit()


def site_day(total: int = 100, suspects: tuple[int, ...] = (37, 68), site_code: str = "NB-BEI",
             prefix: str = "DAY", received_at: datetime | None = None) -> Day:
    """`total` scans at the site, received now, scanned a minute apart (index 0 newest);
    those at `suspects` judged suspect, every third of the others clear, the rest waiting."""
    from app.extensions import db
    from app.models import Scan

    scanner = _scanner(site_code)
    now = received_at or datetime.now(timezone.utc)
    day = Day()
    ids: dict[int, int] = {}
    for i in range(total):
        scan = Scan(scanner_id=scanner.id, scan_uid=f"{prefix}-{i:03d}", scanned_at=now - timedelta(minutes=i),
                    received_at=now, status="ready", content_sha256="0" * 64,
                    container_ids=[f"TSTU{i:06d}"], plate=f"ZJ-B{i:04d}", width=256, height=128)
        db.session.add(scan)
        db.session.flush()
        ids[i] = scan.id
    db.session.commit()
    for i, scan_id in ids.items():
        if i in suspects:
            decide(scan_id, "suspect")
        elif i % 3 == 0:
            decide(scan_id, "clear")
            day.clear.append(scan_id)
        else:
            day.holds.append(scan_id)
    day.suspects = [ids[i] for i in sorted(suspects, reverse=True)]  # larger index = scanned earlier
    return day


def jpeg(width: int = 320, height: int = 240, seed: int = 0, quality: int = 85) -> bytes:
    """A small photo-like JPEG (noise, so it does not compress to nothing)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, size=(height, width, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
