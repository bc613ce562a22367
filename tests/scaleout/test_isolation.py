"""Two deployments on one Redis do not hear each other: each has its own channel."""

from __future__ import annotations

import json
import secrets

import pytest

from tests.db import copy_instance
from tests.helpers import start_live_server, until
from tests.scaleout.cluster import REDIS_URL, require_services
from tests.workflow.conftest import Person, send_scan

pytestmark = [pytest.mark.scaleout]


def test_two_deployments_sharing_redis_keep_their_events_apart(demo_instance, tmp_path):
    require_services()
    env = {"CIPS_REDIS_URL": REDIS_URL, "CIPS_SECRET_KEY": secrets.token_hex(32)}
    ningbo = start_live_server(copy_instance(demo_instance, tmp_path / "one"), **env)
    other = start_live_server(copy_instance(demo_instance, tmp_path / "two"), **env)
    people = []
    try:
        here, there = Person(ningbo, "supervisor").connect(), Person(other, "supervisor").connect()
        people += [here, there]
        # Same demo data in both: the same centre ids, the same room names.
        scan_id = send_scan(ningbo, "Beilun Gate 1", f"ISO-{secrets.token_hex(3)}")
        until(lambda: any(d["id"] == scan_id for d in here.got("scan.ready")), 60, "scan.ready in its deployment")
        send_scan(other, "Beilun Gate 1", "ISO-OTHER")
        until(lambda: there.got("scan.ready"), 60, "the other deployment's own scan")
        assert [d["scan_uid"] for d in there.got("scan.ready")] == ["ISO-OTHER"]
        assert all(d["scan_uid"] != "ISO-OTHER" for d in here.got("scan.ready"))
        assert json.loads((ningbo.instance / "demo_tokens.json").read_text())  # both really ran the demo
    finally:
        for person in people:
            person.close()
        ningbo.stop()
        other.stop()
