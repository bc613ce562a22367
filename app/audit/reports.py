"""What auditors read: a search over the trail, and the anti-corruption reports
(views outside one's assignments, an analyst's decisions against their peers',
what supervisors moved and why)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.blueprints.declarations.hs_chapters import chapter_of
from app.extensions import db
from app.models import (
    Assignment, AuditEvent, Declaration, QueueEvent, Review, Scan, ScanDeclaration, Scanner, Site, User, UserRole,
    Verdict,
)

# An analyst's rate is flagged when it differs from peers' by this much, over at least MIN_DECIDED scans.
FLAG_DIFFERENCE = 0.3
MIN_DECIDED = 5


def search(*, actor: str | None = None, action: str | None = None, scan_id: int | None = None,
           since: datetime | None = None, until: datetime | None = None, text: str | None = None,
           before: int | None = None, limit: int = 100) -> list[AuditEvent]:
    """Newest first; `before` is the id to continue below (the `next` of the previous page)."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if actor:
        query = query.where(sa.func.lower(AuditEvent.actor_name).like(f"%{actor.lower()}%"))
    if action:
        query = query.where(AuditEvent.action.like(f"{action}%"))
    if scan_id is not None:
        query = query.where(AuditEvent.scan_id == scan_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    if text:
        like = f"%{text.lower()}%"
        query = query.where(sa.or_(sa.func.lower(AuditEvent.target_id).like(like),
                                   sa.func.lower(sa.cast(AuditEvent.detail, sa.String)).like(like)))
    return list(db.session.scalars(query))


def serialize(event: AuditEvent) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(), "actor": {"kind": event.actor_kind, "id": event.actor_id,
                                                                  "name": event.actor_name},
            "action": event.action, "target": {"kind": event.target_kind, "id": event.target_id},
            "scan_id": event.scan_id, "address": event.address, "detail": event.detail, "hash": event.hash}


def views_outside_assignments(since: datetime | None = None) -> list[dict[str, Any]]:
    """Views of live scans by analysts and experts who were never given that scan,
    neither as an assignment nor as a review. Least privilege should keep it empty."""
    analysts = sa.select(UserRole.user_id).where(UserRole.role.in_(("analyst", "expert")))
    assigned = sa.exists().where(Assignment.scan_id == AuditEvent.scan_id, Assignment.analyst_id == AuditEvent.actor_id)
    reviewed = sa.exists().where(Review.expert_id == AuditEvent.actor_id, Review.verdict_id == Verdict.id,
                                 Verdict.scan_id == AuditEvent.scan_id)
    query = (sa.select(AuditEvent)
             .where(AuditEvent.action == "scan.view", AuditEvent.actor_kind == "person",
                    AuditEvent.actor_id.in_(analysts), AuditEvent.scan_id.is_not(None), ~assigned, ~reviewed)
             .order_by(AuditEvent.id))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return [serialize(e) for e in db.session.scalars(query.limit(1000))]


def _group_of(kind: str, site: str, declaration: Declaration | None) -> str | None:
    if kind == "site":
        return site
    if declaration is None:
        return None
    if kind == "importer":
        return declaration.consignee or None
    codes = [line.get("hs_code") or "" for line in declaration.goods]
    chapter = chapter_of(codes[0]) if codes else None
    return f"{chapter[0]} {chapter[1]}" if chapter else None


def decisions_against_peers(by: str, since: datetime | None = None) -> list[dict[str, Any]]:
    """Each analyst's suspect rate per site, HS chapter or importer, beside the rate of
    everyone else in the same group; large gaps over enough scans are flagged."""
    query = (sa.select(Verdict, Site.code, User.username, Declaration)
             .join(Scan, Scan.id == Verdict.scan_id).join(Scanner, Scanner.id == Scan.scanner_id)
             .join(Site, Site.id == Scanner.site_id).join(User, User.id == Verdict.analyst_id)
             .outerjoin(ScanDeclaration, ScanDeclaration.scan_id == Scan.id)
             .outerjoin(Declaration, sa.and_(Declaration.number == ScanDeclaration.number, Declaration.current)))
    if since is not None:
        query = query.where(Verdict.issued_at >= since)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (group, analyst) -> [decided, suspect]
    for verdict, site, analyst, declaration in db.session.execute(query):
        group = _group_of(by, site, declaration)
        if group is None:
            continue
        cell = counts[(group, analyst)]
        cell[0] += 1
        cell[1] += verdict.decision == "suspect"
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (group, _), (n, s) in counts.items():
        totals[group][0] += n
        totals[group][1] += s
    rows = []
    for (group, analyst), (n, s) in sorted(counts.items()):
        peers_n, peers_s = totals[group][0] - n, totals[group][1] - s
        rate = s / n
        peers = peers_s / peers_n if peers_n else None
        rows.append({"group_kind": by, "group": group, "analyst": analyst, "decided": n, "suspect_rate": round(rate, 3),
                     "peers_decided": peers_n, "peers_suspect_rate": None if peers is None else round(peers, 3),
                     "flagged": peers is not None and n >= MIN_DECIDED and peers_n >= MIN_DECIDED
                     and abs(rate - peers) >= FLAG_DIFFERENCE})
    return rows


def supervisor_actions(since: datetime | None = None) -> list[dict[str, Any]]:
    """Reassignments, revocations, priority changes and retries, by the supervisor who made them."""
    query = (sa.select(User.username, QueueEvent.kind, sa.func.count(), sa.func.max(QueueEvent.at))
             .join(User, User.id == QueueEvent.actor_id).where(QueueEvent.actor_id.is_not(None))
             .group_by(User.username, QueueEvent.kind).order_by(User.username, QueueEvent.kind))
    if since is not None:
        query = query.where(QueueEvent.at >= since)
    return [{"supervisor": name, "kind": kind, "count": n, "last_at": last.isoformat() if last else None}
            for name, kind, n, last in db.session.execute(query)]
