"""Exams that certify: a retake waits (EXAM_RETAKE_WAIT_HOURS, or the exam's own
figure), draws what the candidate has not seen when the bank allows (else what they
have seen least), and the certificate names the attempt that passed.

Time is moved, never waited for: a submitted attempt's `submitted_at` is set back."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import requests
import sqlalchemy as sa
from pypdf import PdfReader

from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from tests.db import copy_instance
from tests.training.session import Visitor, box_region, is_suspect, move_back


def _answer(visitor: Visitor, server, attempt: dict, *, right: bool) -> dict:
    x, y, w, h = server.truth["suspect_box"]
    for q in attempt["questions"]:
        if is_suspect(q):
            body = ("suspect", [box_region(x, y, w, h)]) if right else ("clear", [])
        else:
            body = ("clear", []) if right else ("suspect", [box_region(1, 1, 9, 9)])
        assert visitor.answer(attempt, q["position"], *body).status_code == 200
    done = visitor.post(f"/api/v1/training/attempts/{attempt['id']}/submit")
    assert done.status_code == 200, done.text
    return done.json()


def test_a_retake_waits_a_day_and_the_certificate_names_the_attempt_that_passed(academy_server):
    cand = Visitor(academy_server, "cand8")
    exam = academy_server.academy.exams["Short exam"]
    first = cand.start(exam)
    assert first["number"] == 1
    failed = _answer(cand, academy_server, first, right=False)
    assert failed["result"]["passed"] is False
    wait_until = datetime.fromisoformat(failed["result"]["retake_at"])
    submitted = datetime.fromisoformat(failed["submitted_at"])
    assert wait_until - submitted == timedelta(hours=24)

    # Straight after the answers were shown: refused, saying from when.
    again = cand.post(f"/api/v1/training/exams/{exam}/attempts")
    assert again.status_code == 409, again.text
    body = again.json()
    assert body["error"] == "retake_too_soon" and body["message"]
    assert datetime.fromisoformat(body["retake_at"]) == wait_until and 0 < body["retry_after"] <= 24 * 3600 + 1
    # In the reader's language.
    chinese = cand.http.post(f"{academy_server.url}/api/v1/training/exams/{exam}/attempts", timeout=30,
                             headers={"X-CSRFToken": cand.csrf, "Accept-Language": "zh-CN"})
    assert chinese.status_code == 409 and "重新参加本考试" in chinese.json()["message"]
    listed = next(e for e in cand.get("/api/v1/training/exams").json()["exams"] if e["id"] == exam)
    assert listed["mine"]["retake_at"] == body["retake_at"] and listed["mine"]["retake_wait_hours"] == 24

    # 23 hours later: still too soon.
    move_back(academy_server.instance, first["id"], 23)
    assert cand.post(f"/api/v1/training/exams/{exam}/attempts").json()["error"] == "retake_too_soon"
    # A day and a bit: the second attempt, which passes.
    move_back(academy_server.instance, first["id"], 2)
    listed = next(e for e in cand.get("/api/v1/training/exams").json()["exams"] if e["id"] == exam)
    assert listed["mine"]["retake_at"] is None
    second = cand.start(exam)
    assert second["number"] == 2
    passed = _answer(cand, academy_server, second, right=True)
    cert = passed["result"]["certificate"]
    assert cert["attempt"]["id"] == second["id"] and cert["attempt"]["number"] == 2

    # The certificate says so everywhere: its JSON, the PDF, the public check.
    mine = cand.get("/api/v1/training/certificates/mine").json()["certificates"]
    assert [c["attempt"]["number"] for c in mine] == [2]
    pdf = cand.get(cert["links"]["pdf"])
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "attempt 2" in text
    public = requests.get(f"{academy_server.url}/api/v1/certificates/verify/{cert['code']}", timeout=10).json()
    assert public["attempt"] == 2
    page = requests.get(cert["links"]["verify"], timeout=10, headers={"Accept-Language": "en"})
    assert "attempt 2" in page.text

    # The instructor sees both attempts with their questions.
    candidates = Visitor(academy_server, "instructor").get("/api/v1/training/stats/candidates").json()
    attempts = next(c for c in candidates["candidates"] if c["user"]["username"] == "cand8")["attempts"]
    assert [(a["number"], a["passed"], a["certificate_code"]) for a in attempts] == [
        (1, False, None), (2, True, cert["code"])]
    assert all(len(a["questions"]) == 2 for a in attempts)


# --- in-process: the draw and the setting ------------------------------------------------

@pytest.fixture(scope="module")
def bank_folder(tmp_path_factory, demo_instance, worker_pool):
    """The academy's two images behind a bank of 7 questions and a 2-question exam."""
    from app import create_app
    from app.models import ExamTemplate, Question
    from tests.training.conftest import BANDS, seed_academy

    academy = seed_academy(copy_instance(demo_instance, tmp_path_factory.mktemp("bank")), worker_pool)
    import os

    os.environ["CIPS_INSTANCE_PATH"] = str(academy.folder)
    try:
        app = create_app({"ASYNC_MODE": "threading"})
        with app.app_context():
            scans = [q.scan for q in db.session.scalars(sa.select(Question).order_by(Question.id))]
            db.session.add_all(Question(scan=scans[i % 2], decision="clear", regions=[], difficulty=2,
                                        tags=["drawn"]) for i in range(7))
            db.session.add(ExamTemplate(name="Draw exam", question_count=2, tags=["drawn"], scanner_kinds=["fixed"],
                                        time_limit_s=600, pass_percent=50.0, grade_bands=BANDS, validity_days=730))
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
    finally:
        del os.environ["CIPS_INSTANCE_PATH"]
    return academy.folder


