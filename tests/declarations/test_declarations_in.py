"""Declarations in from the customs operation system: versions, bulk, validation."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.declarations.conftest import declaration


def test_a_declaration_is_stored_and_a_resend_is_a_new_version(demo_app, cos):
    first = cos.send(declaration())
    assert first.status_code == 201 and first.get_json()["version"] == 1
    second = cos.send(declaration(goods=[{"hs_code": "4011.10", "description": "tyres", "gross_kg": 21000}]))
    assert second.status_code == 200 and second.get_json()["version"] == 2
    assert second.get_json()["goods"][0]["hs_code"] == "401110"
    from app.extensions import db
    from app.models import Declaration

    with demo_app.app_context():
        rows = db.session.execute(sa.select(Declaration.version, Declaration.current)
                                  .where(Declaration.number == "DEC-0001").order_by(Declaration.version)).all()
    assert rows == [(1, False), (2, True)]  # history kept


@pytest.mark.parametrize("change, field", [
    ({"goods": [{"hs_code": "40111", "gross_kg": 1}]}, "goods[0].hs_code"),
    ({"goods": [{"hs_code": "ABCDEF"}]}, "goods[0].hs_code"),
    ({"transport": {"container_ids": ["CSQU3054384"]}}, "transport.container_ids[0]"),
    ({"goods": [{"hs_code": "401110", "gross_kg": -1}]}, "goods[0].gross_kg"),
    ({"goods": [{"hs_code": "401110", "net_kg": -0.5}]}, "goods[0].net_kg"),
    ({"risk": {"level": "extreme"}}, "risk.level"),
    ({"declared_at": "soon"}, "declared_at"),
    ({"number": ""}, "number"),
    ({"transport": {}}, "transport"),
])
def test_bad_declarations_are_422_naming_the_field(cos, change, field):
    response = cos.send(declaration(**change))
    assert response.status_code == 422
    assert response.get_json()["field"] == field


def test_malformed_json_is_422(cos):
    response = cos.send_raw(b'{"number": "X", ', "application/json")
    assert response.status_code == 422 and response.get_json()["error"] == "invalid_json"


def test_an_analyst_may_not_post_declarations(client, auth):
    auth.login("analyst")
    response = client.post("/api/v1/declarations", json=declaration(), headers={"X-CSRFToken": auth.csrf()})
    assert response.status_code == 403


def test_bulk_as_json_array_and_ndjson(cos):
    array = cos.send([declaration("B-1"), declaration("B-2", goods=[{"hs_code": "12"}]), declaration("B-1")])
    assert array.status_code == 200
    assert [(r["number"], r["status"]) for r in array.get_json()["results"]] == [("B-1", 201), ("B-2", 422), ("B-1", 200)]
    lines = "\n".join([json.dumps(declaration("N-1")), "not json", json.dumps(declaration("N-2"))]).encode()
    nd = cos.send_raw(lines, "application/x-ndjson")
    assert [r["status"] for r in nd.get_json()["results"]] == [201, 422, 201]
    # A number that is not text is refused, and not echoed: each result's `number` is text or null.
    odd = cos.send([declaration(number={})]).get_json()["results"]
    assert [(r["number"], r["status"], r["field"]) for r in odd] == [(None, 422, "number")]
