"""Playwright driving Debian's /usr/bin/chromium: launch settings and the sign-in step
shared by every browser test (the fixtures are in conftest.py)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.conftest import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Flags from the machine notes: no background networking on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
