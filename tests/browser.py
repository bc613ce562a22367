"""Playwright driving Debian's /usr/bin/chromium: launch settings and the sign-in step
shared by every browser test (the fixtures are in conftest.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Flags from the machine notes: no background networking on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD, expect_success: bool = True) -> None:
    page.goto("/login")
    # By field, not by label text: the sign-in page may be in any language.
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator(".login-card button[type=submit]").click()
    if not expect_success:
        return
    # Signed in once the app leaves the login page: callers may navigate straight away.
    expect(page).not_to_have_url(re.compile(r"/login(\?|$)"), timeout=30000)
