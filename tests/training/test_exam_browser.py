"""A trainee takes the short exam in Chromium, end to end: start it, answer both
questions in the real viewer (C for the clear one; S and a rectangle drawn with
the viewer's own tool over the hidden goods for the suspect one), reload midway
(the server's clock and the saved answers come back), submit, read the results
and open the certificate's public verification page."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, academy_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    yield context.new_page()
    context.close()


def _wait_for(page: Page, condition, timeout: float = 20) -> None:
    # Playwright delivers events only while it runs: wait through it, not time.sleep.
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def _attempt(page: Page, attempt_id: int) -> dict:
    return page.evaluate(
        "async (id) => (await fetch(`/api/v1/training/attempts/${id}`, {credentials: 'same-origin'})).json()",
        attempt_id)


def _image_shown(page: Page, width: int) -> None:
    """Wait until the viewer on screen shows an image `width` pixels wide, settled."""
    _wait_for(page, lambda: page.evaluate(
        "(w) => { const v = window.cipsViewer; const item = v && v.osd.world.getItemAt(0);"
        " return !!item && item.source.dimensions.x === w"
        " && Math.abs(v.osd.viewport.getZoom(true) - v.osd.viewport.getZoom(false)) < 1e-6; }", width))


def _screen(page: Page, x: float, y: float) -> tuple[float, float]:
    """Image pixels to page coordinates through the viewer's test hook."""
    return tuple(page.evaluate(
        "([x, y]) => { const v = window.cipsViewer.osd; const item = v.world.getItemAt(0);"
        " const p = v.viewport.viewportToWindowCoordinates(item.imageToViewportCoordinates(x, y, true));"
        " return [p.x - window.scrollX, p.y - window.scrollY]; }", [x, y]))


def _draw_rectangle(page: Page, box: list[int]) -> None:
    x, y, w, h = box
    page.keyboard.press("b")
    expect(page.get_by_role("button", name="Rectangle region")).to_have_attribute("aria-pressed", "true")
    # The drawing code arrives on demand: its layer is there before a drag draws.
    expect(page.locator("[data-testid=scan-viewer] .a9s-annotationlayer").first).to_be_attached(timeout=20000)
    (x0, y0), (x1, y1) = _screen(page, x, y), _screen(page, x + w, y + h)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()


