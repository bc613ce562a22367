"""Sessions and sign-in throttling across processes: an admin's change on one server
closes the person's socket held by another, and failures counted on one server count
on the other (PostgreSQL + Redis)."""

from __future__ import annotations

import pytest
import requests
import socketio

from tests.conftest import DEMO_PASSWORD
from tests.helpers import until
from tests.scaleout.cluster import make_cluster

pytestmark = [pytest.mark.scaleout]


def _login(url: str, username: str, password: str, http: requests.Session | None = None) -> requests.Response:
    http = http or requests.Session()
    token = http.get(f"{url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
    return http.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password},
                     headers={"X-CSRFToken": token}, timeout=60)


def test_deactivation_on_one_server_closes_the_socket_held_by_another(tmp_path):
    cluster = make_cluster(tmp_path)
    live = socketio.Client(reconnection=False)
    try:
        a, b = cluster.start_web("web-a"), cluster.start_web("web-b")
        admin, person = requests.Session(), requests.Session()
        assert _login(a.url, "admin", DEMO_PASSWORD, admin).status_code == 200
        assert _login(a.url, "analyst2", DEMO_PASSWORD, person).status_code == 200
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
            assert _login((a, b)[i % 2].url, "officer", "wrong-password").status_code == 401
        assert _login(b.url, "officer", DEMO_PASSWORD).status_code == 429
        assert _login(a.url, "officer", DEMO_PASSWORD).status_code == 429
    finally:
        if live.connected:
            live.disconnect()
        cluster.stop()
