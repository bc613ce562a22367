"""Exams end to end over HTTP against the real server: drawing, answering,
grading (region hits and misses), the server's timer, and the refusals."""

from __future__ import annotations

import time

from tests.db import rows
from tests.training.session import Visitor, box_region, is_suspect, move_back


def _answer_all(visitor: Visitor, attempt: dict, suspect_answer, clear_answer) -> None:
    for q in attempt["questions"]:
        decision, regions = suspect_answer if is_suspect(q) else clear_answer
        response = visitor.answer(attempt, q["position"], decision, regions)
        assert response.status_code == 200, response.text


def test_a_right_answer_with_a_region_hit_passes_with_the_top_grade(academy_server):
    cand = Visitor(academy_server, "cand10")
    exam = academy_server.academy.exams["Short exam"]
    attempt = cand.start(exam)
    assert attempt["state"] == "open" and len(attempt["questions"]) == 2
    assert 590 < attempt["remaining_s"] <= 600
    x, y, w, h = academy_server.truth["suspect_box"]
    _answer_all(cand, attempt, ("suspect", [box_region(x + 2, y + 1, w, h)]), ("clear", []))

    done = cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit").json()
    assert done["state"] == "submitted" and done["submitted_by"] == "candidate"
    result = done["result"]
    assert (result["correct"], result["total"], result["score_percent"]) == (2, 2, 100.0)
    assert result["passed"] is True and result["grade"] == "senior"
    cert = result["certificate"]
    assert cert["status"] == "valid" and cert["grade"] == "senior" and cert["scanner_kinds"] == ["fixed"]

    review = cand.get(f"/api/v1/training/attempts/{attempt['id']}/review").json()
    suspect = next(q for q in review["questions"] if q["expected"]["decision"] == "suspect")
    assert suspect["correct"] is True and suspect["region_hit"] is True
    assert suspect["expected"]["regions"] and "dense block" in suspect["explanation"]


def test_a_region_that_misses_and_a_wrong_decision_fail(academy_server):
    cand = Visitor(academy_server, "cand2")
    attempt = cand.start(academy_server.academy.exams["Short exam"])
    x, y, w, h = academy_server.truth["suspect_box"]
    # Right decision, region far from the hidden block: the question is still wrong.
    far = box_region(x + w + 200 if x < 700 else x - w - 200, y, w, h)
    _answer_all(cand, attempt, ("suspect", [far]), ("suspect", [box_region(10, 10, 50, 50)]))
    result = cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit").json()["result"]
    assert (result["correct"], result["passed"], result["grade"], result["certificate"]) == (0, False, None, None)
    review = cand.get(f"/api/v1/training/attempts/{attempt['id']}/review").json()
    suspect = next(q for q in review["questions"] if q["expected"]["decision"] == "suspect")
    assert suspect["answer"]["decision"] == "suspect" and suspect["region_hit"] is False
    assert suspect["correct"] is False
    # No certificate came of it.
    assert cand.get("/api/v1/training/certificates/mine").json()["certificates"] == []


def test_half_right_passes_at_the_lowest_band(academy_server):
    cand = Visitor(academy_server, "cand3")
    attempt = cand.start(academy_server.academy.exams["Short exam"])
    x, y, w, h = academy_server.truth["suspect_box"]
    # A small mark whose centre is inside the block: a hit although IoU < 0.3.
    _answer_all(cand, attempt, ("suspect", [box_region(x + w / 2 - 3, y + h / 2 - 3, 6, 6)]), (None, []))
    result = cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit").json()["result"]
    assert (result["score_percent"], result["passed"], result["grade"]) == (50.0, True, "junior")


def test_the_server_submits_an_abandoned_attempt_at_its_deadline(academy_server):
    cand = Visitor(academy_server, "cand4")
    attempt = cand.start(academy_server.academy.exams["Two-second exam"])
    first = attempt["questions"][0]
    assert cand.answer(attempt, first["position"], "clear", []).status_code == 200
    # The candidate goes away: nobody asks the server anything about this attempt.
    deadline = time.monotonic() + 15
    row = None
    while time.monotonic() < deadline:
        (row,) = rows(academy_server.instance, "SELECT state, submitted_by, score_percent FROM attempts WHERE id = :id",
                      id=attempt["id"])
        if row[0] == "submitted":
            break
        time.sleep(0.2)
    assert row[:2] == ("submitted", "timeout")
    # Graded as it stood: the one answer counted, the other did not.
    assert row[2] == (50.0 if not is_suspect(first) else 0.0)
    late = cand.answer(attempt, attempt["questions"][1]["position"], "clear", [])
    assert late.status_code == 409 and late.json()["error"] == "time_up"
    again = cand.get(f"/api/v1/training/attempts/{attempt['id']}").json()
    assert again["state"] == "submitted" and again["remaining_s"] == 0


