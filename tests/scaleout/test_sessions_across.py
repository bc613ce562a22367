"""Sessions and sign-in throttling across processes: an admin's change on one server
closes the person's socket held by another, and failures counted on one server count
on the other (PostgreSQL + Redis)."""

from __future__ import annotations

import pytest
import requests
import socketio

from tests.conftest import DEMO_PASSWORD
from tests.helpers import sign_in, until
from tests.scaleout.cluster import make_cluster

pytestmark = [pytest.mark.scaleout]


def test_deactivation_on_one_server_closes_the_socket_held_by_another(tmp_path):
    cluster = make_cluster(tmp_path)
    live = socketio.Client(reconnection=False)
    try:
        a, b = cluster.start_web("web-a"), cluster.start_web("web-b")
        admin, person = requests.Session(), requests.Session()
        assert sign_in(a.url, "admin", DEMO_PASSWORD, admin).status_code == 200
        assert sign_in(a.url, "analyst2", DEMO_PASSWORD, person).status_code == 200
        cookie = "; ".join(f"{c.name}={c.value}" for c in person.cookies)
        live.connect(b.url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
        user_id = person.get(f"{b.url}/api/v1/auth/me", timeout=10).json()["user"]["id"]
        token = admin.get(f"{a.url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
        off = admin.patch(f"{a.url}/api/v1/admin/people/{user_id}", json={"active": False},
                          headers={"X-CSRFToken": token}, timeout=10)
        assert off.status_code == 200
        until(lambda: not live.connected, 15, "server B closing the socket after A deactivated the person")
        assert person.get(f"{b.url}/api/v1/auth/me", timeout=10).status_code == 401

        # Failures for one name from one address, counted in Redis whichever server hears them.
        limit = 5
        for i in range(limit):
            assert sign_in((a, b)[i % 2].url, "officer", "wrong-password").status_code == 401
        assert sign_in(b.url, "officer", DEMO_PASSWORD).status_code == 429
        assert sign_in(a.url, "officer", DEMO_PASSWORD).status_code == 429
    finally:
        if live.connected:
            live.disconnect()
        cluster.stop()