def test_a_trainee_takes_the_short_exam_and_gets_a_certificate(page, academy_server):
    widths = academy_server.widths
    box = academy_server.truth["suspect_box"]

    sign_in(page, "trainee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    page.get_by_role("button", name="Start Short exam").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("The clock starts now")
    dialog.get_by_role("button", name="Start the exam").click()
    expect(page).to_have_url(re.compile(r"/trainee/attempts/\d+"))
    attempt_id = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Short exam")
    expect(page.get_by_test_id("question-position")).to_have_text("Question 1 of 2")
    expect(page.get_by_test_id("exam-timer")).to_contain_text(re.compile(r"(10:00|9:\d\d)"))

    questions = sorted(_attempt(page, attempt_id)["questions"], key=lambda q: q["position"])
    kinds = ["suspect" if q["image"]["width"] == widths["suspect"] else "clear" for q in questions]
    assert sorted(kinds) == ["clear", "suspect"]

    status = page.get_by_test_id("save-status")
    for number, kind in enumerate(kinds, start=1):
        expect(page.get_by_test_id("question-position")).to_have_text(f"Question {number} of 2")
        _image_shown(page, widths[kind])
        if kind == "clear":
            page.keyboard.press("c")  # the page's key: the pseudo-colour tool keeps its button
            expect(page.get_by_role("button", name="Clear", exact=True)).to_have_attribute("aria-pressed", "true")
            expect(status).to_have_attribute("data-state", "saved")
            expect(page.get_by_role("button", name="Pseudo-colour")).to_have_attribute("aria-pressed", "false")
        else:
            page.keyboard.press("s")
            expect(page.get_by_role("button", name="Suspect", exact=True)).to_have_attribute("aria-pressed", "true")
            expect(status).to_have_attribute("data-state", "incomplete")  # no region yet: not sent
            _draw_rectangle(page, box)
            expect(page.get_by_test_id("region-list").locator("li")).to_have_count(1)
            expect(status).to_have_attribute("data-state", "saved", timeout=10000)
            drawn = page.evaluate("() => window.cipsViewer.regions().length")
            assert drawn == 1

        if number == 1:
            # A reload keeps the question, the saved answer and the server's clock.
            page.wait_for_timeout(1500)
            page.reload()
            expect(page.get_by_test_id("question-position")).to_have_text("Question 1 of 2")
            _image_shown(page, widths[kind])
            expect(status).to_have_attribute("data-state", "saved")
            expect(page.get_by_role("button", name=kind.capitalize(), exact=True)).to_have_attribute("aria-pressed", "true")
            left = int(page.get_by_test_id("exam-timer").get_attribute("data-seconds"))
            server_left = _attempt(page, attempt_id)["remaining_s"]
            assert 0 < left < 600 and abs(left - server_left) <= 2
            page.get_by_role("button", name="Next →").click()

    saved = _attempt(page, attempt_id)
    assert all(q["answer"] and q["answer"]["decision"] for q in saved["questions"])

    page.get_by_role("button", name="Submit exam").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm.get_by_test_id("unanswered-count")).to_have_text("All 2 questions are answered.")
    confirm.get_by_role("button", name="Submit now").click()

    expect(page).to_have_url(re.compile(rf"/trainee/attempts/{attempt_id}/review"))
    expect(page.get_by_test_id("result-score")).to_have_text("100%")
    expect(page.get_by_test_id("result-outcome")).to_have_text("Passed")
    expect(page.get_by_test_id("result-grade")).to_have_text("Senior")
    panel = page.get_by_test_id("review-panel")
    expect(panel).to_contain_text("Right")
    # The suspect question shows the ground truth drawn over the image and the region hit.
    suspect_number = kinds.index("suspect") + 1
    page.get_by_role("button", name=f"Question {suspect_number}, right").click()
    expect(panel).to_contain_text("your region hit the ground truth")
    expect(panel).to_contain_text("A dense block hides inside the cartons.")
    expect(page.get_by_test_id("marked-regions")).to_contain_text("concealed goods")
    expect(page.locator(".marked-overlay")).to_have_attribute("data-count", "1")

    # No "Start again" now that the answers were shown: the page says when a retake becomes possible.
    expect(page.get_by_test_id("result-retake")).to_contain_text("You may take this exam again from")
    verify = page.get_by_test_id("result-certificate").get_by_role("link", name="Verification page")
    href = verify.get_attribute("href")
    assert href and "/verify/" in href
    page.goto(href)
    expect(page.get_by_role("status")).to_have_text("Valid certificate")


    page.goto("/trainee")
    expect(page.get_by_test_id("certificate-table")).to_contain_text("Short exam")
    expect(page.get_by_test_id("certificate-table")).to_contain_text("attempt 1")
    expect(page.get_by_test_id("attempt-history")).to_contain_text("Passed")
    row = page.get_by_test_id(f"exam-{academy_server.academy.exams['Short exam']}")
    expect(row.get_by_test_id("retake-at")).to_contain_text("Next attempt from")
    expect(row.get_by_role("button")).to_have_count(0)


def test_when_the_time_is_up_the_trainee_is_taken_to_the_results(page, academy_server):
    sign_in(page, "trainee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    page.get_by_role("button", name="Start Two-second exam").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Start the exam").click()
    # The server's two seconds run out: the page says so and opens the results by itself.
    expect(page).to_have_url(re.compile(r"/trainee/attempts/\d+/review"), timeout=20000)
    expect(page.get_by_test_id("result-outcome")).to_have_text("Failed")
    expect(page.get_by_test_id("result-score")).to_have_text("0%")
    expect(page.get_by_test_id("result-summary")).to_contain_text("Submitted when the time ran out")
    expect(page.get_by_test_id("review-panel")).to_contain_text("you answered nothing")
