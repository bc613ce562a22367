"""The people of the scale-out test: analysts and officers whose browsers talk to one
web process each, reconnect when it dies and, like the web app, reload their lists
when the live channel comes back. Every HTTP answer is recorded, to count 5xx."""

from __future__ import annotations

import threading
import time
from collections import Counter

import requests
import socketio

from tests.conftest import DEMO_PASSWORD

REGION = {
    "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "r1",
    "body": [{"type": "TextualBody", "purpose": "tagging", "value": "dense block"}],
    "target": {"selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                            "value": "xywh=pixel:10,10,40,30"}},
}


class Statuses:
    """Every HTTP status any client saw, and the requests that got a 5xx."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self.refused: list[str] = []  # 4xx answers, for the report of a run that stalls
        self.lock = threading.Lock()

    def record(self, method: str, url: str, response: requests.Response) -> requests.Response:
        with self.lock:
            self.counts[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append(f"{method} {url}: {response.status_code} {response.text[:300]}")
            elif response.status_code >= 400:
                self.refused.append(f"{method} {url}: {response.status_code} {response.text[:200]}")
        return response


class Browser:
    """One person's session; requests go to `urls[0]` and move on when it is down."""

    def __init__(self, urls: list[str], username: str, statuses: Statuses):
        self.urls, self.username, self.statuses = list(urls), username, statuses
        self.http = requests.Session()
        self.csrf = ""
        self.request("POST", "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD},
                     csrf_first=True)

    def request(self, method: str, path: str, csrf_first: bool = False, **kwargs) -> requests.Response:
        deadline = time.monotonic() + 120
        while True:
            url = self.urls[0]
            try:
                if csrf_first or not self.csrf:
                    self.csrf = self.http.get(f"{url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
                response = self.http.request(method, f"{url}{path}", headers={"X-CSRFToken": self.csrf},
                                             timeout=30, **kwargs)
                return self.statuses.record(method, path, response)
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                self.urls.append(self.urls.pop(0))  # that process is down: the next one
                time.sleep(0.2)

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)


class LivePerson:
    """A browser with its Socket.IO channel to one web process."""

    def __init__(self, url: str, all_urls: list[str], username: str, statuses: Statuses):
        self.url, self.username = url, username
        self.browser = Browser([url, *[u for u in all_urls if u != url]], username, statuses)
        self.events: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.connects = 0
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2,
                                   reconnection_attempts=0)
        self.sio.on("*", self._record)
        self.sio.on("connect", self._connected)

    def _record(self, event, data=None) -> None:
        with self.lock:
            self.events.append((event, data))
        self.on_event(event, data)

    def _connected(self) -> None:
        self.connects += 1
        threading.Thread(target=self.on_connect, daemon=True).start()

    def on_event(self, event: str, data) -> None:
        pass

    def on_connect(self) -> None:
        pass

    def start(self) -> "LivePerson":
        self.sio.connect(self.url, headers={"Cookie": self.browser.cookie()}, transports=["websocket"],
                         wait_timeout=20)
        return self

    def got(self, event: str) -> list[dict]:
        with self.lock:
            return [d for e, d in self.events if e == event]

    def close(self) -> None:
        self.sio.disconnect()


class Analyst(LivePerson):
    """Says ready, and decides whatever is assigned: suspect when the scan id is even."""

    def __init__(self, *args):
        super().__init__(*args)
        self.decided: dict[int, str] = {}
        self.pending: set[int] = set()
        self.work = threading.Lock()

    def on_connect(self) -> None:
        # As the web app does on every (re)connection (useWorkstation.ts): say ready, over
        # HTTP when the socket does not answer, then reload the worklist whatever the answer.
        try:
            self.sio.call("workstation.ready", timeout=20)
        except Exception:  # no answer on the channel
            try:
                self.browser.request("POST", "/api/v1/workstation/ready")
            except requests.RequestException:
                pass  # the reload below still shows what is already assigned
        self.reload()

    def reload(self) -> None:
        try:
            body = self.browser.request("GET", "/api/v1/workstation").json()
        except (requests.RequestException, ValueError):
            return  # the next connection or verdict reloads again
        for a in body.get("assignments", []):
            self._take(a["assignment_id"], a["scan_id"])

    def on_event(self, event: str, data) -> None:
        if event == "assignment.new":
            threading.Thread(target=self._take, args=(data["assignment_id"], data["scan_id"]), daemon=True).start()

    def report(self) -> str:
        with self.work:
            return (f"{self.username} on {self.url}: {self.connects} connects, {len(self.decided)} decided, "
                    f"pending {sorted(self.pending)}, assignments pushed "
                    f"{sorted(d['assignment_id'] for d in self.got('assignment.new'))}")

    def _take(self, assignment_id: int, scan_id: int) -> None:
        with self.work:
            if assignment_id in self.decided or assignment_id in self.pending:
                return
            self.pending.add(assignment_id)
        try:
            time.sleep(0.2)  # a look at the image
            decision = "suspect" if scan_id % 2 == 0 else "clear"
            if self._send(assignment_id, decision):
                with self.work:
                    self.decided[assignment_id] = decision
                # As the web app does after each verdict: the list again, which also
                # shows an assignment whose push was lost.
                threading.Thread(target=self.reload, daemon=True).start()
        finally:
            # Whatever happened, the assignment is not left marked as being worked on: a
            # thread that died holding it kept every later attempt (a reconnect's worklist)
            # away from it, and the run waited for that verdict until its limit.
            with self.work:
                self.pending.discard(assignment_id)

    def _send(self, assignment_id: int, decision: str) -> bool:
        """POST the verdict until the server answers it, as the workstation retries a
        timeout on a loaded machine (not a ConnectionError, so Browser does not retry it).
        Any answer ends it: a 5xx is recorded by `statuses`, which fails the test."""
        body = {"decision": decision, "regions": [REGION] if decision == "suspect" else []}
        deadline = time.monotonic() + 240
        while True:
            try:
                response = self.browser.request("POST", f"/api/v1/assignments/{assignment_id}/verdict", json=body)
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                continue
            return response.status_code in (200, 201, 409)  # 409: our retry of a verdict already saved


class Officer(LivePerson):
    def seen_verdicts(self) -> set[int]:
        return {d["scan_id"] for d in self.got("verdict.issued")}
