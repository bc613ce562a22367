"""Writing the audit trail, and proving nobody rewrote it.

`record(...)` appends one row in the caller's transaction (so an act and its audit
row commit together or not at all); `record_now(...)` commits it at once (views,
sign-ins). `verify()` walks the chain and reports the first row that was modified,
deleted or slipped in; `checkpoint()` signs the head, so that even rewriting the
whole tail with fresh hashes shows."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from flask_login import current_user

from app import jobs
from app.database import utcnow
from app.extensions import db
from app.models import ApiToken, AuditCheckpoint, AuditEvent, AuditHead, User
from app.models.audit import GENESIS

log = logging.getLogger("cips.audit")
BATCH = 2000


def _content(event: AuditEvent | SimpleNamespace) -> str:
    return json.dumps({
        "id": event.id, "at": event.at.isoformat(), "actor_kind": event.actor_kind, "actor_id": event.actor_id,
        "actor_name": event.actor_name, "action": event.action, "target_kind": event.target_kind,
        "target_id": event.target_id, "scan_id": event.scan_id, "address": event.address, "detail": event.detail,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, event: AuditEvent | SimpleNamespace) -> str:
    return hashlib.sha256(f"{prev_hash}\n{_content(event)}".encode()).hexdigest()


def _actor(actor: User | ApiToken | None) -> tuple[str, int | None, str]:
    if actor is None and has_request_context():
        actor = getattr(g, "api_token", None) or (current_user if current_user.is_authenticated else None)
    if isinstance(actor, ApiToken):
        owner = actor.scanner.name if actor.scanner is not None else actor.user.username if actor.user else ""
        return "token", actor.id, f"{actor.name} ({owner})"
    if actor is not None and getattr(actor, "is_authenticated", False):
        return "person", actor.id, actor.username
    return "system", None, "CIPS"


_HEAD = AuditHead.__table__
_TAKE_HEAD = (sa.update(_HEAD).where(_HEAD.c.id == 1).values(last_id=_HEAD.c.last_id + 1)
              .returning(_HEAD.c.last_id, _HEAD.c.last_hash))
_MOVE_HEAD = sa.update(_HEAD).where(_HEAD.c.id == 1)
_APPEND = sa.insert(AuditEvent.__table__)


def record(action: str, *, actor: User | ApiToken | None = None, target: tuple[str, Any] | None = None,
           scan_id: int | None = None, detail: dict[str, Any] | None = None) -> None:
    """Append `action` to the chain in the current transaction (the caller commits)."""
    kind, actor_id, name = _actor(actor)
    # Taking the head's row lock first gives every process the same order of appends;
    # the same statement reads the head (one round trip less before a verdict's push).
    # Plain SQL on the transaction's connection: an ORM UPDATE would first flush the session
    # and search it for rows to synchronise, and an ORM row would wait for the commit's
    # flush; each cost about a millisecond before every verdict's push. (The row has no
    # foreign key, so it may go in before the act's own rows.)
    connection = db.session.connection()
    last_id, prev = connection.execute(_TAKE_HEAD).one()
    row = {"id": last_id, "at": utcnow(), "actor_kind": kind, "actor_id": actor_id, "actor_name": name[:200],
           "action": action, "target_kind": target[0] if target else None,
           "target_id": str(target[1])[:64] if target else None, "scan_id": scan_id,
           "address": (request.remote_addr or "")[:64] if has_request_context() else None,
           "detail": detail or {}, "prev_hash": prev}
    row["hash"] = chain_hash(prev, SimpleNamespace(**row))
    connection.execute(_APPEND, row)
    connection.execute(_MOVE_HEAD, {"last_hash": row["hash"]})


def record_now(action: str, **kwargs: Any) -> None:
    """Append and commit at once, on its own: for acts that change nothing else."""
    record(action, **kwargs)
    db.session.commit()


@dataclass(frozen=True)
class Problem:
    kind: str  # "modified" | "deleted" | "inserted" | "relinked" | "checkpoint"
    event_id: int | None
    message: str


def verify() -> tuple[int, Problem | None]:
    """Walk the whole chain; returns (rows checked, the first problem or None)."""
    checked, last_id, last_hash = 0, 0, GENESIS
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    for event in db.session.scalars(query.execution_options(yield_per=BATCH)):
        checked += 1
        if event.id > last_id + 1:
            missing = f"{last_id + 1}" if event.id == last_id + 2 else f"{last_id + 1} to {event.id - 1}"
            return checked, Problem("deleted", last_id + 1, f"row {missing} deleted (the chain jumps from "
                                                            f"{last_id} to {event.id})")
        if event.prev_hash != last_hash:
            return checked, Problem("relinked", event.id, f"row {event.id} does not follow row {last_id}: "
                                                          "a row was inserted or replaced here")
        if chain_hash(event.prev_hash, event) != event.hash:
            return checked, Problem("modified", event.id, f"row {event.id} ({event.action}) was modified "
                                                          "after it was written")
        last_id, last_hash = event.id, event.hash
    head = db.session.get(AuditHead, 1, populate_existing=True)  # record() writes it as plain SQL
    if head.last_id != last_id or head.last_hash != last_hash:
        if last_id > head.last_id:
            return checked, Problem("inserted", head.last_id + 1, f"row {head.last_id + 1} was added outside the "
                                                                  f"trail (its newest row is {head.last_id})")
        return checked, Problem("deleted", last_id + 1, f"the newest rows after {last_id} were deleted "
                                                        f"(the trail had reached {head.last_id})")
    for cp in db.session.scalars(sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id)):
        if not hmac.compare_digest(cp.signature, _sign(cp.last_id, cp.last_hash)):
            return checked, Problem("checkpoint", cp.last_id, f"checkpoint {cp.id} is not signed with this "
                                                              "deployment's audit key")
        at = db.session.get(AuditEvent, cp.last_id) if cp.last_id else None
        if cp.last_id and (at is None or at.hash != cp.last_hash):
            return checked, Problem("checkpoint", cp.last_id, f"row {cp.last_id} differs from the checkpoint "
                                                              f"signed at {cp.at.isoformat()}: the chain was rewritten")
    return checked, None


def _key() -> bytes:
    return (current_app.config.get("AUDIT_KEY") or current_app.config["SECRET_KEY"]).encode()


def _sign(last_id: int, last_hash: str) -> str:
    return hmac.new(_key(), f"{last_id}:{last_hash}".encode(), hashlib.sha256).hexdigest()


@jobs.chore("AUDIT_CHECKPOINT_SECONDS")
def checkpoint() -> AuditCheckpoint | None:
    """Sign the head of the chain; the line in the log is the copy kept elsewhere."""
    head = db.session.get(AuditHead, 1, populate_existing=True)  # record() writes it as plain SQL
    latest = db.session.scalar(sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))
    if head.last_id == 0 or (latest is not None and latest.last_id == head.last_id):
        return None
    cp = AuditCheckpoint(at=utcnow(), last_id=head.last_id, last_hash=head.last_hash,
                         signature=_sign(head.last_id, head.last_hash))
    db.session.add(cp)
    db.session.commit()
    log.info("audit checkpoint %s: row %d hash %s signature %s", cp.at.isoformat(), cp.last_id, cp.last_hash,
             cp.signature)
    return cp
