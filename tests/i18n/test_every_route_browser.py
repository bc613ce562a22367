"""Every route of the SPA, for every role, in zh-CN and in en, at the three screen sizes
people use (1920x1080 desk, 1024x768 tablet, 3840x2160 wall): no i18n key missing (the
i18n library reports them on the console in test builds), in Chinese no English word left
in the page's own text (data carries `translate="no"`), and no label, button, heading,
nav link or clipped table cell whose text overflows its box.

One browser for the run, one context per (role, language) case; each route is loaded
once and checked at all three sizes by resizing. The findings, and a screenshot of each
size where something overflows, land in tests/artifacts/i18n/ (gitignored); with
CIPS_TEST_SCREENSHOTS=1, a screenshot of every route and its `?` sheet too, for a person
to look at. The failures name the route, the size and the text.

The routes are found by walking: the role's navigation, then every same-site link the
pages show (tabs, a scanner's day, a library item), one of each shape (`/library/7` and
`/library/9` are the same page), so a page added later is walked without editing this
file. Pages with the image viewer also open its `?` keyboard sheet."""

from __future__ import annotations

import os
import re
import time
from urllib.parse import urlparse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import DEMO_PASSWORD
from tests.helpers import assign_in
from tests.viewer.conftest import upload_scan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "i18n"
SCREENSHOTS = os.environ.get("CIPS_TEST_SCREENSHOTS") == "1"
SIZES = [(1920, 1080), (1024, 768), (3840, 2160)]
LANGUAGES = ["zh-CN", "en"]
# Demo accounts (app/demo.py), one per role the brief names.
ROLES = {
    "admin": "admin",
    "hq-supervisor": "hqsupervisor",
    "centre-supervisor": "supervisor",
    "analyst": "analyst",
    "expert": "expert",
    "site-officer": "officer",
    "trainee": "trainee",
    "instructor": "instructor",
}
# Pages everyone may open whatever their role, beside those the navigation offers.
EXTRA_ROUTES = ["/api-docs", "/no-such-page"]
MAX_ROUTES = 60

# Latin tokens that stay as they are in Chinese text (docs/glossary.md, last paragraph):
# names of standards and units, and abbreviations a Chinese customs officer uses as is.
ALLOWED_LATIN = {
    "CIPS", "COS", "HS", "DICOS", "DICOM", "ISO", "API", "PDF", "CSV", "JSON", "IoU", "OCR",
    "R", "Z", "Zeff", "kg", "g", "cm", "mm", "m", "px", "MeV", "MV", "kV", "keV", "ms", "s", "min",
    "h", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "UTC", "GMT", "CPU", "GPU",
    "WebGL", "WebGL2", "JPEG", "PNG", "TIFF", "HTTP", "HTTPS", "URL", "UID", "ID", "SHA", "S3",
    "CLAHE", "NII", "WCO", "OpenAPI", "Socket.IO", "README", "IANA", "cps",
    # Threat image projection: the aviation term, written so in Chinese too (docs/glossary.md).
    "TIP",
    # The owner code of the example container number in the officer's search box.
    "CSQU",
    # keys named in running text ("Ctrl+拖动", "按 Enter 打开"); key caps themselves are <kbd>
    "Esc", "Enter", "Shift", "Ctrl", "Alt",
}
# A word: two or more Latin letters (single letters are keys, axes, units: `C`, `S`, `x`).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.²³]*[A-Za-z²³]")

