"""A server of its own for the interpretation loop (short timeouts), and real
python-socketio clients that sign in over HTTP and pass the cookie."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest
import requests
import socketio
from jsonschema import Draft202012Validator
from PIL import Image

from app.synthetic import generate_scan
from tests.conftest import DEMO_PASSWORD
from tests.helpers import start_live_server
from tests.db import copy_instance

GRACE_SECONDS = 2


@pytest.fixture(scope="module")
def loop_server(tmp_path_factory, demo_instance):
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("loop"))
    # A capacity above the scan count keeps every analyst eligible at every draw, so
    # the spread measures the random draw itself, not who happens to decide fastest.
    server = start_live_server(folder, CIPS_DISCONNECT_GRACE_SECONDS=str(GRACE_SECONDS),
                               CIPS_SWEEP_INTERVAL_SECONDS="0.25", CIPS_ASSIGNMENT_TIMEOUT_SECONDS="600",
                               CIPS_ANALYST_CAPACITY="40")
    yield server
    server.stop()


class Person:
    """A signed-in browser: an HTTP session plus a Socket.IO client recording events."""

    def __init__(self, server, username: str):
        self.server, self.username = server, username
        self.http = server.login(username, DEMO_PASSWORD)
        self.csrf = self.http.get(f"{server.url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
        self.events: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._record)
        self.handlers: dict[str, callable] = {}

    def _record(self, event, data=None):
        with self.lock:
            self.events.append((time.monotonic(), event, data))
        handler = self.handlers.get(event)
        if handler:
            handler(data)

    def connect(self) -> "Person":
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        self.sio.connect(self.server.url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
        return self

    def ready(self) -> dict:
        return self.sio.call("workstation.ready", timeout=10)

    def post(self, path: str, body: dict) -> requests.Response:
        return self.http.post(f"{self.server.url}{path}", json=body, headers={"X-CSRFToken": self.csrf}, timeout=30)

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.server.url}{path}", timeout=30)

    def got(self, event: str) -> list[dict]:
        with self.lock:
            return [data for _, name, data in self.events if name == event]

    def wait_for(self, event: str, count: int = 1, timeout: float = 20) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.got(event)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.username}: {len(self.got(event))} {event} events, wanted {count}")
            time.sleep(0.02)
        return self.got(event)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def off_contract(server, people: list[Person]) -> list[str]:
    """Every event these people received that the served realtime contract does not
    allow (an unknown event, or a payload failing its JSON Schema)."""
    contract = requests.get(f"{server.url}/api/v1/events.schema.json", timeout=30).json()
    wrong = []
    for person in people:
        for _, name, data in list(person.events):
            if name not in contract["events"]:
                wrong.append(f"{person.username} got {name}, which the contract does not name")
                continue
            schema = {"$defs": contract["$defs"], **contract["events"][name]["payload"]}
            for error in Draft202012Validator(schema).iter_errors(data):
                wrong.append(f"{person.username} got {name}: {error.message} at {list(error.path)}")
    return wrong


@pytest.fixture
def people(loop_server):
    made: list[Person] = []

    def make(username: str) -> Person:
        person = Person(loop_server, username).connect()
        made.append(person)
        return person

    yield make
    for person in made:
        person.close()
    # Whatever a test made happen, each event it caused is one the contract describes.
    assert not off_contract(loop_server, made)
    time.sleep(GRACE_SECONDS + 0.5)  # let the server forget these workstations


_PNG = {}


def small_png(seed: int) -> bytes:
    if seed not in _PNG:
        buffer = io.BytesIO()
        Image.fromarray(generate_scan(seed, 256, 128).high).save(buffer, format="PNG")
        _PNG[seed] = buffer.getvalue()
    return _PNG[seed]


def send_scan(server, scanner: str, uid: str, seed: int = 1, **overrides) -> int:
    token = json.loads((server.instance / "demo_tokens.json").read_text())[f"scanner:{scanner}"]
    meta = {"scan_uid": uid, "scanned_at": "2026-11-27T08:00:00Z", "conveyance": {"kind": "container"}} | overrides
    response = requests.post(f"{server.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                             data={"metadata": json.dumps(meta)}, files={"single": ("s.png", small_png(seed))},
                             timeout=60)
    assert response.status_code == 201, response.text
    return response.json()["id"]


REGION = {
    "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "r1",
    "body": [{"type": "TextualBody", "purpose": "tagging", "value": "dense organic"}],
    "target": {"selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                            "value": "xywh=pixel:10,10,40,30"}},
}


def assignment_for(person: Person, scan_id: int, timeout: float = 20) -> dict:
    """Wait for `scan_id` to be assigned to `person`, clearing any older scan handed
    out first (earlier tests may leave scans in the queue)."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for data in person.got("assignment.new"):
            if data["scan_id"] == scan_id:
                return data
            if data["assignment_id"] not in seen:
                seen.add(data["assignment_id"])
                person.post(f"/api/v1/assignments/{data['assignment_id']}/verdict", {"decision": "clear", "regions": []})
        time.sleep(0.02)
    raise AssertionError(f"scan {scan_id} never reached {person.username}")