def test_a_reload_keeps_the_timer_running(academy_server):
    cand = Visitor(academy_server, "cand5")
    attempt = cand.start(academy_server.academy.exams["Short exam"])
    time.sleep(1.2)
    again = cand.get(f"/api/v1/training/attempts/{attempt['id']}").json()
    assert again["deadline"] == attempt["deadline"]
    assert again["remaining_s"] <= attempt["remaining_s"] - 1
    cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit")


def test_refusals(academy_server):
    cand = Visitor(academy_server, "cand6")
    exam = academy_server.academy.exams["Short exam"]
    attempt = cand.start(exam)
    # A second open attempt at the same exam.
    second = cand.post(f"/api/v1/training/exams/{exam}/attempts")
    assert second.status_code == 409 and second.json()["error"] == "attempt_open"
    assert second.json()["attempt_id"] == attempt["id"]
    # A question not in the attempt.
    missing = cand.answer(attempt, 99, "clear", [])
    assert missing.status_code == 404 and missing.json()["error"] == "not_in_attempt"
    # Bad decision and regions.
    assert cand.answer(attempt, 1, "maybe", []).status_code == 422
    assert cand.answer(attempt, 1, "suspect", [{"no": "target"}]).status_code == 422
    # The ground truth before submitting: through the review, and the instructors' bank.
    early = cand.get(f"/api/v1/training/attempts/{attempt['id']}/review")
    assert early.status_code == 403 and early.json()["error"] == "not_submitted"
    assert cand.get("/api/v1/training/questions").status_code == 403
    body = cand.get(f"/api/v1/training/attempts/{attempt['id']}").text
    assert "expected" not in body and "explanation" not in body and "xywh" not in body
    # Somebody else's attempt.
    other = Visitor(academy_server, "trainee")
    assert other.get(f"/api/v1/training/attempts/{attempt['id']}").status_code == 404
    assert other.answer(attempt, 1, "clear", []).status_code == 404
    # An exam asking for more questions than the bank has.
    instructor = Visitor(academy_server, "instructor")
    too_many = instructor.post("/api/v1/training/exams", {
        "name": "Too big", "question_count": 5, "tags": ["short"], "time_limit_s": 600, "pass_percent": 60,
        "grade_bands": [{"grade": "junior", "min_percent": 60}]})
    assert too_many.status_code == 422 and too_many.json()["error"] == "not_enough_questions"
    assert too_many.json()["available"] == 2
    cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit")
    after = cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit")
    assert after.status_code == 409 and after.json()["error"] == "submitted"


def test_instructors_see_how_questions_perform_and_how_candidates_progress(academy_server):
    cand = Visitor(academy_server, "cand7")
    x, y, w, h = academy_server.truth["suspect_box"]
    wrong, right = ("clear", []), ("suspect", [box_region(x, y, w, h)])
    for suspect_answer, clear_answer in ((wrong, ("suspect", [box_region(1, 1, 9, 9)])), (right, ("clear", []))):
        attempt = cand.start(academy_server.academy.exams["Short exam"])  # fails, then passes
        _answer_all(cand, attempt, suspect_answer, clear_answer)
        cand.post(f"/api/v1/training/attempts/{attempt['id']}/submit")
        move_back(academy_server.instance, attempt["id"], 25)  # the retake waits a day
    instructor = Visitor(academy_server, "instructor")
    questions = instructor.get("/api/v1/training/stats/questions")
    assert questions.status_code == 200, questions.text
    by_decision = {q["decision"]: q for q in questions.json()["questions"] if "short" in q["tags"]}
    assert by_decision["suspect"]["answered"] >= 2 and by_decision["clear"]["answered"] >= 2
    assert 0 <= by_decision["suspect"]["right_percent"] < 100
    candidates = instructor.get("/api/v1/training/stats/candidates")
    assert candidates.status_code == 200, candidates.text
    mine = next(c for c in candidates.json()["candidates"] if c["user"]["username"] == "cand7")
    assert [a["passed"] for a in mine["attempts"]] == [False, True]
    assert [a["score_percent"] for a in mine["attempts"]] == [0.0, 100.0]
    # Each attempt: its number, when, which questions and which were right, what it issued.
    first, second = mine["attempts"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["submitted_at"] < second["started_at"] and first["certificate_code"] is None
    assert [q["correct"] for q in first["questions"]] == [False, False]
    assert [q["correct"] for q in second["questions"]] == [True, True]
    assert sorted(q["question_id"] for q in first["questions"]) == sorted(q["question_id"]
                                                                         for q in second["questions"])
    assert second["certificate_code"]
    assert Visitor(academy_server, "cand7").get("/api/v1/training/stats/questions").status_code == 403
