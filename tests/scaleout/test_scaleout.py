"""Done-when of the production backbone: three web processes and two workers on
PostgreSQL (TimeZone Asia/Shanghai) and Redis take 60 scans through stock tus uploads
while one worker and one web process are killed with SIGKILL and started again.

Nothing is lost or doubled: every scan ready once and assigned once, no analyst over
capacity, every verdict at its own site's officer and no other (pushed, or in the list the
tablet reloads for the one a kill may catch between its commit and its emit), every result
POSTed to the COS exactly once, and no client ever saw an HTTP 5xx."""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from datetime import datetime, timezone

import pytest
import requests
from PIL import Image
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

from app.synthetic import generate_scan
from tests.helpers import until
from tests.scaleout.cluster import CosReceiver, make_cluster
from tests.scaleout.people import Analyst, LivePerson, Officer, Statuses

pytestmark = [pytest.mark.scaleout, pytest.mark.timeout(900)]

SCANS = 60
NINGBO, SHANGHAI = "Beilun Gate 1", "Waigaoqiao Gate A"  # sites NB-BEI (centre NBC), SH-WGQ (centre SHC)


def _pngs(tmp_path) -> list:
    paths = []
    for seed in range(4):
        buffer = io.BytesIO()
        Image.fromarray(generate_scan(100 + seed, 1500, 400).high).save(buffer, format="PNG")
        path = tmp_path / f"scan-{seed}.png"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def _deliver(urls: list[str], token: str, uid: str, path, statuses: Statuses) -> int:
    """As a site agent does: upload with tus, register; on a dead process, the next one."""
    auth = {"Authorization": f"Bearer {token}"}
    meta = {"scan_uid": uid, "scanned_at": datetime.now(timezone.utc).isoformat(),
            "conveyance": {"kind": "container"}, "weight_kg": 20000, "radiation": {"alarm": False, "cps": 100}}
    deadline = time.monotonic() + 240
    attempt = 0
    while time.monotonic() < deadline:
        url = urls[attempt % len(urls)]
        attempt += 1
        try:
            uploader = tus_client.TusClient(f"{url}/api/v1/uploads/", headers=auth).uploader(
                str(path), chunk_size=256 * 1024, metadata={"filename": path.name})
            uploader.upload()
            response = requests.post(f"{url}/api/v1/scans", headers=auth, timeout=120,
                                     json={**meta, "files": [{"upload": uploader.url, "role": "single"}]})
            statuses.record("POST", "/api/v1/scans", response)
            if response.status_code in (200, 201):
                return response.json()["id"]
            if response.status_code < 500:
                raise AssertionError(f"{uid}: {response.status_code} {response.text}")
        # A timeout is retried too, as the site agent does: registration is idempotent by
        # scan_uid, and on a loaded box a decode can wait long behind other jobs.
        except (requests.ConnectionError, requests.Timeout, TusUploadFailed, TusCommunicationError) as exc:
            status = getattr(exc, "status_code", None)
            if status is not None and status >= 500:
                with statuses.lock:
                    statuses.server_errors.append(f"tus {uid}: {status}")
        time.sleep(0.3)
    raise AssertionError(f"{uid} could not be delivered")


def _stall_report(cluster, analysts: list[Analyst], statuses: Statuses) -> str:
    """What a run that waits in vain needs to say: the scans still undecided, who holds
    them, what each analyst's client saw and did, and every refused request."""
    rows = cluster.rows(
        "SELECT s.id, s.scan_uid, s.status, a.id, u.username, a.state, a.end_reason FROM scans s "
        "LEFT JOIN assignments a ON a.scan_id = s.id LEFT JOIN users u ON u.id = a.analyst_id "
        "WHERE s.scan_uid LIKE 'SCALE-%' AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.scan_id = s.id) "
        "ORDER BY s.id, a.id")
    lines = ["undecided (scan id, uid, status, assignment id, analyst, state, end reason):",
             *(f"  {row}" for row in rows), "analysts:", *(f"  {a.report()}" for a in analysts),
             "refused requests:", *(f"  {r}" for r in statuses.refused[-30:])]
    return "\n".join(lines)


