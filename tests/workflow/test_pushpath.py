"""No garbage collection between a verdict's arrival and its push (app/pushpath.py),
in-process, with the collector set to run on nearly every allocation."""

from __future__ import annotations

import gc

import pytest
from flask import request_finished

from app import pushpath
from app.extensions import socketio
from tests.helpers import send_png as _send, until as _until


@pytest.fixture
def timeline(demo_app, monkeypatch):
    """What happened, in order: request start and end, collections, the verdict's push."""
    seen: list[str] = []

    def collected(phase, _info):
        if phase == "stop":
            seen.append("gc")

    def started():
        seen.append("start")

    def finished(_app, **_kw):
        seen.append("end")

    emit = socketio.emit

    def emitted(event, *args, **kwargs):
        emit(event, *args, **kwargs)
        if event == "verdict.issued":
            seen.append("pushed")

    # Just after the hold, which comes before every other before-request function
    # (sign-in, CSRF, the rate limiter, the body's check).
    hooks = demo_app.before_request_funcs[None]
    assert hooks[0] is pushpath._hold
    hooks.insert(1, started)
    request_finished.connect(finished, demo_app)
    monkeypatch.setattr(socketio, "emit", emitted)
    threshold = gc.get_threshold()
    try:
        yield seen, lambda: (gc.set_threshold(1), gc.callbacks.append(collected))
    finally:
        gc.set_threshold(*threshold)
        if collected in gc.callbacks:
            gc.callbacks.remove(collected)
        hooks.remove(started)
        request_finished.disconnect(finished, demo_app)


def _between(seen: list[str], first: str, last: str) -> list[str]:
    start = seen.index(first)
    return seen[start + 1:seen.index(last, start)]


def test_a_verdict_is_pushed_before_any_collection_and_the_collector_runs_after(desk, gate1, small_scan, tmp_path,
                                                                               timeline):
    seen, watch = timeline
    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    _send(gate1, tmp_path, small_scan, "GC-1")
    assignment = _until(analyst.assignments)[0]

    watch()
    seen.clear()
    assert analyst.client.get("/api/v1/workstation").status_code == 200
    # The check can fail: an unmarked request is collected in as usual.
    assert "gc" in _between(seen, "start", "end")

    seen.clear()
    response = analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                            {"decision": "clear", "regions": []})
    assert response.status_code == 201
    assert "gc" not in _between(seen, "start", "pushed"), seen
    assert "gc" in _between(seen, "pushed", "end")  # what was put off ran in the same request
    assert gc.isenabled() and pushpath.holders() == 0


def test_a_refused_verdict_lets_the_collector_go(desk, gate1, small_scan, tmp_path, timeline, demo_app):
    seen, watch = timeline
    analyst, stranger = desk("analyst"), desk("expert2")
    assert analyst.ready()["ready"]
    _send(gate1, tmp_path, small_scan, "GC-2")
    url = f"/api/v1/assignments/{_until(analyst.assignments)[0]['assignment_id']}/verdict"

    watch()
    seen.clear()
    assert stranger.post(url, {"decision": "clear", "regions": []}).status_code == 403
    assert analyst.post(url, {"decision": "maybe"}).status_code == 422
    assert demo_app.test_client().post(url, json={"decision": "clear", "regions": []}).status_code == 401
    assert gc.isenabled() and pushpath.holders() == 0
    assert "pushed" not in seen


def test_a_collector_switched_off_before_stays_off(desk, gate1, small_scan, tmp_path):
    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    _send(gate1, tmp_path, small_scan, "GC-3")
    url = f"/api/v1/assignments/{_until(analyst.assignments)[0]['assignment_id']}/verdict"
    gc.disable()
    try:
        assert analyst.post(url, {"decision": "clear", "regions": []}).status_code == 201
        assert not gc.isenabled() and pushpath.holders() == 0
    finally:
        gc.enable()
