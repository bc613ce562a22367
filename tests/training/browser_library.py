"""Standard library items for the browser tests, made through the API by the
instructor from the academy fixture's two training images (idempotent: the
session's server is shared by every test of this folder, so the browser tests
find their own items by the label "browser-set" and assume nothing else)."""

from __future__ import annotations


from tests.db import rows
from tests.training.session import Visitor

ITEMS = {
    "T-SUSPECT": {"title": "Tyres stacked in a container", "hs_code": "4011", "goods_description": "New pneumatic tyres",
                  "packing": "stacked loose", "material_class": "organic", "labels": ["tyres", "rubber", "browser-set"],
                  "notes": "Rings of even density; a dense block among them is worth a second look."},
    "T-CLEAR": {"title": "Porcelain tableware in cartons", "hs_code": "6911", "goods_description": "Porcelain plates",
                "packing": "cartons", "material_class": "inorganic", "labels": ["porcelain", "cartons", "browser-set"],
                "notes": "An even load of cartons."},
}


def _scan_ids(server) -> dict[str, int]:
    return dict(rows(server.instance, "SELECT scan_uid, id FROM scans WHERE scan_uid IN ('T-SUSPECT', 'T-CLEAR')"))


def ensure_library_items(server) -> dict[str, dict]:
    """{scan uid: library item} for the two training images."""
    instructor = Visitor(server, "instructor")
    existing = {item["title"]: item for item in instructor.get("/api/v1/library").json()["items"]}
    out = {}
    for uid, scan_id in _scan_ids(server).items():
        body = ITEMS[uid]
        if body["title"] in existing:
            out[uid] = existing[body["title"]]
            continue
        response = instructor.post("/api/v1/library", {"scan_id": scan_id, **body})
        assert response.status_code == 201, response.text
        out[uid] = response.json()
    assert set(out) == set(ITEMS)
    return out
