"""Results for the customs operation system: written to an outbox in the same
transaction as the result, then pushed to its webhook (signed, idempotent,
retried with backoff, in order per scan) or pulled by cursor.

However many processes deliver, each event is POSTed once: a delivery is claimed
by a conditional UPDATE that also counts the attempt and sets a lease (PostgreSQL
first skips rows another process has locked); the POST happens outside any
transaction, and only the claimant records the outcome. A claimant that died is
replaced when its lease runs out, with the same Idempotency-Key."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from datetime import timedelta
from typing import Any, cast

import requests
import sqlalchemy as sa
from flask import current_app

from app import jobs
from app.database import as_utc, utcnow
from app.extensions import db
from app.jobs.identity import current_consumer_id
from app.models import OutboxEvent, Scan, ScanDeclaration

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300
BATCH = 50


_ADD = sa.insert(OutboxEvent.__table__)
_NUMBER = sa.select(ScanDeclaration.number).where(ScanDeclaration.scan_id == sa.bindparam("scan_id"))


def record(kind: str, scan: Scan, decision: str | None = None, regions: list | None = None,
           outcome: str | None = None, findings: list | None = None,
           inspection: dict | None = None) -> str:
    """Write the event in the caller's transaction, which commits it with the result;
    returns its event_id. `findings`: per region, its threat category, label and the goods
    line it contradicts; for an inspection, what was found by category with quantity and
    unit. `inspection`: the inspection's HS code, seals, officers present and photo count."""
    number = db.session.scalar(_NUMBER, {"scan_id": scan.id})
    event_id = str(uuid.uuid4())
    payload: dict[str, Any] = {
        "type": kind, "scan_uid": scan.scan_uid, "declaration_number": number,
        "decision": decision, "regions": regions or [], "findings": findings or [], "outcome": outcome,
        "at": utcnow().isoformat(),
    }
    if inspection is not None:
        payload["inspection"] = inspection
    payload["event_id"] = event_id
    # Plain SQL in the caller's transaction: the row goes in now rather than in the commit's
    # flush (the unit of work costs about a millisecond before a verdict's push). The scan's
    # row exists already: the event is about it.
    db.session.connection().execute(_ADD, {"event_id": event_id, "type": kind, "scan_id": scan.id,
                                           "payload": payload})
    return event_id


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _unleased(now):
    return sa.or_(OutboxEvent.lease_until.is_(None), OutboxEvent.lease_until < now)


def due_events(now) -> list[int]:
    """Ids of the oldest undelivered event of each scan, if its time has come and no
    live process holds it: a scan's results reach the COS in the order they happened."""
    first = (sa.select(sa.func.min(OutboxEvent.id)).where(OutboxEvent.state != "delivered")
             .group_by(OutboxEvent.scan_id))
    query = (sa.select(OutboxEvent.id)
             .where(OutboxEvent.id.in_(first), OutboxEvent.state == "pending", OutboxEvent.next_attempt_at <= now,
                    _unleased(now))
             .order_by(OutboxEvent.id).limit(BATCH))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    db.session.commit()
    return ids


def _lease_seconds() -> float:
    return 2 * current_app.config["COS_TIMEOUT_SECONDS"] + 30


def _claim(event_id: int, me: str, now) -> OutboxEvent | None:
    claimed = cast("sa.CursorResult[Any]", db.session.execute(
        sa.update(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.state == "pending", OutboxEvent.next_attempt_at <= now,
               _unleased(now))
        .values(claimed_by=me, lease_until=now + timedelta(seconds=_lease_seconds()),
                attempts=OutboxEvent.attempts + 1))).rowcount
    db.session.commit()
    return db.session.get(OutboxEvent, event_id) if claimed else None


@jobs.chore("COS_POLL_SECONDS")
def deliver_due() -> int:
    url = current_app.config["COS_WEBHOOK_URL"]
    if not url:
        return 0
    me, delivered = current_consumer_id(), 0
    for event_id in due_events(utcnow()):
        event = _claim(event_id, me, utcnow())
        if event is not None:
            delivered += _attempt(event, url, me)
    return delivered


def _attempt(event: OutboxEvent, url: str, me: str) -> int:
    body = json.dumps(event.payload, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": event.event_id,
               "X-CIPS-Signature": sign(body, current_app.config["COS_WEBHOOK_SECRET"] or "")}
    event_id, attempts, created_at = event.id, event.attempts, as_utc(event.created_at)
    db.session.rollback()  # no transaction open while we wait for the COS
    try:
        response = requests.post(url, data=body, headers=headers, timeout=current_app.config["COS_TIMEOUT_SECONDS"])
        ok, error = 200 <= response.status_code < 300, f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        ok, error = False, f"{type(exc).__name__}: {exc}"[:500]
    now = utcnow()
    if ok:
        values = {"state": "delivered", "delivered_at": now, "last_error": None}
    else:
        give_up = created_at + timedelta(hours=current_app.config["COS_RETRY_HOURS"])
        base = current_app.config["COS_BACKOFF_SECONDS"]
        retry_at = now + timedelta(seconds=min(base * 2 ** min(attempts - 1, 16), MAX_BACKOFF_SECONDS))
        values = {"last_error": error, "next_attempt_at": retry_at}
        if retry_at > give_up:
            values["state"] = "failed"
            log.error("giving up delivering %s to the COS after %d attempts: %s", event.event_id, attempts, error)
    # Only while our claim stands: if our lease ran out and another process took the
    # event over, its outcome is the one that counts.
    db.session.execute(sa.update(OutboxEvent).where(OutboxEvent.id == event_id, OutboxEvent.claimed_by == me)
                       .values(lease_until=None, **values))
    db.session.commit()
    return int(ok)


def replay(event: OutboxEvent) -> None:
    """Send again (same event_id, so the COS can tell it is not a new result)."""
    event.state, event.next_attempt_at, event.last_error, event.lease_until = "pending", utcnow(), None, None
    db.session.commit()


def serialize_event(event: OutboxEvent) -> dict:
    return {"cursor": event.id, **event.payload}
