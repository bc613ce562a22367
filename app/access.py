"""Least privilege, written once: which live scans and which Socket.IO rooms each
principal may see. Routes, rooms, tile URLs, exports and embedded lists
(`earlier_scans`, statistics) all ask here.

| principal | live scans | rooms |
|---|---|---|
| admin | every one | `user`, `hq`, equipment of its headquarters |
| supervisor | its centre's, or its headquarters' (HQ supervisors) | `user`, `centre` or `hq`, equipment of that scope |
| site officer | its site's | `user`, `site`, equipment of its site |
| analyst, expert | those assigned to them (open or decided) and, for experts, those of reviews given to them; never a scan of their own site | `user`, equipment of their centre |
| analyst, expert, from their open assignment | the one exception (`prior_scans`): earlier scans of the same container or plate, image only, each opening audited; never of their own site | none |
| trainee, instructor, auditor | none (academy images go through their own doors) | `user` only: no live event of any kind |
| scanner token | its own live scans | none |

Anti-corruption (seed 3.1): an analyst must not learn whose cargo it is nor pick a
container, so an analyst based at a port is never put in that port's room and never
sees its scans, assigned or not. Several roles add up."""

from __future__ import annotations

import sqlalchemy as sa

from app.channels import centre_room, equipment_room, hq_room, site_room, user_room
from app.models import Assignment, Centre, Review, Scan, Scanner, Site, User, Verdict

SCAN_READERS = ("analyst", "expert", "supervisor", "admin", "site_officer")


def _live() -> sa.Select:
    return sa.select(Scan).join(Scan.scanner).join(Scanner.site).where(Scan.purpose == "live")


def scan_scope(user: User) -> sa.ColumnElement[bool]:
    """SQL condition (over scans joined to scanners and sites) for the live scans
    `user` may see: the union of what each of their roles allows."""
    allowed: list[sa.ColumnElement[bool]] = []
    if user.has_role("admin"):
        allowed.append(sa.true())
    if user.has_role("supervisor"):
        if user.headquarters_id is not None:
            centres = sa.select(Centre.id).where(Centre.headquarters_id == user.headquarters_id)
            allowed.append(Site.centre_id.in_(centres))
        elif user.centre_id is not None:
            allowed.append(Site.centre_id == user.centre_id)
    if user.has_role("site_officer") and user.site_id is not None:
        allowed.append(Site.id == user.site_id)
    if user.has_role("analyst", "expert"):
        mine = sa.select(Assignment.scan_id).where(Assignment.analyst_id == user.id,
                                                   Assignment.state.in_(("open", "decided")))
        work: sa.ColumnElement[bool] = Scan.id.in_(mine)
        if user.has_role("expert"):
            reviews = sa.select(Verdict.scan_id).join(Review, Review.verdict_id == Verdict.id) \
                .where(Review.expert_id == user.id)
            work = sa.or_(work, Scan.id.in_(reviews))
        if user.site_id is not None:  # never the cargo of their own port
            work = sa.and_(work, Site.id != user.site_id)
        allowed.append(work)
    return sa.or_(*allowed) if allowed else sa.false()


def prior_scans(user: User, assignment: Assignment) -> sa.Select:
    """The one exception to `scan_scope` (issue 15, "priors"): while an analyst judges the
    scan of their open assignment, the earlier ready live scans of the same container
    number or plate may be shown beside it. Narrow on purpose: only from that open
    assignment, only its conveyance's earlier scans, never one of the analyst's own site
    (the affiliation dispatch also excludes). The door (app/blueprints/assignments/priors.py)
    shows the image alone and writes every opening in the audit trail (`scan.prior_opened`)."""
    scan = assignment.scan
    if assignment.analyst_id != user.id or assignment.state != "open" or not user.has_role("analyst", "expert"):
        return _live().where(sa.false())
    same: list[sa.ColumnElement[bool]] = []
    if scan.plate:
        same.append(Scan.plate == scan.plate)
    for container in scan.container_ids or []:
        # container_ids is a JSON list whose text holds each number in quotes (upper case
        # since ingest): a quoted number matches whole elements only, in any database.
        # The door compares the lists themselves too (shares_conveyance).
        same.append(sa.cast(Scan.container_ids, sa.Text).contains(f'"{container}"', autoescape=True))
    if not same:
        return _live().where(sa.false())
    query = _live().where(sa.or_(*same), Scan.id != scan.id, Scan.status == "ready",
                          Scan.scanned_at < scan.scanned_at)
    if user.site_id is not None:  # never the cargo of their own port
        query = query.where(Site.id != user.site_id)
    return query


def shares_conveyance(prior: Scan, scan: Scan) -> bool:
    """The exact test behind `prior_scans`' text search: a container number or the plate in common."""
    return bool(set(prior.container_ids or []) & set(scan.container_ids or [])) or (
        bool(scan.plate) and prior.plate == scan.plate)


def visible_scans(user: User) -> sa.Select:
    """Live scans `user` may see, as a query to narrow further."""
    return _live().where(scan_scope(user))


def scanner_scans(scanner: Scanner) -> sa.Select:
    """What a scanner's token may read: its own live scans (never academy images)."""
    return sa.select(Scan).where(Scan.scanner_id == scanner.id, Scan.purpose == "live")


def rooms_for(user: User) -> list[str]:
    rooms = [user_room(user.id)]
    site = user.site_id
    if user.has_role("site_officer") and site is not None:
        rooms += [site_room(site), equipment_room("site", site)]
    if user.has_role("supervisor", "admin"):
        if user.headquarters_id is not None:
            rooms += [hq_room(user.headquarters_id), equipment_room("hq", user.headquarters_id)]
        elif user.centre_id is not None and user.has_role("supervisor"):
            rooms += [centre_room(user.centre_id), equipment_room("centre", user.centre_id)]
    if user.has_role("analyst", "expert"):
        centre = user.centre_id or (user.site.centre_id if user.site is not None else None)
        if centre is not None:
            rooms.append(equipment_room("centre", centre))
    return list(dict.fromkeys(rooms))


def equipment_rooms(scanner: Scanner) -> list[str]:
    """Where a scanner's status and alerts go: equipment is not cargo, so every tier
    that watches it hears it, analysts of the centre included."""
    site = scanner.site
    return [equipment_room("site", site.id), equipment_room("centre", site.centre_id),
            equipment_room("hq", site.centre.headquarters_id)]
