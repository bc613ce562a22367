"""The academy's request bodies are read through their pydantic models
(app/blueprints/training/schemas.py): each mistake is a 422 naming the field in the
academy's own sentence, never a 500; a PATCH changes only what it sends."""

from __future__ import annotations

import pytest

from tests.training.session import Visitor

BANDS = [{"grade": "junior", "min_percent": 60}]
EXAM = {"name": "Body checks", "question_count": 1, "time_limit_s": 60, "pass_percent": 60, "grade_bands": BANDS}


@pytest.mark.parametrize(("path", "body", "field", "words"), [
    ("/api/v1/training/exams", {**EXAM, "name": "   "}, "name", "is required"),
    ("/api/v1/training/exams", {**EXAM, "question_count": True}, "question_count", "whole number from 1 to 200"),
    ("/api/v1/training/exams", {**EXAM, "difficulty": {"min": 4, "max": 2}}, "difficulty", "min must not exceed"),
    ("/api/v1/training/exams", {**EXAM, "grade_bands": [{"grade": "guru", "min_percent": 60}]},
     "grade_bands[0].grade", "must be one of"),
    ("/api/v1/training/exams", {**EXAM, "grade_bands": []}, "grade_bands", "at least one band"),
    ("/api/v1/training/exams", {**EXAM, "scanner_kinds": ["hovercraft"]}, "scanner_kinds", "must be one of"),
    ("/api/v1/training/exams", {**EXAM, "grade_bands": [{"grade": "junior", "min_percent": 50}]},
     "grade_bands", "pass mark"),
    ("/api/v1/training/exams", {**EXAM, "colour": "red"}, "colour", "unknown field"),
    ("/api/v1/training/questions", {"scan_id": "7", "decision": "clear"}, "scan_id", "must be a scan id"),
    ("/api/v1/training/questions", {"scan_id": 1, "decision": "maybe"}, "decision", "must be clear or suspect"),
    ("/api/v1/library", {"scan_id": 1, "title": "x", "hs_code": "40a1"}, "hs_code", "2 to 10 digits"),
    ("/api/v1/library", {"scan_id": 1, "title": "x", "labels": ["ok", 3]}, "labels", "1 to 60 characters"),
    ("/api/v1/library/typical", {"scan_id": 1, "title": "x" * 201}, "title", "longer than 200"),
])
def test_a_bad_field_is_a_422_naming_it(academy_server, path, body, field, words):
    answer = Visitor(academy_server, "instructor").post(path, body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field and words in answer.json()["message"], answer.json()


def test_a_patch_changes_only_what_it_sends_and_refuses_a_null_name(academy_server):
    instructor = Visitor(academy_server, "instructor")
    exam_id = academy_server.academy.exams["Short exam"]
    before = next(e for e in instructor.get("/api/v1/training/exams").json()["exams"] if e["id"] == exam_id)
    changed = instructor.patch(f"/api/v1/training/exams/{exam_id}", {"description": "  new words  "})
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert after["description"] == "new words"
    assert {k: v for k, v in after.items() if k != "description"} == {
        k: v for k, v in before.items() if k != "description"}
    refused = instructor.patch(f"/api/v1/training/exams/{exam_id}", {"name": None})
    assert refused.status_code == 422 and refused.json()["field"] == "name"
    not_json = instructor.patch(f"/api/v1/training/exams/{exam_id}", ["name"])
    assert not_json.status_code == 400


def test_the_exam_list_states_each_reader_s_part(academy_server):
    staff = Visitor(academy_server, "instructor").get("/api/v1/training/exams").json()["exams"][0]
    assert isinstance(staff["available_questions"], int) and staff["mine"] is None
    mine = Visitor(academy_server, "cand12").get("/api/v1/training/exams").json()["exams"][0]
    assert mine["available_questions"] is None and mine["mine"]["attempts"] >= 0


@pytest.mark.parametrize(("path", "parameter"), [
    ("/api/v1/library?hs=tyres", "hs"),
    ("/api/v1/library?kind=secret", "kind"),
    ("/api/v1/training/questions?difficulty=9", "difficulty"),
    ("/api/v1/training/certificates?expiring_within=soon", "expiring_within"),
])
def test_a_bad_query_parameter_is_a_400_naming_it(academy_server, path, parameter):
    answer = Visitor(academy_server, "instructor").get(path)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid_parameter" and answer.json()["parameter"] == parameter
