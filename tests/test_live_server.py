"""The production server (`cips serve`, gevent) on loopback, with real HTTP and
real Socket.IO clients over WebSocket."""

from __future__ import annotations

import socketio
import requests

from tests.conftest import DEMO_PASSWORD


def test_health_and_login_over_real_http(live_server):
    assert requests.get(f"{live_server.url}/api/v1/health", timeout=5).json() == {"status": "ok", "database": "ok"}
    session = live_server.login("analyst", DEMO_PASSWORD)
    me = session.get(f"{live_server.url}/api/v1/auth/me", timeout=5)
    assert me.status_code == 200 and me.json()["user"]["username"] == "analyst"
    cookie = next(c for c in session.cookies if c.name == "cips_session")
    assert cookie.has_nonstandard_attr("HttpOnly")


def test_socketio_refuses_anonymous_clients(live_server):
    client = socketio.Client(reconnection=False)
    try:
        client.connect(live_server.url, transports=["websocket"], wait_timeout=5)
        connected = True
    except socketio.exceptions.ConnectionError:
        connected = False
    finally:
        client.disconnect()
    assert connected is False


def test_socketio_over_websocket_joins_the_users_rooms(live_server):
    session = live_server.login("officer", DEMO_PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    client = socketio.Client(reconnection=False)
    hello = []
    client.on("hello", hello.append)
    client.connect(live_server.url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=5)
    try:
        assert client.transport() == "websocket"
        client.sleep(0)
        deadline = 50
        while not hello and deadline:
            client.sleep(0.1)
            deadline -= 1
    finally:
        client.disconnect()
    assert hello, "no hello event arrived"
    user_id = session.get(f"{live_server.url}/api/v1/auth/me", timeout=5).json()["user"]["id"]
    site_id = session.get(f"{live_server.url}/api/v1/auth/me", timeout=5).json()["user"]["affiliation"]["id"]
    assert hello[0]["rooms"] == [f"user:{user_id}", f"site:{site_id}", f"equipment:site:{site_id}"]
