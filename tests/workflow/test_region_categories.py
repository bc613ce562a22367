"""Threat categories and goods-line links on regions: validated, kept in the verdict, sent
to the customs operation system."""

from __future__ import annotations

import copy
from pathlib import Path

import sqlalchemy as sa

from app import threats
from tests.declarations.conftest import cos, declaration  # noqa: F401 (the fixture)
from tests.helpers import send_png, until
from tests.workflow.conftest import REGION

ROOT = Path(__file__).resolve().parents[2]


def region(category: str | None = "narcotics", label: str | None = None, goods_line=None) -> dict:
    r = copy.deepcopy(REGION)
    r["body"] = []
    if label is not None:
        r["body"].append({"type": "TextualBody", "purpose": "tagging", "value": label})
    if category is not None:
        r["body"].append({"type": "TextualBody", "purpose": "classifying", "value": category})
    if goods_line is not None:
        r["body"].append({"type": "TextualBody", "purpose": "linking", "value": f"goods line {goods_line}",
                          "goods_line": goods_line})
    return r


def _assignment(desk, gate1, small_scan, tmp_path, uid):
    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    scan_id = send_png(gate1, tmp_path, small_scan, uid, scanned_at="2026-11-27T09:00:00Z")
    held = until(analyst.assignments)[0]
    assert held["scan_id"] == scan_id
    return analyst, f"/api/v1/assignments/{held['assignment_id']}/verdict", scan_id


def test_a_category_and_the_contradicted_goods_line_reach_the_cos(demo_app, desk, cos, gate1, small_scan, tmp_path):
    from app.extensions import db
    from app.models import OutboxEvent

    goods = declaration()["goods"] + [{"hs_code": "950300", "description": "Toys", "quantity": 10, "unit": "pcs",
                                        "gross_kg": 100, "net_kg": 90}]
    assert cos.send(declaration("CAT-D", goods=goods)).status_code == 201
    analyst, url, scan_id = _assignment(desk, gate1, small_scan, tmp_path, "CAT-S")
    for bad, words in ((region("drugs"), "threat category"), (region(goods_line=3), "lines 1 to 2"),
                       (region(goods_line=True), "integer"), (region(category=None), "category"),
                       (region(goods_line="2"), "integer")):
        response = analyst.post(url, {"decision": "suspect", "regions": [bad]})
        assert response.status_code == 422 and words in response.get_json()["message"], bad
    ok = analyst.post(url, {"decision": "suspect", "regions": [region(goods_line=2), region("weapons", "rifle")]})
    assert ok.status_code == 201, ok.get_json()
    assert [b["purpose"] for b in ok.get_json()["regions"][0]["body"]] == ["classifying", "linking"]
    with demo_app.app_context():
        payload = db.session.scalar(sa.select(OutboxEvent.payload).where(OutboxEvent.scan_id == scan_id,
                                                                         OutboxEvent.type == "verdict"))
    assert payload["findings"] == [
        {"region": 1, "category": "narcotics", "label": None,
         "goods_line": {"line": 2, "hs_code": "950300", "description": "Toys"}},
        {"region": 2, "category": "weapons", "label": "rifle", "goods_line": None},
    ]


def test_without_a_declaration_no_region_may_link_a_goods_line(desk, gate1, small_scan, tmp_path):
    analyst, url, _ = _assignment(desk, gate1, small_scan, tmp_path, "NODEC-S")
    response = analyst.post(url, {"decision": "suspect", "regions": [region(goods_line=1)]})
    assert response.status_code == 422 and "no declaration" in response.get_json()["message"]
    assert analyst.post(url, {"decision": "suspect", "regions": [REGION]}).status_code == 201  # a label alone still does


def test_the_browsers_list_of_categories_is_generated_and_current():
    assert (ROOT / threats.GENERATED_PATH).read_text() == threats.typescript()