@pytest.fixture
def bank_app(bank_folder, tmp_path, make_app):
    return make_app(copy_instance(bank_folder, tmp_path))


def _exam_and_user(name: str = "Draw exam", username: str = "cand1"):
    from app.models import ExamTemplate, User

    exam = db.session.scalar(sa.select(ExamTemplate).where(ExamTemplate.name == name))
    return exam, db.session.scalar(sa.select(User).where(User.username == username))


def _sit(exam, user, *, hours_ago: float = 25) -> list[int]:
    """One attempt, submitted `hours_ago`: the question ids it drew."""
    from app.blueprints.training import attempts

    attempt = attempts.start(exam, user)
    drawn = [row.question_id for row in attempt.answers]
    attempts.finish(attempt, "candidate", utcnow() - timedelta(hours=hours_ago))
    return drawn


def test_a_retake_draws_questions_not_seen_then_the_least_seen(bank_app):
    with bank_app.app_context():
        exam, user = _exam_and_user()
        first = _sit(exam, user)
        second = _sit(exam, user)
        third = _sit(exam, user)
        # 7 questions, 2 at a time: three attempts never repeat one.
        assert len(set(first) | set(second) | set(third)) == 6
        # The fourth has one unseen question left, and one seen once.
        seen = set(first) | set(second) | set(third)
        fourth = _sit(exam, user)
        assert len(set(fourth) - seen) == 1 and len(set(fourth) & seen) == 1
        # From then on, each draw takes only questions seen least so far.
        counts: dict[int, int] = {}
        for ids in (first, second, third, fourth):
            for qid in ids:
                counts[qid] = counts.get(qid, 0) + 1
        for _ in range(5):
            before = dict(counts)
            drawn = _sit(exam, user)
            unchosen = [before.get(q, 0) for q in _pool_ids(exam) if q not in drawn]
            assert max(before.get(q, 0) for q in drawn) <= min(unchosen)
            for qid in drawn:
                counts[qid] = counts.get(qid, 0) + 1


def _pool_ids(exam) -> list[int]:
    from app.blueprints.training.bank import matching_questions

    return [q.id for q in matching_questions(exam)]


