"""The officer's worklist and inspection record over HTTP (in-process app, real database
made by the migrations, real image store)."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from tests.officer.seed import decide, jpeg, site_day

RECORD = {
    "outcome": "seizure",
    "findings": "Cigarettes behind a false wall, rear of the container.",
    "items": [{"category": "cigarettes", "description": "Marlboro cartons", "quantity": 120, "unit": "cartons"},
              {"category": "concealment", "description": "false front wall", "quantity": 1, "unit": "pieces"}],
    "hs_code": "24022000",
    "seals_before": ["CN1234567"],
    "seals_after": ["CIQ-0098812"],
    "officers_present": ["Zhang Min", "Wu Gang"],
}


@pytest.fixture
def suspect(demo_app):
    """One suspect scan at Beilun (officer's site), judged by `analyst`."""
    with demo_app.app_context():
        day = site_day(total=1, suspects=(0,), prefix="INSP")
        return day.suspects[0]


def send(person, scan_id: int, record: dict, photos: list[tuple[bytes, str]] = (), **headers):
    data = {"record": json.dumps(record), "photos": [(io.BytesIO(b), name) for b, name in photos]}
    return person.client.post(f"/api/v1/scans/{scan_id}/inspection", data=data, content_type="multipart/form-data",
                              headers={"X-CSRFToken": person.csrf, **headers})


def _counts(app, scan_id: int) -> dict[str, int]:
    from app.extensions import db
    from app.models import Inspection, InspectionPhoto, OutboxEvent, StoredObject

    with app.app_context():
        count = lambda q: db.session.scalar(sa.select(sa.func.count()).select_from(q))  # noqa: E731
        return {
            "inspections": count(sa.select(Inspection).where(Inspection.scan_id == scan_id).subquery()),
            "photos": count(sa.select(InspectionPhoto).where(InspectionPhoto.scan_id == scan_id).subquery()),
            "objects": count(sa.select(StoredObject).where(StoredObject.scan_id == scan_id,
                                                           StoredObject.kind == "photo").subquery()),
            "results": count(sa.select(OutboxEvent).where(OutboxEvent.scan_id == scan_id,
                                                          OutboxEvent.type == "inspection").subquery()),
        }


def test_the_worklist_puts_suspects_awaiting_inspection_first(demo_app, desk):
    with demo_app.app_context():
        day = site_day(total=100, suspects=(37, 68))
        # A suspect of yesterday still not inspected stays on the list, first (the oldest).
        old = site_day(total=1, suspects=(0,), prefix="OLD",
                       received_at=datetime.now(timezone.utc) - timedelta(days=1, hours=1)).suspects[0]
    body = desk("officer").client.get("/api/v1/site/scans").get_json()
    rows = [s["id"] for s in body["scans"]]
    assert rows[:3] == [old, *day.suspects]
    assert rows[3:3 + len(day.holds)] == day.holds[::-1]  # holds oldest first
    assert rows[3 + len(day.holds):] == day.clear  # then the rest, newest first
    assert body["site"] == {"code": "NB-BEI", "name": body["site"]["name"], "timezone": "Asia/Shanghai"}


def test_an_inspection_with_photos_is_stored_once_however_often_it_is_sent(demo_app, desk, suspect):
    officer = desk("officer")
    record = {**RECORD, "client_key": "tablet-7f3a9c21e4"}
    photos = [(jpeg(seed=1), "front.jpg"), (jpeg(seed=2), "wall.jpg")]
    first = send(officer, suspect, record, photos)
    assert first.status_code == 201, first.get_json()
    again = send(officer, suspect, record, photos)  # the answer was lost: the tablet sends it again
    assert again.status_code == 200 and again.get_json() == first.get_json()
    header_only = send(officer, suspect, RECORD, photos, **{"Idempotency-Key": "tablet-7f3a9c21e4"})
    assert header_only.status_code == 200
    assert _counts(demo_app, suspect) == {"inspections": 1, "photos": 2, "objects": 2, "results": 1}
    body = first.get_json()
    assert [i["category"] for i in body["items"]] == ["cigarettes", "concealment"]
    assert body["items"][0]["quantity"] == 120 and body["items"][0]["unit"] == "cartons"
    assert body["hs_code"] == "24022000" and body["seals_after"] == ["CIQ-0098812"]
    assert len(body["photos"]) == 2
    # Another record (another key) for the same scan is a conflict, not a second inspection.
    other = send(officer, suspect, {**RECORD, "client_key": "tablet-other-0001"})
    assert other.status_code == 409 and other.get_json()["error"] == "conflict"


def test_the_result_reaches_the_cos_outbox_with_the_findings(demo_app, desk, suspect):
    from app.extensions import db
    from app.models import OutboxEvent

    assert send(desk("officer"), suspect, {**RECORD, "client_key": "cos-check-0001"},
                [(jpeg(), "a.jpg")]).status_code == 201
    with demo_app.app_context():
        payload = db.session.scalar(sa.select(OutboxEvent.payload).where(OutboxEvent.scan_id == suspect,
                                                                         OutboxEvent.type == "inspection"))
    assert payload["outcome"] == "seizure"
    assert payload["findings"][0] == {"category": "cigarettes", "description": "Marlboro cartons",
                                      "quantity": 120.0, "unit": "cartons"}
    assert payload["inspection"]["hs_code"] == "24022000" and payload["inspection"]["photos"] == 1


@pytest.mark.parametrize("photo, status, error", [
    ((b"%PDF-1.4 not a photo at all", "scan.pdf"), 415, "invalid_photo"),
    ((b"\xff\xd8\xff\xe0 broken jpeg" + b"\0" * 100, "broken.jpg"), 415, "invalid_photo"),
    ((b"", "empty.jpg"), 422, "invalid_photo"),
])
def test_what_is_not_a_photo_is_refused_and_nothing_is_kept(demo_app, desk, suspect, photo, status, error):
    response = send(desk("officer"), suspect, {**RECORD, "client_key": "bad-photo-001"}, [(jpeg(), "ok.jpg"), photo])
    assert response.status_code == status
    body = response.get_json()
    assert body["error"] == error and body["field"] == "photos" and body["message"]
    assert _counts(demo_app, suspect) == {"inspections": 0, "photos": 0, "objects": 0, "results": 0}


def test_a_photo_too_large_or_too_many_photos_are_refused(demo_app, desk, suspect):
    officer = desk("officer")
    demo_app.config["INSPECTION_PHOTO_MAX_BYTES"] = 20_000
    big = send(officer, suspect, RECORD, [(jpeg(640, 480, quality=95), "big.jpg")])
    assert big.status_code == 413 and big.get_json()["error"] == "too_large"
    demo_app.config["INSPECTION_PHOTO_MAX_BYTES"] = 8 * 1024**2
    demo_app.config["INSPECTION_MAX_PHOTOS"] = 2
    many = send(officer, suspect, RECORD, [(jpeg(seed=i), f"{i}.jpg") for i in range(3)])
    assert many.status_code == 422 and many.get_json()["field"] == "photos"
    assert _counts(demo_app, suspect)["inspections"] == 0


@pytest.mark.parametrize("change, field", [
    ({"outcome": "maybe"}, "outcome"),
    ({"items": [{"category": "sandwiches"}]}, "items.0.category"),
    ({"items": [{"category": "narcotics", "quantity": -1}]}, "items.0.quantity"),
    ({"hs_code": "24A"}, "hs_code"),
    ({"client_key": "short"}, "client_key"),
    ({"outcome": "no_finding"}, "items"),
])
def test_a_record_that_does_not_add_up_names_its_field(desk, suspect, change, field):
    response = send(desk("officer"), suspect, {**RECORD, **change})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["field"] == field


def test_an_officer_of_another_site_is_refused(demo_app, desk, suspect):
    elsewhere = desk("officer2")
    refused = send(elsewhere, suspect, {**RECORD, "client_key": "elsewhere-0001"}, [(jpeg(), "a.jpg")])
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    assert send(desk("officer"), suspect, RECORD, [(jpeg(), "a.jpg")]).status_code == 201
    # ...nor may they see it, or its photos.
    assert elsewhere.client.get(f"/api/v1/scans/{suspect}/inspection").status_code == 404
    assert _counts(demo_app, suspect)["inspections"] == 1


def test_the_analyst_who_judged_and_the_supervisor_see_the_photos_others_do_not(demo_app, desk, suspect):
    photos = [(jpeg(seed=5), "a.jpg"), (jpeg(seed=6), "b.jpg")]
    created = send(desk("officer"), suspect, {**RECORD, "client_key": "seen-by-0001"}, photos).get_json()
    for who in ("analyst", "supervisor", "hqsupervisor", "officer"):
        person = desk(who)
        inspection = person.client.get(f"/api/v1/scans/{suspect}/inspection")
        assert inspection.status_code == 200, who
        for photo, (data, _name) in zip(inspection.get_json()["photos"], photos):
            got = person.client.get(photo["url"])
            assert got.status_code == 200 and got.data == data and got.mimetype == "image/jpeg", who
    # The analyst judges the image, not the people: no names.
    analyst_view = desk("analyst").client.get(f"/api/v1/scans/{suspect}/inspection").get_json()
    assert analyst_view["officer"] is None and analyst_view["officers_present"] == []
    url = created["photos"][0]["url"]
    for who in ("analyst2", "expert2", "officer2", "trainee"):
        assert desk(who).client.get(url).status_code in (403, 404), who


def test_an_analyst_who_did_not_judge_it_does_not_see_it(demo_app, desk):
    with demo_app.app_context():
        scan_id = site_day(total=2, suspects=(), prefix="CLR").holds[0]
        decide(scan_id, "suspect", analyst="expert2")
    assert send(desk("officer"), scan_id, RECORD).status_code == 201
    assert desk("analyst").client.get(f"/api/v1/scans/{scan_id}/inspection").status_code == 404
    assert desk("expert2").client.get(f"/api/v1/scans/{scan_id}/inspection").status_code == 200


def test_refusals_are_in_the_officers_language(desk, suspect):
    elsewhere = desk("officer2")
    response = elsewhere.client.post(f"/api/v1/scans/{suspect}/inspection", json=RECORD,
                                     headers={"X-CSRFToken": elsewhere.csrf, "Accept-Language": "zh-CN"})
    assert response.status_code == 403
    assert response.get_json()["message"] == "只有该机检所属现场的关员才能记录查验结果。"
    here = desk("officer")
    bad = here.client.post(f"/api/v1/scans/{suspect}/inspection", headers={"X-CSRFToken": here.csrf,
                                                                          "Accept-Language": "zh-CN"},
                           data={"record": json.dumps(RECORD), "photos": [(io.BytesIO(b"nope"), "x.jpg")]},
                           content_type="multipart/form-data")
    assert bad.status_code == 415 and "不是 JPEG" in bad.get_json()["message"]
