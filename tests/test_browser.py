"""The web app in a real browser (Playwright driving /usr/bin/chromium) against
the real server with demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def tablet(browser, live_server) -> Page:
    context = browser.new_context(viewport={"width": 768, "height": 1024}, base_url=live_server.url,
                                  has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_demo_analyst_signs_in_and_sees_the_workstation(desktop):
    sign_in(desktop, "analyst")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    expect(desktop).to_have_url(re.compile(r"/analyst$"))
    expect(desktop.get_by_text("Li Wei (analyst)").first).to_be_visible()

    desktop.reload()  # the server hands the app back for a client-side route
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")

    desktop.get_by_role("button", name="Sign out").click()
    expect(desktop).to_have_url(re.compile(r"/login"))
    desktop.goto("/analyst")
    expect(desktop).to_have_url(re.compile(r"/login"))


def test_wrong_password_gets_a_clear_message(desktop):
    sign_in(desktop, "analyst", "not-the-password", expect_success=False)
    expect(desktop.get_by_role("alert")).to_have_text(re.compile("Wrong username or password"))
    expect(desktop).to_have_url(re.compile(r"/login"))


def test_officer_on_a_tablet_lands_on_the_officer_page(tablet):
    sign_in(tablet, "officer")
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Officer tablet")
    sign_out = tablet.get_by_role("button", name="Sign out")
    box = sign_out.bounding_box()
    assert box is not None and box["height"] >= 44  # a finger, outdoors
    sign_out.click()
    expect(tablet.get_by_role("button", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("username, title", [
    ("supervisor", "Supervisor wall"), ("trainee", "Training"), ("admin", "Administration"),
])
def test_each_role_lands_on_its_page(desktop, username, title):
    sign_in(desktop, username)
    expect(desktop.get_by_role("heading", level=1)).to_have_text(title)


def test_a_page_outside_the_users_roles_says_so(desktop):
    sign_in(desktop, "analyst")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    desktop.goto("/admin")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Not allowed")
    desktop.get_by_role("link", name="Go to your home page").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