# Runs in the page: the visible text nodes outside `translate="no"`, with the nearest
# element's description, and every box whose text overflows it.
PAGE_CHECKS = """
() => {
  const visible = (el) => {
    // checkVisibility() also sees content-visibility (a closed <details>'s content).
    if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true,
                                                     visibilityProperty: true })) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    if (el.className && typeof el.className === 'string') d += '.' + el.className.trim().split(/\\s+/).join('.');
    return d;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const value = n.nodeValue.trim();
    const el = n.parentElement;
    if (!value || !el) continue;
    if (el.closest('[translate="no"], script, style, noscript, code, pre, kbd, samp, svg')) continue;
    if (!visible(el)) continue;
    texts.push({ text: value, where: describe(el) });
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (el.closest('[translate="no"]') || !visible(el)) continue;
    texts.push({ text: el.placeholder, where: describe(el) + '[placeholder]' });
  }
  const overflowing = [];
  const always = 'button, label, h1, h2, h3, h4, h5, h6, nav a, [role="tab"], .button, legend, th';
  const clipped = 'td, th, dt, dd, .badge, .chip, .tag';
  const seen = new Set();
  const check = (el, requireClip) => {
    if (seen.has(el)) return;
    seen.add(el);
    if (el.closest('[translate="no"]') || !visible(el)) return;
    const s = getComputedStyle(el);
    if (requireClip && !/hidden|clip/.test(s.overflowX) && s.textOverflow !== 'ellipsis') return;
    if (s.display === 'inline') return;  // inline boxes have no scroll size of their own
    if (el.scrollWidth > el.clientWidth + 1 || (requireClip && el.scrollHeight > el.clientHeight + 1 && /hidden|clip/.test(s.overflowY))) {
      overflowing.push({ where: describe(el), text: el.innerText.trim().slice(0, 80),
                         scroll: el.scrollWidth, client: el.clientWidth });
    }
  };
  for (const el of document.querySelectorAll(always)) check(el, false);
  for (const el of document.querySelectorAll(clipped)) check(el, true);
  const links = [...document.querySelectorAll('a[href^="/"]')]
    .map((a) => a.getAttribute('href'))
    .filter((h) => !h.startsWith('//') && !h.startsWith('/api/'));
  return { texts, overflowing, links, viewer: !!document.querySelector('.viewer') };
}
"""

READY = """
() => !document.querySelector('[aria-busy="true"], .scan-page__state[role="status"]')
      && !!document.querySelector('h1, .login-card, .viewer')
"""


@dataclass
class Findings:
    missing_keys: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def report(self, limit: int | None = 200) -> str:
        parts = []
        for name in ("missing_keys", "latin", "overflow"):
            items = sorted(set(getattr(self, name)))
            if items:
                parts.append(f"{name} ({len(items)}):\n  " + "\n  ".join(items[:limit]))
        return "\n".join(parts)


def shape(path: str) -> str:
    """`/library/7` and `/library/9` are one page to walk."""
    return re.sub(r"/\d+(?=/|$)", "/:id", path.split("?")[0].split("#")[0])


# Paths, URLs, MIME types and file names are not words: "/api/v1/openapi.json", "application/json".
NOT_WORDS = re.compile(r"\S*/\S*|\b[\w-]+\.[a-z]{2,5}\b")


def english_words(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(NOT_WORDS.sub(" ", text)) if w.strip(".") not in ALLOWED_LATIN]


def sign_in_by_api(page: Page, username: str) -> None:
    token = page.request.get("/api/v1/auth/csrf").json()["csrf_token"]
    answer = page.request.post("/api/v1/auth/login", data={"username": username, "password": DEMO_PASSWORD},
                               headers={"X-CSRFToken": token})
    assert answer.ok, answer.text()


def is_missing_key(text: str) -> bool:
    """The i18n library's report of a message missing in the language in use (frontend/src/i18n.ts,
    strict mode: no English fallback)."""
    return "i18n: missing" in text


