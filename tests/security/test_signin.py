"""Sign-in and sessions under attack, reproduced and shown fixed (issue 13, findings
5 to 9): logins stalled the server and a burst got past the throttle, anyone could lock
a person out, logout left the session alive, bad input gave 500s, `12345678` was a
password and the integration account signed in as a person."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
import socketio
import sqlalchemy as sa

from app.database import utcnow
from app.extensions import db
from app.models import AuditEvent, User, UserSession
from tests import db as testdb
from tests.conftest import DEMO_PASSWORD, PRODUCTION_HASH_COST
from tests.helpers import sign_in, start_live_server, until

PEOPLE = ("analyst", "analyst2", "analyst3", "expert", "expert2", "officer", "officer2", "trainee", "instructor",
          "supervisor", "hqsupervisor", "auditor")


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_instance):
    """Our own `cips serve` (gevent): its throttle counters are ours alone, and it trusts
    one proxy hop so each test signs in from addresses of its own (X-Forwarded-For).
    It hashes at production's cost, the subject of these tests (the demo's hashes, made
    at the tests' floor, are rehashed at that cost at each person's first sign-in)."""
    folder = testdb.copy_instance(demo_instance, tmp_path_factory.mktemp("signin"))
    live = start_live_server(folder, CIPS_TRUSTED_PROXIES="1", **PRODUCTION_HASH_COST)
    yield live
    live.stop()


def _login(url: str, username: str, password: str, address: str, http: requests.Session | None = None):
    return sign_in(url, username, password, http, headers={"X-Forwarded-For": address})


def _post_login(client, username: str, password: str, address: str = "127.0.0.1"):
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    return client.post("/api/v1/auth/login", json={"username": username, "password": password},
                       headers={"X-CSRFToken": token}, environ_base={"REMOTE_ADDR": address})


# --- finding 5: logins stall the server; a burst gets past the throttle ---------------


def _health_latencies(url: str, while_running) -> list[float]:
    """/health's answer times, asked every 20 ms (a load balancer's probe, not a flood)
    while `while_running()` runs."""
    latencies: list[float] = []
    done = threading.Event()

    def watch():
        with requests.Session() as http:
            while not done.is_set():
                started = time.perf_counter()
                assert http.get(f"{url}/api/v1/health", timeout=10).status_code == 200
                latencies.append(time.perf_counter() - started)
                done.wait(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        until(lambda: latencies, 10, "/health answering")
        first = len(latencies)
        while_running()
    finally:
        done.set()
        watcher.join()
    return latencies[first:]


def test_health_answers_within_100_ms_while_12_people_sign_in(server):
    def burst(round_: int) -> None:
        with ThreadPoolExecutor(len(PEOPLE)) as pool:
            answers = list(pool.map(lambda i: _login(server.url, PEOPLE[i], DEMO_PASSWORD, f"10.5.{round_}.{i}"),
                                    range(len(PEOPLE))))
        assert [a.status_code for a in answers] == [200] * len(PEOPLE)

    # The goal is every /health under 100 ms during the burst (measured on a quiet box:
    # 45-84 ms; with the hash on the event loop, as before: 1.5-3 s). The box running the
    # suite is shared (2 cores, other test processes), so its own noise is measured too: an
    # idle window as long, right after. A round passes when /health during the burst stays
    # under 100 ms, or no worse than twice the idle window's slowest answer plus 50 ms -
    # a loop blocked by 12 hashes is seconds behind either way.
    rounds = []
    for round_ in range(3):
        started = time.perf_counter()
        during = _health_latencies(server.url, lambda: burst(round_))
        took = time.perf_counter() - started
        assert len(during) >= 5, "too few /health answers during the burst to say anything"
        idle = _health_latencies(server.url, lambda: time.sleep(took))
        rounds.append(f"round {round_}: 12 concurrent sign-ins took {took:.1f} s, /health answered {len(during)} "
                      f"times meanwhile, slowest {max(during) * 1000:.0f} ms (five slowest "
                      f"{sorted(round(x * 1000) for x in during)[-5:]}); as long idle: slowest {max(idle) * 1000:.0f} ms")
        print(rounds[-1])
        if max(during) < 0.1 or max(during) < 2 * max(idle) + 0.05:
            return
    pytest.fail("/health was held up by sign-ins in every burst:\n" + "\n".join(rounds))


def test_a_burst_of_60_wrong_passwords_after_13_failures_is_cut_at_the_limit(server, demo_app):
    limit = int(demo_app.config["LOGIN_FAILURES_PER_ADDRESS"].split()[0])  # 30
    address = "10.6.0.1"
    # Different names each time: only the address's counter is in play.
    for i in range(13):
        assert _login(server.url, f"guess{i}", "wrong-password", address).status_code == 401
    with ThreadPoolExecutor(60) as pool:
        codes = list(pool.map(lambda i: _login(server.url, f"burst{i}", "wrong-password", address).status_code,
                              range(60)))
    print(f"60 concurrent wrong passwords after 13 failures: {codes.count(401)} x 401, {codes.count(429)} x 429")
    assert codes.count(401) == limit - 13
    assert codes.count(429) == 60 - (limit - 13)
    refused = _login(server.url, "guess0", "wrong-password", address)
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    # A wrong password is an answer, not an error: the server's log does not print one
    # (gevent's thread pool did, with a traceback, for every failed sign-in).
    assert _login(server.url, "analyst", "wrong-password", "10.6.1.1").status_code == 401
    assert "VerifyMismatchError" not in server.log_path.read_text()


def test_a_300_mb_password_is_refused_before_it_is_hashed(client, auth):
    huge = _post_login(client, "analyst", "x" * 1025)
    assert huge.status_code == 413
    assert huge.get_json()["error"] == "too_large" and huge.get_json()["field"] == "password"
    assert _post_login(client, "analyst", "é" * 513).status_code == 413  # bytes, not characters
    assert _post_login(client, "analyst", DEMO_PASSWORD).status_code == 200


@pytest.mark.parametrize("username, new_cost", [("analyst", False), ("nobody-of-that-name", False),
                                                ("analyst", True)], ids=["known", "unknown", "known-rehashed"])
def test_a_sign_in_holds_no_database_connection_while_it_hashes(demo_app, client, monkeypatch, username, new_cost):
    """A burst of sign-ins queues for the hash thread; each one holding a pooled connection
    meanwhile left every other request waiting for one (twelve sign-ins against a pool of
    4 + 6: /health took 932 ms). So does a hash made again at a new cost."""
    from app.blueprints.auth import passwords

    with demo_app.app_context():
        pool = db.engine.pool
        real = passwords._hasher()
    held: list[tuple[str, int]] = []

    class Watched(type(real)):
        def verify(self, hash, password):  # noqa: A002 (argon2's own parameter name)
            held.append(("verify", pool.checkedout()))
            return super().verify(hash, password)

        def hash(self, password, *, salt=None):
            held.append(("hash", pool.checkedout()))
            return super().hash(password, salt=salt)

    watched = Watched(time_cost=real.time_cost + new_cost, memory_cost=real.memory_cost, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", lambda: watched)
    if username != "analyst":
        passwords._dummy_hash(watched)  # made once per process, not the subject here
        held.clear()
    expected = 200 if username == "analyst" else 401
    assert _post_login(client, username, DEMO_PASSWORD).status_code == expected
    assert held == [("verify", 0)] + [("hash", 0)] * new_cost


# --- finding 6: anyone can lock out any user ---------------------------------------


def test_nobody_can_lock_a_person_out_from_elsewhere(demo_app, client):
    limit = int(demo_app.config["LOGIN_FAILURES_PER_USER"].split()[0])
    for name in ["supervisor", "SUPERVISOR", " Supervisor "] * limit:
        _post_login(client, name, "wrong-password", "10.7.0.66")
    # The attacker's address is throttled for that person, however the name is written...
    for name in ("supervisor", "SUPERVISOR", " Supervisor "):
        assert _post_login(client, name, DEMO_PASSWORD, "10.7.0.66").status_code == 429, name
    # ...and the person, from their own desk, signs in at once, under any spelling.
    signed_in = _post_login(demo_app.test_client(), " Supervisor ", DEMO_PASSWORD, "10.7.0.7")
    assert signed_in.status_code == 200 and signed_in.get_json()["user"]["username"] == "supervisor"


def test_many_failures_from_everywhere_slow_a_name_down_but_never_lock_it(make_app, demo_copy):
    app = make_app(demo_copy, LOGIN_FAILURES_PER_USER_GLOBAL="3 per hour", LOGIN_SLOWDOWN_SECONDS=1)
    for i in range(3):
        assert _post_login(app.test_client(), "officer", "wrong-password", f"10.8.0.{i}").status_code == 401
    started = time.perf_counter()
    answer = _post_login(app.test_client(), "officer", DEMO_PASSWORD, "10.8.0.200")
    assert answer.status_code == 200
    assert time.perf_counter() - started >= 1


# --- finding 7: logout does not end the session ------------------------------------


def test_a_cookie_captured_before_logout_is_worthless_after_it(demo_app, client, auth):
    assert auth.login("officer").status_code == 200
    captured = client.get_cookie("cips_session").value
    assert auth.logout().status_code == 200
    thief = demo_app.test_client()
    thief.set_cookie("cips_session", captured)
    me = thief.get("/api/v1/auth/me")
    assert me.status_code == 401 and me.get_json()["error"] == "unauthenticated"
    with demo_app.app_context():
        ended = db.session.scalars(sa.select(UserSession).join(User).where(User.username == "officer")).all()
        actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).where(AuditEvent.actor_name == "officer"))]
    assert [s.end_reason for s in ended] == ["logout"]
    assert "auth.login" in actions and "auth.logout" in actions


def test_deactivation_ends_the_session_and_closes_the_live_socket(server):
    url = server.url
    admin = requests.Session()
    assert _login(url, "admin", DEMO_PASSWORD, "10.9.0.1", admin).status_code == 200
    person = requests.Session()
    assert _login(url, "analyst2", DEMO_PASSWORD, "10.9.0.2", person).status_code == 200
    cookie = "; ".join(f"{c.name}={c.value}" for c in person.cookies)
    live = socketio.Client(reconnection=False)
    live.connect(url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    try:
        assert live.connected
        user_id = person.get(f"{url}/api/v1/auth/me", timeout=10).json()["user"]["id"]
        token = admin.get(f"{url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
        off = admin.patch(f"{url}/api/v1/admin/people/{user_id}", json={"active": False},
                          headers={"X-CSRFToken": token}, timeout=10)
        assert off.status_code == 200 and off.json()["active"] is False
        until(lambda: not live.connected, 10, "the server closing the deactivated person's socket")
    finally:
        live.disconnect()
    assert person.get(f"{url}/api/v1/auth/me", timeout=10).status_code == 401


def test_an_admins_end_sessions_ends_them_and_the_socket_stays_shut(demo_app, desk, auth, client):
    from app.extensions import socketio as server_sio

    analyst = desk("analyst")
    assert analyst.sio.is_connected()
    assert auth.login("admin").status_code == 200
    with demo_app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.username == "analyst"))
    ended = client.post(f"/api/v1/admin/people/{user_id}/sessions/end", headers={"X-CSRFToken": auth.csrf()})
    assert ended.status_code == 200
    until(lambda: not analyst.sio.is_connected(), 10, "the analyst's socket closing")
    assert analyst.client.get("/api/v1/auth/me").status_code == 401
    # Reconnecting with the dead cookie is refused too.
    assert not server_sio.test_client(demo_app, flask_test_client=analyst.client).is_connected()


def test_a_session_idle_longer_than_the_runtime_setting_ends(demo_app, client, auth):
    assert auth.login("admin").status_code == 200
    changed = client.put("/api/v1/admin/settings/SESSION_IDLE_MINUTES", json={"value": 5},
                         headers={"X-CSRFToken": auth.csrf()})
    assert changed.status_code == 200 and changed.get_json()["value"] == 5
    officer = demo_app.test_client()
    assert _post_login(officer, "officer", DEMO_PASSWORD).status_code == 200
    assert officer.get("/api/v1/auth/me").status_code == 200
    with demo_app.app_context():  # four minutes idle: still within the setting
        db.session.execute(sa.update(UserSession).where(UserSession.ended_at.is_(None), UserSession.user_id == sa.select(
            User.id).where(User.username == "officer").scalar_subquery()).values(last_seen_at=utcnow() - timedelta(minutes=4)))
        db.session.commit()
    assert officer.get("/api/v1/auth/me").status_code == 200
    with demo_app.app_context():  # six minutes idle: over it
        db.session.execute(sa.update(UserSession).where(UserSession.ended_at.is_(None), UserSession.user_id == sa.select(
            User.id).where(User.username == "officer").scalar_subquery()).values(last_seen_at=utcnow() - timedelta(minutes=6)))
        db.session.commit()
    assert officer.get("/api/v1/auth/me").status_code == 401
    with demo_app.app_context():
        reasons = db.session.scalars(sa.select(UserSession.end_reason).join(User).where(User.username == "officer")).all()
    assert reasons == ["idle"]


def test_a_session_older_than_its_absolute_lifetime_ends_however_active(demo_app, client, auth):
    assert auth.login("trainee").status_code == 200
    with demo_app.app_context():
        db.session.execute(sa.update(UserSession).values(created_at=utcnow() - timedelta(hours=13)))
        db.session.commit()
    assert client.get("/api/v1/auth/me").status_code == 401


# --- finding 8: bad input gives 500s -----------------------------------------------


def test_a_nesting_bomb_is_400_on_every_route_that_reads_json(demo_app, demo_copy, client, desk):
    tokens = json.loads((demo_copy / "demo_tokens.json").read_text())
    bomb = "[" * 100_000
    scanner = {"Authorization": f"Bearer {tokens['scanner:Beilun Gate 1']}", "Content-Type": "application/json"}
    cos = {"Authorization": f"Bearer {tokens['integration:cos']}", "Content-Type": "application/json"}
    analyst = desk("analyst")
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"], "Content-Type": "application/json"}
    tried = {
        "/declarations": demo_app.test_client().post("/api/v1/declarations", data=bomb, headers=cos),
        "/declarations (NDJSON)": demo_app.test_client().post(
            "/api/v1/declarations", data=bomb, headers={**cos, "Content-Type": "application/x-ndjson"}),
        "/scans": demo_app.test_client().post("/api/v1/scans", data=bomb, headers=scanner),
        "/scans (multipart)": demo_app.test_client().post(
            "/api/v1/scans", data={"metadata": bomb}, headers={"Authorization": scanner["Authorization"]},
            content_type="multipart/form-data"),
        "/equipment/events": demo_app.test_client().post("/api/v1/equipment/events", data=bomb, headers=scanner),
        "verdict": analyst.client.post("/api/v1/assignments/1/verdict", data=bomb,
                                       headers={"X-CSRFToken": analyst.csrf, "Content-Type": "application/json"}),
        "/auth/login": client.post("/api/v1/auth/login", data=bomb, headers=csrf),
    }
    wrong = {name: (r.status_code, r.get_json()) for name, r in tried.items()
             if r.status_code != 400 or r.get_json()["error"] != "too_deep"}
    assert not wrong, wrong


def test_a_body_over_the_size_limit_is_413(make_app, demo_copy):
    app = make_app(demo_copy, JSON_MAX_BYTES=1000)
    c = app.test_client()
    token = c.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    big = c.post("/api/v1/auth/login", data=json.dumps({"username": "x" * 2000, "password": "y"}),
                 headers={"X-CSRFToken": token, "Content-Type": "application/json"})
    assert big.status_code == 413 and big.get_json()["error"] == "too_large"


def test_dates_out_of_range_are_422_naming_the_field(client, auth):
    assert auth.login("supervisor").status_code == 200
    for url in ("/api/v1/equipment/scanners/1/timeline?date=0001-01-01",
                "/api/v1/equipment/scanners/1/timeline?date=9999-12-31",
                "/api/v1/reports?period=month&date=9999-12", "/api/v1/reports?period=day&date=0001-01-01"):
        answer = client.get(url)
        assert answer.status_code == 422, (url, answer.status_code)
        assert answer.get_json()["field"] == "date", url
    assert client.get("/api/v1/reports?period=month&date=2026-11").status_code == 200


# --- finding 9: weak passwords, machine accounts signing in -----------------------


@pytest.mark.parametrize("password", ["12345678", "short-pw", "password1234", "123456789012", "qwertyuiopas",
                                      "aaaaaaaaaaaaaa", "zxcvbnm,./123"])
def test_weak_passwords_are_refused_for_new_people_and_resets(client, auth, password):
    assert auth.login("admin").status_code == 200
    token = auth.csrf()
    made = client.post("/api/v1/admin/people", json={"username": "newperson", "password": password,
                                                      "display_name": "New Person", "roles": ["analyst"]}, headers={"X-CSRFToken": token})
    assert made.status_code == 422, password
    assert made.get_json()["error"] == "weak_password" and made.get_json()["field"] == "password"
    reset = client.post("/api/v1/admin/people/1/password", json={"password": password}, headers={"X-CSRFToken": token})
    assert reset.status_code == 422 and reset.get_json()["error"] == "weak_password"


def test_a_strong_password_is_accepted_and_the_person_signs_in_with_it(demo_app, client, auth):
    assert auth.login("admin").status_code == 200
    named = client.post("/api/v1/admin/people", json={"username": "Newcomer", "password": "newcomer-at-the-gate",
                                                       "display_name": "Newcomer", "roles": ["analyst"]},
                        headers={"X-CSRFToken": auth.csrf()})
    assert named.status_code == 422 and "username" in named.get_json()["message"]
    made = client.post("/api/v1/admin/people", json={"username": "Newcomer", "password": "amber harbour lantern",
                                                      "display_name": "Newcomer", "roles": ["analyst"]}, headers={"X-CSRFToken": auth.csrf()})
    assert made.status_code == 201, made.get_json()
    assert _post_login(demo_app.test_client(), "newcomer", "amber harbour lantern").status_code == 200


def test_the_cli_refuses_a_weak_password(demo_copy, monkeypatch):
    from click.testing import CliRunner

    from app.cli.commands import cli

    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(demo_copy))
    weak = CliRunner().invoke(cli, ["user", "add", "clerk", "--role", "analyst", "--password", "12345678"])
    assert weak.exit_code != 0 and "12 characters" in weak.output
    strong = CliRunner().invoke(cli, ["user", "add", "clerk", "--role", "analyst", "--password", "amber harbour lantern"])
    assert strong.exit_code == 0, strong.output


def test_the_integration_account_cannot_sign_in_as_a_person(demo_app, client):
    answer = _post_login(client, "cos", DEMO_PASSWORD)
    assert answer.status_code == 403
    assert answer.get_json()["error"] == "machine_account"
    assert client.get("/api/v1/auth/me").status_code == 401
    with demo_app.app_context():
        failed = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).all()
    assert [e.detail.get("reason") for e in failed] == ["machine account"]


def test_the_throttle_counts_in_redis_when_cips_has_one(make_app, demo_copy):
    """Several processes share the counters in Redis: the same count-first, refund-on-success rules."""
    import os

    redis_url = os.environ.get("CIPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    app = make_app(demo_copy, RATELIMIT_STORAGE_URI=redis_url, LOGIN_FAILURES_PER_ADDRESS="3 per 5 minutes")
    from app.extensions import limiter

    assert type(limiter.storage).__name__ == "RedisStorage"
    for _ in range(4):  # successes are given back: never throttled
        assert _post_login(app.test_client(), "trainee", DEMO_PASSWORD, "10.11.0.1").status_code == 200
    for i in range(3):
        assert _post_login(app.test_client(), f"nobody{i}", "wrong-password", "10.11.0.1").status_code == 401
    assert _post_login(app.test_client(), "trainee", DEMO_PASSWORD, "10.11.0.1").status_code == 429
    assert _post_login(app.test_client(), "trainee", DEMO_PASSWORD, "10.11.0.2").status_code == 200
