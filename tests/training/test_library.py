"""The standard and typical-case libraries over HTTP: academy images kept out of
live work, search, scoped image access, and promotion with names stripped."""

from __future__ import annotations

import io
import json

import requests
from PIL import Image

from app.synthetic import generate_scan
from tests.declarations.conftest import declaration
from tests.db import rows
from tests.helpers import until
from tests.training.session import Visitor, box_region
from tests.workflow.conftest import REGION, Person, assignment_for, send_scan


def _scanner_id(server, name: str) -> int:
    ((found,),) = rows(server.instance, "SELECT id FROM scanners WHERE name = :name", name=name)
    return found


def _png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(generate_scan(seed, 600, 150).high).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(instructor: Visitor, server, seed: int) -> int:
    response = instructor.http.post(
        f"{server.url}/api/v1/training/images", headers={"X-CSRFToken": instructor.csrf}, timeout=60,
        data={"metadata": json.dumps({"scanner_id": _scanner_id(server, "Daxie Mobile")})},
        files={"single": ("tyres.png", _png(seed))})
    assert response.status_code == 201, response.text
    scan_id = response.json()["scan_id"]
    until(lambda: instructor.get(f"/api/v1/training/images/{scan_id}").json()["status"] == "ready", 30)
    return scan_id


def test_a_reference_image_goes_into_the_library_and_never_into_live_work(academy_server):
    instructor = Visitor(academy_server, "instructor")
    scan_id = _upload(instructor, academy_server, seed=71)
    item = instructor.post("/api/v1/library", {
        "scan_id": scan_id, "title": "Radial car tyres, stacked", "hs_code": "4011.10",
        "goods_description": "New pneumatic tyres", "packing": "loose, stacked", "material_class": "organic",
        "labels": ["tyres", "rubber", "Tyres"], "notes": "Rings of even density."})
    assert item.status_code == 201, item.text
    item = item.json()
    assert item["hs_code"] == "401110" and item["hs_chapter"] == "40" and item["labels"] == ["tyres", "rubber"]
    assert item["scanner_kind"] == "mobile" and "scan_id" not in item

    analyst = Visitor(academy_server, "analyst")
    def found(query: str) -> list[int]:
        response = analyst.get(f"/api/v1/library?{query}")
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]
    assert item["id"] in found("hs=40") and item["id"] in found("hs=4011") and item["id"] not in found("hs=85")
    assert item["id"] in found("label=TYRES") and item["id"] in found("q=radial+tyres")
    assert item["id"] not in found("q=cigarettes") and item["id"] not in found("kind=typical")
    assert item["id"] in found("scanner_kind=mobile") and item["id"] not in found("scanner_kind=rail")
    assert analyst.get("/api/v1/library?hs=tyres").status_code == 400

    # The image through the library's door, for a trainee too; the scan itself stays hidden.
    trainee = Visitor(academy_server, "trainee")
    # Tile links are signed for the person they were handed to: the instructor's are not the trainee's.
    assert trainee.get(item["image"]["links"]["dzi"]).status_code == 401
    seen = trainee.get(f"/api/v1/library/{item['id']}").json()
    dzi = trainee.get(seen["image"]["links"]["dzi"])
    assert dzi.status_code == 200 and "<Image" in dzi.text
    tile = trainee.get(seen["image"]["links"]["dzi"].replace("scan.dzi", "scan_files/0/0_0.jpeg"))
    assert tile.status_code == 200 and tile.headers["Content-Type"] == "image/jpeg"
    assert trainee.get(item["image"]["links"]["histogram"]).json()["channel"] == "high"
    assert trainee.get(f"/api/v1/scans/{scan_id}").status_code == 403
    assert analyst.get(f"/api/v1/scans/{scan_id}").status_code == 404
    waiting = [w["scan"]["id"] for w in Visitor(academy_server, "supervisor").get("/api/v1/queue").json()["waiting"]]
    assert scan_id not in waiting
    assert requests.get(f"{academy_server.url}{item['image']['links']['dzi']}", timeout=10).status_code == 401

    # A question from the library item: suspect needs its ground truth.
    no_truth = instructor.post("/api/v1/training/questions", {"library_item_id": item["id"], "decision": "suspect"})
    assert no_truth.status_code == 422
    question = instructor.post("/api/v1/training/questions", {
        "library_item_id": item["id"], "decision": "suspect", "regions": [box_region(10, 10, 50, 20)],
        "difficulty": 4, "tags": ["tyres", "concealment in tyres"], "explanation": "Something inside a tyre."})
    assert question.status_code == 201, question.text
    assert question.json()["scanner_kind"] == "mobile" and question.json()["image"]["width"] == 600


