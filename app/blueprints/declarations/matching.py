"""Matching scans and declarations by container id or plate, whichever arrives
first, tolerating the usual OCR confusions in container numbers."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from stdnum import iso6346

from app.database import as_utc
from app.extensions import db
from app.models import Declaration, DeclarationContainer, Scan, ScanDeclaration

# What OCR reads one character as, both ways: owner codes are letters, serials digits.
TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "B": "8", "T": "7"}
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "7": "T"}


def candidates(read: str) -> set[str]:
    """Valid ISO 6346 numbers one confusion away from an invalid OCR reading."""
    read = read.upper()
    if len(read) != 11 or iso6346.is_valid(read):
        return set()
    found = set()
    for i, ch in enumerate(read):
        swap = TO_LETTER.get(ch) if i < 4 else TO_DIGIT.get(ch)
        if swap:
            guess = read[:i] + swap + read[i + 1:]
            if iso6346.is_valid(guess):
                found.add(guess)
    return found


def _window() -> timedelta:
    return timedelta(hours=current_app.config["MATCH_WINDOW_HOURS"])


def _linked(scan: Scan) -> bool:
    return db.session.get(ScanDeclaration, scan.id) is not None


def match_scan(scan: Scan) -> ScanDeclaration | None:
    """Find the current declaration for a newly registered scan."""
    if _linked(scan):
        return None
    when = as_utc(scan.scanned_at)
    near = [Declaration.current, Declaration.declared_at.between(when - _window(), when + _window())]
    for read in scan.container_ids:
        number = _by_container(read, near)
        if number:
            return _link(scan, number, "auto", read)
        guesses = {g: _by_container(g, near) for g in candidates(read)}
        hits = {g: n for g, n in guesses.items() if n}
        if len(hits) == 1:  # several candidates: a person decides
            (guess, number), = hits.items()
            return _link(scan, number, "corrected", guess, corrected_from=read)
    if scan.plate:
        number = db.session.scalar(sa.select(Declaration.number).where(Declaration.plate == scan.plate, *near)
                                   .order_by(Declaration.declared_at.desc()))
        if number:
            return _link(scan, number, "auto", None)
    return None


def match_declaration(declaration: Declaration) -> list[ScanDeclaration]:
    """Link a new declaration to the scans it describes that arrived before it."""
    when = as_utc(declaration.declared_at)
    recent = db.session.scalars(sa.select(Scan).where(Scan.purpose == "live", Scan.scanned_at.between(when - _window(), when + _window()))
                                .order_by(Scan.scanned_at)).all()
    wanted = set(declaration.container_ids)
    links = []
    for scan in recent:
        if _linked(scan):
            continue
        exact = wanted.intersection(scan.container_ids)
        if exact:
            links.append(_link(scan, declaration.number, "auto", exact.pop()))
            continue
        for read in scan.container_ids:
            hits = candidates(read) & wanted
            if len(hits) == 1:
                links.append(_link(scan, declaration.number, "corrected", hits.pop(), corrected_from=read))
                break
        else:
            if declaration.plate and scan.plate == declaration.plate:
                links.append(_link(scan, declaration.number, "auto", None))
    return links


def _by_container(container_id: str, near: list) -> str | None:
    return db.session.scalar(
        sa.select(Declaration.number).join(DeclarationContainer, DeclarationContainer.declaration_id == Declaration.id)
        .where(DeclarationContainer.container_id == container_id, *near).order_by(Declaration.declared_at.desc()))


def _link(scan: Scan, number: str, method: str, container_id: str | None, corrected_from: str | None = None,
          user=None, reason: str = "") -> ScanDeclaration:
    link = ScanDeclaration(scan_id=scan.id, number=number, method=method, container_id=container_id,
                           corrected_from=corrected_from, linked_by_id=user.id if user else None, reason=reason)
    db.session.add(link)
    db.session.flush()
    return link


