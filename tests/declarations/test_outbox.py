"""Outbox delivery details, in-process against a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sqlalchemy as sa

from tests.helpers import free_port, send_png


def test_a_timed_out_delivery_is_retried_as_the_same_event(demo_app, gate1, small_scan, tmp_path):
    from app.blueprints.declarations import outbox
    from app.database import utcnow
    from app.extensions import db
    from app.models import OutboxEvent, Scan

    seen: list[tuple[str, str]] = []

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((self.headers["Idempotency-Key"], body["event_id"]))
            if len(seen) == 1:
                time.sleep(0.6)  # the first answer comes after the sender gave up
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scan_id = send_png(gate1, tmp_path, small_scan, "TIMEOUT-1")
    demo_app.config.update(COS_WEBHOOK_URL=f"http://127.0.0.1:{port}/", COS_WEBHOOK_SECRET="s",
                           COS_TIMEOUT_SECONDS=0.2)
    try:
        with demo_app.app_context():
            outbox.record("inspection", db.session.get(Scan, scan_id), outcome="no_finding")
            db.session.commit()
            assert outbox.deliver_due() == 0
            event = db.session.scalar(sa.select(OutboxEvent))
            assert event.state == "pending" and event.attempts == 1 and "Timeout" in event.last_error
            event.next_attempt_at = utcnow()
            db.session.commit()
            assert outbox.deliver_due() == 1
            assert db.session.scalar(sa.select(OutboxEvent.state)) == "delivered"
    finally:
        server.shutdown()
    assert len(seen) == 2 and seen[0] == seen[1]  # the same event twice, never a new one
    assert seen[0][0] == seen[0][1]
