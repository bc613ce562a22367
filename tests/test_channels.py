"""The realtime contract (app.channels) is the only way out for an event, it names every
event the code sends, and the published schema is the one in the code."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from app import channels

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "docs" / "events.schema.json"


def _calls(attribute: str):
    """(file, call) for every call of `<something>.<attribute>(...)` in app/."""
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute:
                yield path.relative_to(ROOT), node


def _event_name(node: ast.Call) -> str:
    """The event a publish call names: a literal, or the literal head of an f-string
    (`f"scan.{status}"` -> `scan.`)."""
    first = node.args[0]
    if isinstance(first, ast.Constant):
        return first.value
    if isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
        return first.values[0].value
    if isinstance(first, ast.Name):  # a parameter: its callers are checked at run time by publish
        return ""
    raise AssertionError(f"publish with an event name the test cannot read: {ast.dump(first)}")


def test_no_event_leaves_except_through_the_contract():
    bypasses = [f"{path}:{node.lineno}" for path, node in _calls("emit") if path != Path("app/channels.py")]
    assert not bypasses, f"socketio.emit outside app/channels.py (use channels.publish): {bypasses}"


def test_every_published_event_is_in_the_contract_and_every_contract_event_is_published():
    named = [_event_name(node) for _, node in _calls("publish")]
    assert named, "found no channels.publish call at all"
    for name in filter(None, named):
        assert any(event == name or (name.endswith(".") and event.startswith(name)) for event in channels.EVENTS), name
    # verdict.issued/.revised go through push_verdict(verdict, event): named by its callers.
    sent = set(filter(None, named)) | {"verdict.issued", "verdict.revised"}
    unused = [e for e in channels.EVENTS if not any(e == n or (n.endswith(".") and e.startswith(n)) for n in sent)]
    assert not unused, f"contract events no code sends: {unused}"


def test_the_published_schema_file_is_the_one_in_the_code():
    assert json.loads(SCHEMA_FILE.read_text()) == channels.schema(), (
        "docs/events.schema.json is stale: run `.venv/bin/cips contract write`")


def test_the_schema_is_served(client):
    response = client.get("/api/v1/events.schema.json")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body["events"]) == set(channels.EVENTS)
    assert body["$defs"]["Verdict"]["properties"]["decision"]["enum"] == ["clear", "suspect"]


def test_a_payload_off_the_contract_is_refused_before_it_leaves(demo_app):
    with demo_app.app_context():
        with pytest.raises(ValidationError):
            channels.publish("queue.changed", {"waiting": 1, "opened": 2}, channels.centre_room(1))
        with pytest.raises(KeyError):
            channels.publish("queue.change", {"waiting": 1, "open": 2}, channels.centre_room(1))
