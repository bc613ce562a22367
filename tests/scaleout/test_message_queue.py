"""A web process listens to the Socket.IO message queue from its start, not from its
first client's connection: a process started again after a crash must not drop what
other processes publish to the people who reconnect to it (PostgreSQL + Redis)."""

from __future__ import annotations

import threading

import pytest
import redis
import requests
import socketio

from tests.conftest import DEMO_PASSWORD
from tests.helpers import sign_in, until
from tests.scaleout.cluster import REDIS_URL, make_cluster

pytestmark = [pytest.mark.scaleout]


def test_a_web_process_is_subscribed_before_it_takes_a_connection(tmp_path):
    cluster = make_cluster(tmp_path)
    channel = cluster.env["CIPS_REDIS_CHANNEL"]
    live = socketio.Client(reconnection=False)
    got: list[dict] = []
    arrived = threading.Event()

    def record(event, data=None) -> None:
        if event == "queue.changed":
            got.append(data)
            arrived.set()

    live.on("*", record)
    try:
        web = cluster.start_web("web1")  # returns once the port answers; nobody has connected
        ((_, subscribers),) = redis.Redis.from_url(REDIS_URL).pubsub_numsub(channel)
        assert subscribers == 1

        # What another process publishes the moment someone connects reaches them.
        http = requests.Session()
        assert sign_in(web.url, "supervisor", DEMO_PASSWORD, http).status_code == 200
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        live.connect(web.url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=20)
        other = socketio.RedisManager(REDIS_URL, channel=channel, write_only=True)
        other.emit("queue.changed", {"waiting": 7, "open": 0}, namespace="/")
        until(arrived.is_set, 30, "the message published right after the connection")
        assert got == [{"waiting": 7, "open": 0}]
    finally:
        if live.connected:
            live.disconnect()
        cluster.stop()
