from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


class AuthActions:
    """Signs in through the JSON API the way the browser app does."""

    def __init__(self, client, password: str):
        self.client = client
        self.password = password

    def csrf(self) -> str:
        return self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]

    def login(self, username: str, password: str | None = None):
        return self.client.post(
            "/api/v1/auth/login",
            json={"username": username, "password": self.password if password is None else password},
            headers={"X-CSRFToken": self.csrf()},
        )

    def logout(self):
        return self.client.post("/api/v1/auth/logout", headers={"X-CSRFToken": self.csrf()})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log_path: Path
    instance: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def login(self, username: str, password: str) -> requests.Session:
        session = requests.Session()
        sign_in(self.url, username, password, session).raise_for_status()
        return session


def sign_in(url: str, username: str, password: str, http: requests.Session | None = None,
            headers: dict[str, str] | None = None) -> requests.Response:
    """The browser's two steps against a server at `url`: a CSRF token, then the login POST
    carrying it (the answer, whatever its status; `http` keeps the cookie)."""
    http = http or requests.Session()
    token = http.get(f"{url}/api/v1/auth/csrf", headers=headers, timeout=30).json()["csrf_token"]
    return http.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password},
                     headers={**(headers or {}), "X-CSRFToken": token}, timeout=60)


def start_live_server(instance: Path, port: int | None = None, args: tuple[str, ...] = (),
                      log_name: str = "server.log", **env: str) -> LiveServer:
    port = port or free_port()
    log_path = instance / log_name
    environment = {**os.environ, "CIPS_INSTANCE_PATH": str(instance), **env}
    process = subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", str(port), *args],
        cwd=ROOT, env=environment, stdout=open(log_path, "a"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()}")
        try:
            if requests.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                return LiveServer(url, process, log_path, instance)
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {log_path.read_text()}")


def start_worker(instance: Path, processes: int = 1, log_name: str = "worker.log", **env: str) -> subprocess.Popen:
    """`cips worker` on an instance folder (it needs CIPS_REDIS_URL in `env`)."""
    environment = {**os.environ, "CIPS_INSTANCE_PATH": str(instance), **env}
    return subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", "worker", "--processes", str(processes)],
        cwd=ROOT, env=environment, stdout=open(instance / log_name, "a"), stderr=subprocess.STDOUT,
    )


class Desk:
    """A signed-in person with a test Socket.IO connection to the in-process app."""

    def __init__(self, app, username: str, password: str):
        from app.extensions import socketio

        self.client = app.test_client()
        self.auth = AuthActions(self.client, password)
        assert self.auth.login(username).status_code == 200
        self.sio = socketio.test_client(app, flask_test_client=self.client)
        self.csrf = self.auth.csrf()

    def post(self, path: str, body: dict):
        return self.client.post(path, json=body, headers={"X-CSRFToken": self.csrf})

    def ready(self):
        return self.sio.emit("workstation.ready", callback=True)

    def assignments(self) -> list[dict]:
        return self.client.get("/api/v1/workstation").get_json()["assignments"]


def send_png(gate, tmp_path, small_scan, uid: str, **meta) -> int:
    """Register a small PNG scan through `gate` (a tests.ingest Scanner) and wait until ready."""
    from app.vendors.writers import write_png
    from tests.ingest.conftest import metadata

    png = write_png(tmp_path / f"{uid}.png", small_scan.high)
    scan_id = gate.register(metadata(uid, **meta), {"single": (png, "s.png")}).get_json()["id"]
    assert gate.wait(scan_id)["status"] == "ready"
    return scan_id


def until(condition, timeout: float = 10, what: str = "the condition"):
    """Wait until `condition()` is true and return its value, or fail saying `what`."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.05)
    return result


def assign(app, scan_id: int, username: str) -> int:
    """Give a scan to an analyst directly, as the random draw would; returns the
    assignment id (tests of what an analyst may see need a scan of their own)."""
    from datetime import timedelta

    import sqlalchemy as sa

    from app.database import utcnow
    from app.extensions import db
    from app.models import Assignment, User

    with app.app_context():
        analyst = db.session.scalar(sa.select(User).where(User.username == username))
        assignment = Assignment(scan_id=scan_id, analyst_id=analyst.id, deadline=utcnow() + timedelta(hours=1))
        db.session.add(assignment)
        db.session.commit()
        return assignment.id


def assign_in(instance: Path, scan_id: int, username: str, state: str = "decided") -> None:
    """`assign` for a running server's instance folder (straight into its database). By
    default as an assignment already decided: the analyst may look at the scan again,
    and a shared server's random draw still finds them free."""
    from datetime import datetime, timedelta, timezone

    from tests import db as testdb

    ((analyst_id,),) = testdb.rows(instance, "SELECT id FROM users WHERE username = :u", u=username)
    now = datetime.now(timezone.utc)
    testdb.execute(instance, "INSERT INTO assignments (scan_id, analyst_id, state, assigned_at, deadline, ended_at) "
                             "VALUES (:scan, :analyst, :state, :now, :deadline, :ended)",
                   scan=scan_id, analyst=analyst_id, state=state, now=now, deadline=now + timedelta(hours=1),
                   ended=now if state != "open" else None)


def declared_answer(spec: dict, method: str, url: str, status: int) -> dict:
    """What the OpenAPI document `spec` says the answer `status` to `method url` is (its
    `content` by Content-Type, its `headers`): of the path templates the URL matches,
    the most specific (fewest `{parameters}`), as a client routing by the document would."""
    path = url.split("?")[0]
    matches = []
    for template, operations in spec["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path) and method.lower() in operations:
            matches.append((template.count("{"), operations[method.lower()]))
    assert matches, f"no operation of the document is {method} {path}"
    responses = min(matches, key=lambda found: found[0])[1]["responses"]
    assert str(status) in responses, f"{method} {path} declares no {status}: {sorted(responses)}"
    return responses[str(status)]
