"""The academy in Chromium: an instructor makes a question from a library image
(ground truth drawn with the viewer's rectangle tool), sees the server refuse
an exam the bank cannot fill and then creates (and closes) one it can, reads
the statistics and the certificates about to expire."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser import sign_in
from tests.training.browser_library import ensure_library_items

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def items(academy_server):
    return ensure_library_items(academy_server)


@pytest.fixture
def page(browser, academy_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    yield context.new_page()
    context.close()


def _wait_for(page: Page, condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def _screen(page: Page, x: float, y: float) -> tuple[float, float]:
    return tuple(page.evaluate(
        "([x, y]) => { const v = window.cipsViewer.osd; const item = v.world.getItemAt(0);"
        " const p = v.viewport.viewportToWindowCoordinates(item.imageToViewportCoordinates(x, y, true));"
        " return [p.x - window.scrollX, p.y - window.scrollY]; }", [x, y]))


def test_an_instructor_makes_a_question_and_an_exam(page, items, academy_server):
    tyres = items["T-SUSPECT"]
    sign_in(page, "instructor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Academy")
    page.goto("/academy/questions")
    bank = page.get_by_test_id("question-table")
    expect(bank).to_contain_text("A dense block hides inside the cartons.")

    page.get_by_text("New question from a library image").click()
    page.get_by_label("Find a library image").fill("tyres")
    page.get_by_role("link", name="Make a question from Tyres stacked in a container").click()
    expect(page).to_have_url(re.compile(rf"/academy/questions/new\?item={tyres['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New question")
    _wait_for(page, lambda: page.evaluate(
        "(w) => { const v = window.cipsViewer; const i = v && v.osd.world.getItemAt(0);"
        " return !!i && i.source.dimensions.x === w"
        " && Math.abs(v.osd.viewport.getZoom(true) - v.osd.viewport.getZoom(false)) < 1e-6; }",
        tyres["image"]["width"]))

    # Saving without a region says what is missing.
    page.get_by_role("button", name="Suspect", exact=True).click()
    page.get_by_role("button", name="Create question").click()
    expect(page.get_by_role("alert")).to_contain_text("needs at least one ground-truth region")

    x, y, w, h = academy_server.truth["suspect_box"]
    page.get_by_test_id("scan-viewer").hover()
    page.keyboard.press("b")
    expect(page.get_by_role("button", name="Rectangle region")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-testid=scan-viewer] .a9s-annotationlayer").first).to_be_attached(timeout=20000)
    (x0, y0), (x1, y1) = _screen(page, x, y), _screen(page, x + w, y + h)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=8)
    page.mouse.up()
    expect(page.get_by_test_id("region-list").locator("li")).to_have_count(1)
    label = page.get_by_test_id("region-list").locator("input").first
    expect(label).not_to_be_focused()  # a new region does not steal the focus (issue 15)
    label.fill("dense block")
    label.press("Enter")
    page.get_by_label("Tags").fill("browser-made, tyres")
    page.get_by_label("Explanation").fill("A dense block among the tyres.")
    page.get_by_label("Difficulty", exact=True).select_option("2")
    page.get_by_role("button", name="Create question").click()
    expect(page).to_have_url(re.compile(r"/academy/questions/\d+\?saved=1$"))
    question_id = int(re.search(r"/questions/(\d+)", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Question {question_id}")
    expect(page.get_by_test_id("region-list").locator("input")).to_have_value("dense block")

    page.get_by_role("link", name="← Question bank").click()
    row = page.get_by_test_id(f"question-{question_id}")
    expect(row).to_contain_text("browser-made, tyres")
    expect(row).to_contain_text("Suspect")

    page.get_by_role("link", name="Exams", exact=True).click()
    form = page.get_by_test_id("exam-form")
    form.get_by_label("Name").fill("Browser exam")
    form.get_by_label("Number of questions").fill("3")
    form.get_by_label("Tags").fill("browser-made")
    form.get_by_label("Time limit (minutes)").fill("5")
    form.get_by_label("Pass mark (%)").fill("60")
    form.get_by_label("Intermediate from (%)").fill("80")
    form.get_by_label("Senior from (%)").fill("")
    form.get_by_role("button", name="Create exam").click()
    expect(page.get_by_test_id("exam-form-error")).to_contain_text("Only 1 active questions match")

    form.get_by_label("Number of questions").fill("1")
    form.get_by_role("button", name="Create exam").click()
    expect(page.get_by_role("status")).to_contain_text("“Browser exam” is created")
    exam_row = page.get_by_test_id("academy-exams").get_by_role("row").filter(has_text="Browser exam")
    expect(exam_row).to_contain_text("1 in the bank")
    expect(exam_row).to_contain_text("Junior ≥ 60%, Intermediate ≥ 80%")
    exam_row.get_by_role("button", name="Close Browser exam").click()  # not for the other tests' candidates
    expect(exam_row).to_contain_text("Closed")

    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_test_id(f"question-stat-{question_id}")).to_be_visible()

    page.get_by_role("link", name="Certificates").click()
    certificates = page.get_by_test_id("certificate-table")
    expect(certificates).to_contain_text("Huang Yu (expert)")
    expect(certificates).to_contain_text(re.compile(r"expires in \d+ days"))


def test_an_instructor_looks_after_the_library(page, items, academy_server):
    from tests.training.browser_library import _scan_ids

    porcelain = items["T-CLEAR"]
    sign_in(page, "instructor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Academy")
    page.get_by_role("link", name="Library", exact=True).click()
    expect(page).to_have_url(re.compile(r"/academy/library$"))
    expect(page.get_by_test_id("library-admin-table")).to_contain_text("Porcelain tableware in cartons")

    # The same scan twice: the server's refusal is shown as sent.
    form = page.get_by_test_id("library-add-form")
    form.get_by_label("Scan number").fill(str(_scan_ids(academy_server)["T-CLEAR"]))
    form.get_by_label("Title").fill("Porcelain again")
    form.get_by_label("HS code").fill("6911")
    form.get_by_role("button", name="Add to the library").click()
    expect(form.get_by_role("alert")).to_contain_text("already in the standard library")

    page.goto(f"/library/{porcelain['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Porcelain tableware in cartons")
    page.get_by_role("button", name="Edit details…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Packing").fill("cartons on pallets")
    dialog.get_by_label("Material", exact=True).select_option("inorganic")
    dialog.get_by_role("button", name="Save details").click()
    expect(dialog).to_have_count(0)
    facts = page.get_by_test_id("library-facts")
    expect(facts).to_contain_text("cartons on pallets")
    expect(facts).to_contain_text("Inorganic")


def test_each_candidates_progress_shows_in_the_statistics(page, academy_server):
    from tests.training.session import Visitor

    candidate = Visitor(academy_server, "cand11")  # any submitted attempt will do; make sure there is one
    if not candidate.get("/api/v1/training/attempts").json()["attempts"]:
        attempt = candidate.start(academy_server.academy.exams["Short exam"])
        candidate.post(f"/api/v1/training/attempts/{attempt['id']}/submit")
    sign_in(page, "instructor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Academy")
    page.goto("/academy/stats")
    table = page.get_by_test_id("candidate-stats")
    expect(table).to_be_visible()
    expect(table.get_by_role("img").first).to_have_attribute("aria-label", re.compile(r".+: \d"))


def test_an_instructor_uploads_an_image_and_adds_it_to_the_library(page, academy_server, tmp_path):
    from PIL import Image

    from app.synthetic import generate_scan

    png = tmp_path / "tyres.png"
    Image.fromarray(generate_scan(81, 600, 150).high).save(png)
    sign_in(page, "instructor")
    page.goto("/academy/library")
    upload = page.get_by_test_id("image-upload-form")
    upload.get_by_role("button", name="Upload").click()
    expect(upload.get_by_role("alert")).to_contain_text("Choose the scanner model")
    choice = upload.get_by_role("option", name=re.compile(r"^Daxie Mobile")).text_content()
    upload.get_by_label("Scanner model").select_option(label=choice)
    upload.get_by_label("High-energy file").set_input_files(str(png))  # a dual-energy model
    upload.get_by_role("button", name="Upload").click()
    expect(upload.get_by_role("status")).to_contain_text("is ready", timeout=120_000)
    form = page.get_by_test_id("library-add-form")
    scan_number = form.get_by_label("Scan number").input_value()
    assert scan_number.isdigit()
    form.get_by_label("Title").fill("Uploaded tyres")
    form.get_by_label("HS code").fill("4011")
    form.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_role("status").filter(has_text="is in the library")).to_contain_text("Uploaded tyres")
    expect(page.get_by_test_id("library-admin-table")).to_contain_text("Uploaded tyres")
