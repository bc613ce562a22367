"""Results for the customs operation system: written to an outbox in the same
transaction as the result, then pushed to its webhook (signed, idempotent,
retried with backoff, in order per scan) or pulled by cursor."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from datetime import timedelta

import requests
import sqlalchemy as sa
from flask import current_app

from app.database import as_utc, utcnow
from app.extensions import db
from app.models import OutboxEvent, Scan, ScanDeclaration
from app.periodic import start_periodic

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300


def record(kind: str, scan: Scan, decision: str | None = None, regions: list | None = None,
           outcome: str | None = None, findings: list | None = None) -> OutboxEvent:
    """Add the event to the session; the caller's commit stores it with the result.
    `findings`: per region, its threat category, label and the goods line it contradicts."""
    link = db.session.get(ScanDeclaration, scan.id)
    event = OutboxEvent(event_id=str(uuid.uuid4()), type=kind, scan_id=scan.id, payload={
        "type": kind, "scan_uid": scan.scan_uid, "declaration_number": link.number if link else None,
        "decision": decision, "regions": regions or [], "findings": findings or [], "outcome": outcome,
        "at": utcnow().isoformat(),
    })
    event.payload["event_id"] = event.event_id
    db.session.add(event)
    return event


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def due_events(now) -> list[OutboxEvent]:
    """The oldest undelivered event of each scan, if its time has come: a scan's
    results reach the COS in the order they happened."""
    first = (sa.select(sa.func.min(OutboxEvent.id)).where(OutboxEvent.state != "delivered")
             .group_by(OutboxEvent.scan_id))
    return list(db.session.scalars(sa.select(OutboxEvent).where(OutboxEvent.id.in_(first),
                                                                OutboxEvent.state == "pending",
                                                                OutboxEvent.next_attempt_at <= now)
                                   .order_by(OutboxEvent.id)))


def deliver_due() -> int:
    url = current_app.config["COS_WEBHOOK_URL"]
    if not url:
        return 0
    delivered = 0
    for event in due_events(utcnow()):
        delivered += _attempt(event, url)
    return delivered


def _attempt(event: OutboxEvent, url: str) -> int:
    body = json.dumps(event.payload, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": event.event_id,
               "X-CIPS-Signature": sign(body, current_app.config["COS_WEBHOOK_SECRET"] or "")}
    event.attempts += 1
    try:
        response = requests.post(url, data=body, headers=headers, timeout=current_app.config["COS_TIMEOUT_SECONDS"])
        ok, error = 200 <= response.status_code < 300, f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        ok, error = False, f"{type(exc).__name__}: {exc}"[:500]
    now = utcnow()
    if ok:
        event.state, event.delivered_at, event.last_error = "delivered", now, None
    else:
        event.last_error = error
        give_up = as_utc(event.created_at) + timedelta(hours=current_app.config["COS_RETRY_HOURS"])
        base = current_app.config["COS_BACKOFF_SECONDS"]
        delay = min(base * 2 ** min(event.attempts - 1, 16), MAX_BACKOFF_SECONDS)
        event.next_attempt_at = now + timedelta(seconds=delay)
        if event.next_attempt_at > give_up:
            event.state = "failed"
            log.error("giving up delivering %s to the COS after %d attempts: %s", event.event_id, event.attempts, error)
    db.session.commit()
    return int(ok)


def replay(event: OutboxEvent) -> None:
    """Send again (same event_id, so the COS can tell it is not a new result)."""
    event.state, event.next_attempt_at, event.last_error = "pending", utcnow(), None
    db.session.commit()


def start_courier(app) -> None:
    start_periodic(app, "COS_POLL_SECONDS", deliver_due, "delivering results to the COS")


def serialize_event(event: OutboxEvent) -> dict:
    return {"cursor": event.id, **event.payload}


def serialize_delivery(event: OutboxEvent) -> dict:
    return {"event_id": event.event_id, "type": event.type, "scan_uid": event.payload.get("scan_uid"),
            "state": event.state, "attempts": event.attempts, "last_error": event.last_error,
            "created_at": as_utc(event.created_at).isoformat(),
            "delivered_at": as_utc(event.delivered_at).isoformat() if event.delivered_at else None}