def test_three_web_processes_and_two_workers_lose_and_double_nothing_through_kills(tmp_path):
    cos = CosReceiver()
    cluster = make_cluster(
        tmp_path, CIPS_COS_WEBHOOK_URL=cos.url, CIPS_COS_WEBHOOK_SECRET="cos-secret", CIPS_COS_POLL_SECONDS="0.5",
        CIPS_DISCONNECT_GRACE_SECONDS="90", CIPS_WORKER_HEARTBEAT_SECONDS="1", CIPS_WORKER_DEAD_SECONDS="6",
        CIPS_RECOVERY_SWEEP_SECONDS="2", CIPS_SWEEP_INTERVAL_SECONDS="1", CIPS_PROCESSING_LIMIT_SECONDS="180")
    people: list[LivePerson] = []
    try:
        web = [cluster.start_web(name) for name in ("web1", "web2", "web3")]
        cluster.start_worker("worker1")
        cluster.start_worker("worker2")
        urls = [w.url for w in web]
        statuses = Statuses()
        # Analysts and officers on different web processes; web3 is the one that dies.
        analysts = [Analyst(urls[0], urls, "analyst", statuses), Analyst(urls[1], urls, "expert", statuses),
                    Analyst(urls[2], urls, "expert2", statuses), Analyst(urls[2], urls, "analyst2", statuses)]
        officers = {NINGBO: Officer(urls[0], urls, "officer", statuses),
                    SHANGHAI: Officer(urls[1], urls, "officer2", statuses)}
        supervisor = LivePerson(urls[1], urls, "supervisor", statuses)
        people.extend([*analysts, *officers.values(), supervisor])
        for person in people:
            person.start()
        until(lambda: all(a.connects for a in analysts), 30, "analysts connected")

        started = datetime.now(timezone.utc)
        tokens = cluster.tokens()
        pngs = _pngs(tmp_path)
        plan = [(f"SCALE-{i:03d}", NINGBO if i % 3 else SHANGHAI, pngs[i % len(pngs)]) for i in range(SCANS)]
        registered: dict[str, tuple[int, str]] = {}
        lock = threading.Lock()

        def feed(part: list) -> None:
            for uid, scanner, path in part:
                scan_id = _deliver(urls, tokens[f"scanner:{scanner}"], uid, path, statuses)
                with lock:
                    registered[uid] = (scan_id, scanner)

        feeders = [threading.Thread(target=feed, args=(plan[k::3],)) for k in range(3)]
        for t in feeders:
            t.start()
        until(lambda: len(registered) >= 20, 240, "20 scans registered")
        cluster.kill_worker("worker1")  # mid-run: it may hold a decode or a pyramid
        cluster.kill_web("web3")  # two analysts' live channel and whatever requests it served
        time.sleep(2)
        cluster.start_web("web3")
        cluster.start_worker("worker1")
        for t in feeders:
            t.join(300)
        assert len(registered) == SCANS

        ids = {scan_id for scan_id, _ in registered.values()}

        def all_decided() -> bool:
            rows = cluster.rows("SELECT count(*) FROM verdicts")
            return rows[0][0] >= SCANS

        # A server error leaves its scan undecided: stop waiting and report it (below).
        try:
            until(lambda: all_decided() or statuses.server_errors, 300, f"verdicts for all {SCANS} scans")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_stall_report(cluster, analysts, statuses)}\n{cluster.logs()}") from None
        assert statuses.server_errors == []
        outbox = {key for (key,) in cluster.rows("SELECT event_id FROM outbox_events")}
        until(lambda: outbox <= set(cos.posts), 120, "every result at the COS")
        until(lambda: all(o.seen_verdicts() for o in officers.values()), 30, "verdicts at the officers")
        time.sleep(2)  # room for a duplicate POST or event to show up, if there were one

        # Every scan ready, once; none left processing.
        scans = cluster.rows("SELECT scan_uid, status FROM scans WHERE scan_uid LIKE 'SCALE-%'")
        assert sorted(uid for uid, _ in scans) == sorted(registered)  # no scan twice
        assert Counter(status for _, status in scans) == {"ready": SCANS}
        ningbo = {scan_id for scan_id, s in registered.values() if s == NINGBO}
        ready_events = Counter(d["id"] for d in supervisor.got("scan.ready") if d["id"] in ids)
        assert set(ready_events) <= ningbo and set(ready_events.values()) == {1}  # its own centre's, never twice
        # A worker killed between its commit and its emit takes one announcement with it.
        assert len(ready_events) >= len(ningbo) - 1

        # Each assigned exactly once, and nobody over capacity (1) at any moment.
        assignments = cluster.rows("SELECT scan_id, analyst_id, state, assigned_at, ended_at FROM assignments "
                                   "WHERE scan_id IN (SELECT id FROM scans WHERE scan_uid LIKE 'SCALE-%')")
        assert Counter(scan_id for scan_id, *_ in assignments) == {i: 1 for i in ids}
        assert {state for _, _, state, _, _ in assignments} == {"decided"}
        by_analyst: dict[int, list] = {}
        for _, analyst_id, _, start, end in assignments:
            by_analyst.setdefault(analyst_id, []).append((start, end))
        for spans in by_analyst.values():
            spans.sort()
            for (_, end), (start, _) in zip(spans, spans[1:]):
                assert start >= end, "an analyst held two scans at once"

        # Every verdict reached its own site's officer, and only that one: pushed live or, for
        # at most one verdict given through the killed web process between its commit and its
        # emit (SIGKILL takes the push with it, as a worker's takes a scan.ready), in the list
        # the tablet reloads.
        on_web3 = {a.username for a in analysts if a.url == urls[2]}
        for scanner, officer in officers.items():
            own = {scan_id for scan_id, s in registered.values() if s == scanner}
            seen = officer.seen_verdicts()
            assert seen <= own, scanner
            missed = own - seen
            assert len(missed) <= 1, (scanner, missed)
            for scan_id in missed:
                ((given_by,),) = cluster.rows("SELECT u.username FROM verdicts v JOIN users u ON u.id = v.analyst_id "
                                              "WHERE v.scan_id = :scan_id", scan_id=scan_id)
                assert given_by in on_web3, (scan_id, given_by)
                listed = officer.browser.request("GET", "/api/v1/site/scans", params={"since": started.isoformat()})
                assert any(s["id"] == scan_id and s["verdict"] for s in listed.json()["scans"]), scan_id

        # Every result POSTed exactly once, with its Idempotency-Key.
        assert set(cos.posts) == outbox
        assert set(cos.posts.values()) == {1}, {k: n for k, n in cos.posts.items() if n > 1}

        # Times read from PostgreSQL in Asia/Shanghai come back as UTC.
        # (One the analyst decided: an analyst sees only the scans given to them.)
        ((mine,),) = cluster.rows("SELECT MIN(a.scan_id) FROM assignments a JOIN users u ON u.id = a.analyst_id "
                                  "WHERE u.username = 'analyst' AND a.scan_id IN "
                                  "(SELECT id FROM scans WHERE scan_uid LIKE 'SCALE-%')")
        answer = analysts[0].browser.request("GET", f"/api/v1/scans/{mine}")
        assert answer.status_code == 200, answer.text
        assert answer.json()["received_at"].endswith("+00:00")

        assert statuses.server_errors == []
        assert statuses.counts[201] >= SCANS
    finally:
        for person in people:
            try:
                person.close()
            except Exception:  # a channel already gone
                pass
        cluster.stop()
        cos.stop()
