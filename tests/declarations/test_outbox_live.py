"""Results reach the customs operation system's webhook exactly once, in order per
scan, signed, even when it is down for a while (a real HTTP receiver on loopback)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.helpers import free_port, start_live_server, until
from tests.workflow.conftest import REGION, Person, assignment_for, send_scan
from tests.db import copy_instance

SECRET = "shared-secret-for-tests"


class Receiver:
    """The COS side: refuses connections until started, answers 500 while `failing`."""

    def __init__(self, port: int):
        self.port, self.failing = port, True
        self.accepted: list[dict] = []
        self.refused = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failing:
                    receiver.refused += 1
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.accepted.append({"body": body, "key": self.headers["Idempotency-Key"],
                                          "signature": self.headers["X-CIPS-Signature"]})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def cos_server(tmp_path_factory, demo_instance):
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("cos"))
    port = free_port()
    server = start_live_server(folder, CIPS_COS_WEBHOOK_URL=f"http://127.0.0.1:{port}/cips",
                               CIPS_COS_WEBHOOK_SECRET=SECRET, CIPS_COS_BACKOFF_SECONDS="0.1",
                               CIPS_COS_POLL_SECONDS="0.1")
    yield server, port
    server.stop()


def test_a_cos_down_for_a_while_gets_every_result_once_in_order_and_signed(cos_server):
    server, port = cos_server
    analyst, officer, admin = Person(server, "analyst").connect(), Person(server, "officer"), Person(server, "admin")
    assert analyst.ready()["ready"]
    scans = [send_scan(server, "Beilun Gate 1", f"COS-{i}", seed=i) for i in range(3)]
    for i, scan_id in enumerate(scans):
        assignment = assignment_for(analyst, scan_id)
        decision = "suspect" if i == 0 else "clear"
        analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                     {"decision": decision, "regions": [REGION] if decision == "suspect" else []})
    assert officer.post(f"/api/v1/scans/{scans[0]}/inspection", {"outcome": "seizure"}).status_code == 201

    # Nobody listens yet: each scan's first result is tried, refused and waits to be retried.
    # (An attempt is counted when it is claimed, its error once the POST has failed: wait
    # for the errors, not for the counts, or a snapshot can catch an attempt in flight.)
    def tried_each_scan() -> list[dict] | None:
        log = admin.get("/api/v1/admin/deliveries").json()["deliveries"]
        return log if sum(1 for d in log if d["attempts"] and d["last_error"]) >= 3 else None

    log = until(tried_each_scan, timeout=60, what="a first attempt of each scan's result")
    assert len(log) == 4 and all(d["state"] == "pending" for d in log)
    tried = [d for d in log if d["attempts"]]
    # The first result of each scan was tried; COS-0's inspection waits behind its verdict.
    assert sorted(d["scan_uid"] for d in tried) == ["COS-0", "COS-1", "COS-2"] and all(d["last_error"] for d in tried)

    receiver = Receiver(port)  # up, but failing with 500 for a while
    try:
        until(lambda: receiver.refused > 0, timeout=60, what="a retry refused by the failing COS")
        assert not receiver.accepted
        receiver.failing = False
        deadline = time.monotonic() + 30
        while len(receiver.accepted) < 4:
            assert time.monotonic() < deadline, f"only {len(receiver.accepted)} results arrived"
            time.sleep(0.05)
        time.sleep(1.0)  # a duplicate would arrive now
    finally:
        receiver.stop()

    bodies = [json.loads(r["body"]) for r in receiver.accepted]
    assert len({b["event_id"] for b in bodies}) == len(bodies) == 4  # every result once
    for r, body in zip(receiver.accepted, bodies):
        expected = "sha256=" + hmac.new(SECRET.encode(), r["body"], hashlib.sha256).hexdigest()
        assert hmac.compare_digest(r["signature"], expected)
        assert r["key"] == body["event_id"]
    first_scan = [b["type"] for b in bodies if b["scan_uid"] == "COS-0"]
    assert first_scan == ["verdict", "inspection"]  # in order per scan
    assert {b["scan_uid"] for b in bodies} == {"COS-0", "COS-1", "COS-2"}
    assert all(d["state"] == "delivered" for d in admin.get("/api/v1/admin/deliveries").json()["deliveries"])

    token = json.loads((server.instance / "demo_tokens.json").read_text())["integration:cos"]
    pulled = requests.get(f"{server.url}/api/v1/results?after=0", headers={"Authorization": f"Bearer {token}"},
                          timeout=10).json()
    assert {r["event_id"] for r in pulled["results"]} == {b["event_id"] for b in bodies}
    # The feed is the webhook's body plus its cursor, shaped through CosResults: the
    # model must neither drop nor add a field (a verdict with a region, an inspection).
    by_id = {b["event_id"]: b for b in bodies}
    assert all({k: v for k, v in r.items() if k != "cursor"} == by_id[r["event_id"]] for r in pulled["results"])
    assert "inspection" in by_id[next(r["event_id"] for r in pulled["results"] if r["type"] == "inspection")]
    again = requests.get(f"{server.url}/api/v1/results?after={pulled['next']}",
                         headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert again["results"] == []
    analyst.close()
