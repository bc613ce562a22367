"""The academy's pages in Chinese with the i18n library strict (a missing zh-CN message
is a console error, not English standing in): a trainee whose exam ran out is told in
Chinese when a retake becomes possible and offered no "Start again"; an instructor
walks every academy tab, the library and the candidates' attempts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def chinese(browser, academy_server):
    """A page signed in later, strict about messages, collecting i18n errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    context.add_init_script("localStorage.setItem('cips.i18n.strict', '1')")
    page = context.new_page()
    page.missing = []
    page.on("console", lambda msg: "i18n: missing" in msg.text and page.missing.append(msg.text))
    yield page
    context.close()


def _speak_chinese(page: Page, on: bool = True) -> None:
    """Save the person's language, as the header's switch does, and reload in it."""
    status = page.evaluate(
        """async (lang) => {
            const csrf = (await (await fetch('/api/v1/auth/csrf')).json()).csrf_token;
            const r = await fetch('/api/v1/auth/me/language', {method: 'PUT', credentials: 'same-origin',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf}, body: JSON.stringify({language: lang})});
            return r.status; }""", "zh-CN" if on else None)
    assert status == 200
    if on:
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_a_trainee_is_told_in_chinese_when_the_exam_may_be_retaken(chinese, academy_server):
    page = chinese
    exam = academy_server.academy.exams["Two-second exam"]
    sign_in(page, "cand9")
    page.goto("/trainee")
    _speak_chinese(page)
    try:
        expect(page.get_by_role("heading", level=1)).to_have_text("培训")
        page.get_by_role("button", name="开始 Two-second exam").click()
        page.get_by_role("alertdialog").get_by_role("button", name="开始考试").click()
        expect(page).to_have_url(re.compile(r"/trainee/attempts/\d+/review"), timeout=20000)
        expect(page.get_by_test_id("result-outcome")).to_have_text("未通过")
        expect(page.get_by_test_id("result-retake")).to_contain_text("后再次参加本考试")

        page.goto("/trainee")
        row = page.get_by_test_id(f"exam-{exam}")
        expect(row.get_by_test_id("retake-at")).to_contain_text("可于")
        expect(row.get_by_role("button")).to_have_count(0)  # neither "再次参加" nor "开始"
        expect(page.get_by_test_id("attempt-history")).to_contain_text("第 1 次")
        assert page.missing == []
    finally:
        _speak_chinese(page, on=False)


ACADEMY_TABS = {"questions": "题库", "exams": "考试", "stats": "统计", "library": "图像库", "cases": "已结案案例",
                "certificates": "即将到期的证书"}


def test_an_instructor_walks_the_academy_in_chinese(chinese, academy_server):
    page = chinese
    sign_in(page, "instructor")
    page.goto("/academy/questions")
    _speak_chinese(page)
    try:
        for tab, heading in ACADEMY_TABS.items():
            page.goto(f"/academy/{tab}")
            expect(page.get_by_role("heading", level=2).first).to_have_text(heading)
            expect(page.get_by_role("navigation", name="培训中心")).to_be_visible()
        # Candidates' attempts, each with its questions.
        page.goto("/academy/stats")
        expect(page.get_by_test_id("candidate-stats")).to_contain_text("考生")
        page.goto("/academy/exams")
        expect(page.get_by_test_id("academy-exams")).to_contain_text("重考间隔")
        page.goto("/library")
        expect(page.get_by_role("heading", level=1)).to_have_text("图像库")
        assert page.missing == []
    finally:
        _speak_chinese(page, on=False)