def test_library_refusals(academy_server):
    instructor = Visitor(academy_server, "instructor")
    models = instructor.get("/api/v1/training/scanners").json()["scanners"]
    mobile = next(m for m in models if m["name"] == "Daxie Mobile")
    assert (mobile["kind"], mobile["format"], mobile["dual_energy"]) == ("mobile", "png", True)
    assert Visitor(academy_server, "trainee").get("/api/v1/training/scanners").status_code == 403
    assert instructor.post("/api/v1/library", {"scan_id": 999999, "title": "x"}).status_code == 404
    scan_id = _upload(instructor, academy_server, seed=72)
    bad_hs = instructor.post("/api/v1/library", {"scan_id": scan_id, "title": "x", "hs_code": "tyres"})
    assert bad_hs.status_code == 422 and bad_hs.json()["field"] == "hs_code"
    assert instructor.post("/api/v1/library", {"scan_id": scan_id, "title": ""}).status_code == 422
    assert instructor.post("/api/v1/library", {"scan_id": scan_id, "title": "x",
                                               "material_class": "plasma"}).status_code == 422
    assert Visitor(academy_server, "trainee").post("/api/v1/library", {"scan_id": scan_id, "title": "x"}).status_code \
        == 403
    no_files = instructor.http.post(f"{academy_server.url}/api/v1/training/images", timeout=30,
                                    headers={"X-CSRFToken": instructor.csrf}, data={"metadata": "{\"scanner_id\": 1}"})
    assert no_files.status_code == 422
    no_scanner = instructor.http.post(f"{academy_server.url}/api/v1/training/images", timeout=30,
                                      headers={"X-CSRFToken": instructor.csrf}, data={"metadata": "{}"},
                                      files={"single": ("a.png", _png(1))})
    assert no_scanner.status_code == 422 and no_scanner.json()["field"] == "scanner_id"
    garbage = instructor.http.post(
        f"{academy_server.url}/api/v1/training/images", timeout=30, headers={"X-CSRFToken": instructor.csrf},
        data={"metadata": json.dumps({"scanner_id": _scanner_id(academy_server, "Daxie Mobile")})},
        files={"single": ("a.png", b"not an image")})
    assert garbage.status_code in (415, 422)


def test_a_closed_case_is_promoted_with_names_and_numbers_stripped(academy_server):
    tokens = json.loads((academy_server.instance / "demo_tokens.json").read_text())
    sent = requests.post(f"{academy_server.url}/api/v1/declarations", timeout=10,
                         headers={"Authorization": f"Bearer {tokens['integration:cos']}"},
                         json=declaration("DEC-TYP-1", transport={"container_ids": ["CSQU3054383"], "plate": None}))
    assert sent.status_code in (200, 201), sent.text
    analyst = Person(academy_server, "analyst").connect()
    try:
        analyst.ready()
        scan_id = send_scan(academy_server, "Beilun Gate 1", "TYP-1", seed=9,
                            conveyance={"kind": "container", "container_ids": ["CSQU3054383"]})
        supervisor = Visitor(academy_server, "supervisor")
        open_case = supervisor.post("/api/v1/library/typical", {"scan_id": scan_id, "title": "x"})
        assert open_case.status_code == 409 and open_case.json()["error"] == "case_open"

        job = assignment_for(analyst, scan_id)
        region = REGION | {"body": [{"type": "TextualBody", "purpose": "tagging", "value": "cigarettes, Euro Wheels"}]}
        assert analyst.post(f"/api/v1/assignments/{job['assignment_id']}/verdict",
                            {"decision": "suspect", "regions": [region], "note": "Li Wei says: dense"}).status_code == 201
    finally:
        analyst.close()
    experts = [Visitor(academy_server, name) for name in ("expert", "expert2")]
    review, expert = next((r, e) for e in experts for r in e.get("/api/v1/reviews").json()["reviews"]
                          if r["scan"]["id"] == scan_id)
    assert expert.post(f"/api/v1/reviews/{review['review_id']}/blind", {"decision": "suspect"}).status_code == 200
    assert expert.post(f"/api/v1/reviews/{review['review_id']}", {"agree": True, "decision": "suspect",
                                                                  "regions": [region], "note": ""}).status_code == 200
    officer = Visitor(academy_server, "officer")
    findings = ("200 cartons of cigarettes behind the tyres. Consignee Euro Wheels GmbH informed; container "
                "CSQU3054383 sealed by Zhang Min; declaration DEC-TYP-1 amended.")
    assert officer.post(f"/api/v1/scans/{scan_id}/inspection",
                        {"outcome": "seizure", "findings": findings}).status_code == 201

    supervisor = Visitor(academy_server, "supervisor")
    cases = supervisor.get("/api/v1/library/cases").json()["cases"]
    assert any(c["scan_id"] == scan_id and c["outcome"] == "seizure" and c["promoted_item_id"] is None for c in cases)
    promoted = supervisor.post("/api/v1/library/typical", {
        "scan_id": scan_id, "title": "Cigarettes behind tyres (Far East Tyres Co)", "labels": ["cigarettes", "tyres"],
        "notes": "Shipper Harbour Brokers Ltd used before."})
    assert promoted.status_code == 201, promoted.text
    item = promoted.json()
    text = json.dumps(item)
    for secret in ("Euro Wheels", "Far East Tyres", "Harbour Brokers", "CSQU3054383", "DEC-TYP-1", "TYP-1",
                   "Zhang Min", "Li Wei"):
        assert secret.lower() not in text.lower(), secret
    assert item["kind"] == "typical" and item["hs_code"] == "401110"
    assert item["case"]["decision"] == "suspect" and item["case"]["outcome"] == "seizure"
    assert "200 cartons of cigarettes behind the tyres" in item["case"]["findings"]
    assert item["case"]["regions"][0]["target"] == region["target"]
    assert item["title"] == "Cigarettes behind tyres ([removed])"
    again = supervisor.post("/api/v1/library/typical", {"scan_id": scan_id, "title": "again"})
    assert again.status_code == 409 and again.json()["error"] == "already_promoted"
    # Trainees find it among typical cases, and see its image.
    trainee = Visitor(academy_server, "trainee")
    typical = trainee.get("/api/v1/library?kind=typical&label=cigarettes").json()["items"]
    assert [i["id"] for i in typical] == [item["id"]]
    assert trainee.get(typical[0]["image"]["links"]["dzi"]).status_code == 200