def test_the_wait_is_a_runtime_setting_and_an_exam_may_set_its_own(bank_app):
    from app import settings
    from app.blueprints.training import attempts
    from app.models import User

    with bank_app.app_context():
        exam, user = _exam_and_user(username="cand2")
        admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
        _sit(exam, user, hours_ago=0)
        with pytest.raises(ApiError) as refused:
            attempts.start(exam, user)
        assert refused.value.status == 409 and refused.value.error == "retake_too_soon"

        settings.change(admin, "EXAM_RETAKE_WAIT_HOURS", 0)
        _sit(exam, user, hours_ago=0)  # no wait at all now

        exam.retake_wait_hours = 72  # this exam's own rule beats the setting
        db.session.commit()
        with pytest.raises(ApiError):
            attempts.start(exam, user)
        assert attempts.retake_wait(exam) == timedelta(hours=72)
        exam.retake_wait_hours = None
        db.session.commit()
        assert attempts.retake_wait(exam) == timedelta(0)


# --- the certificate in Chinese ---------------------------------------------------------

def test_the_certificate_pdf_in_chinese_carries_chinese_glyphs_and_the_check_page_too(academy_server):
    holder = Visitor(academy_server, "cand12")
    cert = _answer(holder, academy_server, holder.start(academy_server.academy.exams["Short exam"]),
                   right=True)["result"]["certificate"]
    pdf = holder.get(cert["links"]["pdf"] + "?lang=zh-CN")
    assert pdf.status_code == 200, pdf.text
    reader = PdfReader(io.BytesIO(pdf.content))
    text = reader.pages[0].extract_text()
    # Real characters, extracted through the embedded font's Unicode map: not boxes, not "?".
    for words in ("资格证书", "图像判读", "等级", "有效期至", "验证码", "高级"):
        assert words in text, (words, text)
    assert cert["code"] in text and "Candidate cand12" in text and "?" not in text.replace(cert["links"]["verify"], "")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = [f.get_object() for f in fonts.values()]
    assert any("NotoSansSC" in str(f["/BaseFont"]) for f in embedded)
    assert all("/DescendantFonts" in f for f in embedded if "NotoSansSC" in str(f["/BaseFont"]))

    # The holder's saved language is the default; ?lang= overrides it; a bad one is a 400.
    assert holder.put("/api/v1/auth/me/language", {"language": "zh-CN"}).status_code == 200
    try:
        assert "资格证书" in PdfReader(io.BytesIO(holder.get(cert["links"]["pdf"]).content)).pages[0].extract_text()
        english = PdfReader(io.BytesIO(holder.get(cert["links"]["pdf"] + "?lang=en").content)).pages[0]
        assert "Certificate of competence" in english.extract_text()
    finally:
        holder.put("/api/v1/auth/me/language", {"language": None})
    bad = holder.get(cert["links"]["pdf"] + "?lang=xx")
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_parameter"

    # The public check, in Chinese by Accept-Language or ?lang=, with a link to English.
    page = requests.get(cert["links"]["verify"], headers={"Accept-Language": "zh-CN,zh;q=0.9"}, timeout=10)
    assert page.status_code == 200 and '<html lang="zh-CN">' in page.text
    assert "有效证书" in page.text and "持证人" in page.text and "?lang=en" in page.text
    assert "Certificate check" in requests.get(cert["links"]["verify"] + "?lang=en", timeout=10).text
    unknown = requests.get(f"{academy_server.url}/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ?lang=zh-CN", timeout=10)
    assert unknown.status_code == 404 and "未知" in unknown.text


def test_without_the_cjk_font_a_chinese_certificate_falls_back_to_english(demo_app, monkeypatch):
    """`make demo` on a machine where the font package is missing: an English PDF, not boxes or a 500."""
    from app.blueprints.training import pdf
    from app.blueprints.training.certificates import grant
    from app.models import User

    with demo_app.test_request_context("/"):
        holder = db.session.scalar(sa.select(User).where(User.username == "analyst"))
        cert = grant(holder, "junior", ["fixed"], 30)
        chinese = PdfReader(io.BytesIO(pdf.render(cert, "http://cips.test/verify/X", "zh-CN"))).pages[0]
        assert "资格证书" in chinese.extract_text()
        monkeypatch.setattr(pdf, "cjk_font_path", lambda: None)
        fallback = PdfReader(io.BytesIO(pdf.render(cert, "http://cips.test/verify/X", "zh-CN"))).pages[0]
        assert "Certificate of competence" in fallback.extract_text() and cert.code in fallback.extract_text()