class InFlight:
    """The page's requests still unanswered: a page has finished loading when none has been
    for QUIET seconds (Playwright's "networkidle" waits a fixed 0.5 s on every route)."""

    QUIET = 0.15

    def __init__(self, page: Page):
        self.page = page
        self.open: set = set()
        self.last_change = time.monotonic()
        page.on("request", self._opened)
        for finished in ("requestfinished", "requestfailed"):
            page.on(finished, self._closed)

    def _opened(self, request) -> None:
        self.open.add(request)
        self.last_change = time.monotonic()

    def _closed(self, request) -> None:
        self.open.discard(request)
        self.last_change = time.monotonic()

    def settle(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.open or time.monotonic() - self.last_change < self.QUIET:
            assert time.monotonic() < deadline, f"still loading: {[r.url for r in self.open]}"
            self.page.wait_for_timeout(25)  # lets Playwright deliver the request events


def check_route(page: Page, loading: InFlight, route: str, case: str, lang: str, findings: Findings) -> list[str]:
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.goto(route)
    loading.settle()
    page.wait_for_function(READY, timeout=60000)
    links: list[str] = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        # Two frames: the layout after the resize has been computed and painted.
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        result = page.evaluate(PAGE_CHECKS)
        links = result["links"]
        at = f"{route} @{width}x{height}"
        if lang == "zh-CN":
            for item in result["texts"]:
                words = english_words(item["text"])
                if words:  # once per route, whatever the size
                    findings.latin.append(f"{route} {item['where']}: {item['text'][:80]!r} ({', '.join(words[:5])})")
        for item in result["overflowing"]:
            findings.overflow.append(f"{at} {item['where']}: {item['text']!r} "
                                     f"({item['scroll']} > {item['client']} px)")
        name = re.sub(r"[^A-Za-z0-9]+", "_", route).strip("_") or "home"
        # A size where something overflows, to look at; with CIPS_TEST_SCREENSHOTS=1 also
        # every route as first seen (they were a sixth of the browser's CPU in the suite).
        if result["overflowing"] or (SCREENSHOTS and (width, height) == SIZES[0]):
            page.screenshot(path=str(ARTIFACTS / case / f"{name}-{width}x{height}.png"))
        if result["viewer"] and (width, height) == SIZES[0]:
            page.keyboard.press("?")
            page.wait_for_selector(".help-backdrop", timeout=30000)
            sheet = page.evaluate(PAGE_CHECKS)
            if lang == "zh-CN":
                for item in sheet["texts"]:
                    words = english_words(item["text"])
                    if words:
                        findings.latin.append(f"{route} ? sheet {item['where']}: {item['text'][:80]!r}")
            if SCREENSHOTS:
                page.screenshot(path=str(ARTIFACTS / case / f"{name}-keys.png"))
            page.keyboard.press("Escape")
    return links


@pytest.fixture(scope="session")
def a_scan(live_server, tmp_path_factory) -> int:
    """One dual-energy scan with a container number, given to the analyst: the worklist,
    the scan list and the viewer (with its ? sheet) then have something to show. Once per
    server (session-scoped, as the server is): with worksteal a worker may come back to
    this module after others, and a module fixture would send the scan again (409)."""
    scan_id = upload_scan(live_server, tmp_path_factory.mktemp("i18n-scan"), "I18N-1", seed=17)
    assign_in(live_server.instance, scan_id, "analyst")
    return scan_id


@pytest.fixture
def context_for(browser, live_server):
    made = []

    def make(lang: str):
        context = browser.new_context(base_url=live_server.url, locale=lang,
                                      extra_http_headers={"Accept-Language": f"{lang},{lang.split('-')[0]};q=0.9"},
                                      viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
        # Strict mode (no English fallback: a missing message is a console error) and the
        # language for this device before the first page loads.
        context.add_init_script(f"localStorage.setItem('cips.i18n.strict', '1');"
                                f"localStorage.setItem('cips.language', '{lang}');")
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_route_is_translated_and_fits(context_for, a_scan, role, lang):
    case = f"{role}-{lang}"
    (ARTIFACTS / case).mkdir(parents=True, exist_ok=True)
    page = context_for(lang).new_page()
    loading = InFlight(page)
    findings = Findings()
    page.on("console", lambda m: (findings.missing_keys if is_missing_key(m.text) else findings.console_errors)
            .append(f"{urlparse(page.url).path}: {m.text[:300]}") if m.type in ("error", "warning") else None)

    # The sign-in page, before signing in.
    check_route(page, loading, "/login", case, lang, findings)
    sign_in_by_api(page, ROLES[role])

    page.goto("/")
    page.wait_for_function(READY, timeout=60000)
    start = list(page.evaluate("() => [...document.querySelectorAll('nav a[href]')]"
                                      ".map((a) => a.getAttribute('href'))"))
    queue = [urlparse(page.url).path, *start, *EXTRA_ROUTES]
    walked: set[str] = set()
    while queue and len(walked) < MAX_ROUTES:
        route = queue.pop(0)
        if shape(route) in walked:
            continue
        walked.add(shape(route))
        for link in check_route(page, loading, route, case, lang, findings):
            if shape(link) not in walked and not link.startswith(("/api", "/socket.io")):
                queue.append(link.split("#")[0])

    assert len(walked) >= 2, f"{case}: only {sorted(walked)} walked"
    # The whole list (the assertion message shortens it).
    (ARTIFACTS / case / "findings.txt").write_text(f"routes walked: {sorted(walked)}\n{findings.report(limit=None)}\n"
                                                   f"console errors and warnings:\n  "
                                                   + "\n  ".join(sorted(set(findings.console_errors))) + "\n")
    assert not (findings.missing_keys or findings.latin or findings.overflow), (
        f"{case}, routes walked: {sorted(walked)}\n{findings.report()}")
