"""Administration in Chromium against a real server (`cips serve`): an admin creates a
person, gives them a role and deactivates them while they are signed in elsewhere (their
session dies); registers a scanner, reads its token from the dialog that shows it once,
and rotates it (the old token is refused, the new one works); makes and revokes an
integration token. Server refusals appear beside the field they concern; a supervisor
sees only their centre's people."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import start_live_server

pytestmark = pytest.mark.browser
PASSPHRASE = "violet tractor under moonlight 2026"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory, demo_instance):
    """A server of its own: new people and scanners must not change the shared one's."""
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("admin-browser"))
    server = start_live_server(folder)
    yield server
    server.stop()


@pytest.fixture
def context_for(browser, own_server):
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=own_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _admin_page(page: Page, tab: str = "people") -> None:
    sign_in(page, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    page.get_by_role("navigation", name="Administration").get_by_role("link", name=tab).click()


def _bearer_status(server, token: str) -> int:
    return requests.get(f"{server.url}/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"},
                        timeout=10).status_code


def test_admin_creates_a_person_gives_a_role_and_deactivation_ends_their_open_session(context_for, own_server):
    admin = context_for()
    _admin_page(admin, "People")

    admin.get_by_role("button", name="New person…").click()
    dialog = admin.get_by_role("dialog", name="New person")
    dialog.get_by_label("Username").fill("ui.newcomer")
    dialog.get_by_label("Name", exact=True).fill("Nadia Newcomer")
    dialog.get_by_label("Password").fill(PASSPHRASE)
    dialog.get_by_label("Affiliation").select_option("centre:NBC")
    dialog.get_by_label("Trainee").check()
    dialog.get_by_role("button", name="Create person").click()
    expect(dialog).to_be_hidden()
    row = admin.get_by_test_id("person-ui.newcomer")
    expect(row).to_contain_text("Trainee")

    # Give them the analyst role (instead of trainee).
    admin.get_by_role("button", name="Change ui.newcomer").click()
    dialog = admin.get_by_role("dialog", name="Change ui.newcomer")
    dialog.get_by_label("Analyst", exact=True).check()
    dialog.get_by_label("Trainee").uncheck()
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog).to_be_hidden()
    expect(row.locator("td").nth(2)).to_have_text("Analyst")

    # They sign in, in a browser of their own.
    theirs = context_for()
    sign_in(theirs, "ui.newcomer", PASSPHRASE)
    expect(theirs.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    assert theirs.request.get("/api/v1/auth/me").status == 200

    # Deactivated by the admin: their open session dies.
    admin.get_by_role("button", name="Deactivate ui.newcomer").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Deactivate").click()
    expect(row).to_have_attribute("data-active", "false")
    expect(row).to_contain_text("Deactivated")

    assert theirs.request.get("/api/v1/auth/me").status == 401  # their cookie no longer answers
    # Their next page (an in-app navigation, as a click on "Image library" does; done by script
    # because a server that also closes their Socket.IO connection may have sent them away already).
    theirs.evaluate("() => { history.pushState(null, '', '/library'); dispatchEvent(new Event('cips:navigate')); }")
    expect(theirs).to_have_url(re.compile(r"/login(\?|$)"))  # sends them to sign in
    expect(theirs.get_by_text("Your session has ended")).to_be_visible()
    sign_in(theirs, "ui.newcomer", PASSPHRASE, expect_success=False)
    expect(theirs).to_have_url(re.compile(r"/login(\?|$)"))  # and they cannot come back
    expect(theirs.get_by_role("alert")).to_be_visible()


def test_a_scanner_token_is_shown_once_and_rotating_it_refuses_the_old_one(context_for, own_server):
    admin = context_for()
    _admin_page(admin, "Scanners")

    admin.get_by_role("button", name="New scanner…").click()
    dialog = admin.get_by_role("dialog", name="New scanner")
    dialog.get_by_label("Site").select_option("NB-BEI")
    dialog.get_by_label("Name", exact=True).fill("UI Gate 7")
    dialog.get_by_label("Kind").select_option("mobile")
    dialog.get_by_label("Vendor format").select_option("png")
    dialog.get_by_label("Radiation source").select_option("linac")
    dialog.get_by_label("High energy (keV)").fill("6000")
    dialog.get_by_label("Low energy (keV)").fill("4000")
    dialog.get_by_role("button", name="Create scanner").click()

    shown = admin.get_by_test_id("secret-dialog")
    expect(shown).to_contain_text("You will not see it again")
    token = shown.get_by_test_id("secret-value").input_value()
    assert len(token) > 20
    shown.get_by_role("button", name="Copy token").click()
    shown.get_by_role("button", name="I have stored it, close").click()
    expect(shown).to_be_hidden()
    row = admin.get_by_role("row", name=re.compile("UI Gate 7"))
    expect(row).to_contain_text(token[:12])  # the list shows only its prefix...
    assert token not in admin.content()  # ...and never the token again
    assert _bearer_status(own_server, token) == 200

    admin.get_by_role("button", name="New token for NB-BEI UI Gate 7").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Make a new token").click()
    expect(shown).to_contain_text("You will not see it again")
    rotated = shown.get_by_test_id("secret-value").input_value()
    assert rotated and rotated != token
    shown.get_by_role("button", name="I have stored it, close").click()
    expect(row).to_contain_text(rotated[:12])
    assert _bearer_status(own_server, token) == 401
    assert _bearer_status(own_server, rotated) == 200

    # Its vendor format changed later keeps the token.
    admin.get_by_role("button", name="Change NB-BEI UI Gate 7").click()
    dialog = admin.get_by_role("dialog", name="Change UI Gate 7")
    dialog.get_by_label("Vendor format").select_option("tiff")
    dialog.get_by_role("button", name="Save scanner").click()
    expect(dialog).to_be_hidden()
    expect(row.locator("td").nth(3)).to_have_text("tiff")
    assert _bearer_status(own_server, rotated) == 200


def test_server_refusals_are_shown_beside_the_field(context_for, own_server):
    admin = context_for()
    _admin_page(admin, "People")

    admin.get_by_role("button", name="New person…").click()
    dialog = admin.get_by_role("dialog", name="New person")
    dialog.get_by_label("Username").fill("analyst")  # taken: 409
    dialog.get_by_label("Name", exact=True).fill("Someone Else")
    dialog.get_by_label("Password").fill(PASSPHRASE)
    dialog.get_by_label("Expert").check()
    dialog.get_by_role("button", name="Create person").click()
    username = dialog.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(re.compile("taken"))
    admin.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # The last administrator cannot lose the role (409 last_admin, beside the roles).
    admin.get_by_role("button", name="Change admin", exact=True).click()
    dialog = admin.get_by_role("dialog", name="Change admin")
    dialog.get_by_label("Administrator").uncheck()
    dialog.get_by_label("Auditor").check()
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog.get_by_role("group", name="Roles")).to_contain_text("last active administrator")
    expect(dialog).to_contain_text("Correct the field marked above.")

    # A centre's time zone that is not an IANA zone: 422 with field "timezone".
    admin.keyboard.press("Escape")
    admin.get_by_role("navigation", name="Administration").get_by_role("link", name="Organisation").click()
    admin.get_by_role("button", name="Change centre NBC").click()
    dialog = admin.get_by_role("dialog", name="Change centre NBC")
    dialog.get_by_label("Time zone").fill("Mars/Olympus")
    dialog.get_by_role("button", name="Save centre").click()
    expect(dialog.get_by_label("Time zone")).to_have_accessible_description(re.compile("IANA time zone"))


def test_a_supervisor_sees_only_their_centres_people_and_may_end_sessions(context_for):
    page = context_for()
    sign_in(page, "supervisor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervisor wall")
    page.goto("/admin")
    table = page.get_by_test_id("people-table")
    expect(table.get_by_test_id("person-analyst")).to_be_visible()
    expect(table.get_by_test_id("person-analyst2")).to_have_count(0)  # another centre's
    expect(page.get_by_role("navigation", name="Administration")).to_have_count(0)  # no other tab
    expect(page.get_by_role("button", name="New person…")).to_have_count(0)
    expect(page.get_by_role("button", name="Change analyst", exact=True)).to_have_count(0)
    page.get_by_role("button", name="End the sessions of analyst", exact=True).click()
    page.get_by_role("alertdialog").get_by_role("button", name="End sessions").click()
    expect(page.get_by_role("status").filter(has_text="Every session of analyst has ended")).to_be_visible()


def test_an_integration_token_is_shown_once_and_revoked(context_for, own_server):
    admin = context_for()
    _admin_page(admin, "Integration tokens")
    admin.get_by_role("button", name="New token…").click()
    dialog = admin.get_by_role("dialog", name="New integration token")
    dialog.get_by_label("Integration account").select_option("cos")
    dialog.get_by_label("Name", exact=True).fill("COS staging")
    dialog.get_by_role("button", name="Make token").click()
    shown = admin.get_by_test_id("secret-dialog")
    expect(shown).to_contain_text("You will not see it again")
    raw = shown.get_by_test_id("secret-value").input_value()
    shown.get_by_role("button", name="I have stored it, close").click()
    results = f"{own_server.url}/api/v1/results"
    assert requests.get(results, headers={"Authorization": f"Bearer {raw}"}, timeout=10).status_code == 200

    admin.get_by_role("button", name="Revoke the token COS staging").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Revoke").click()
    expect(admin.get_by_role("row", name=re.compile("COS staging"))).to_contain_text("Revoked")
    assert requests.get(results, headers={"Authorization": f"Bearer {raw}"}, timeout=10).status_code == 401


def test_an_admin_changes_a_runtime_setting_and_an_out_of_range_value_is_refused_beside_it(context_for, own_server):
    page = context_for()
    _admin_page(page, "Settings")
    idle = page.get_by_role("spinbutton", name="SESSION_IDLE_MINUTES")
    expect(idle).to_have_value("60")
    idle.fill("5000")
    page.get_by_role("button", name="Save SESSION_IDLE_MINUTES").click()
    expect(page.get_by_test_id("setting-SESSION_IDLE_MINUTES").get_by_role("alert")).to_be_visible()
    idle.fill("30")
    page.get_by_role("button", name="Save SESSION_IDLE_MINUTES").click()
    expect(page.get_by_role("button", name="Back to the default of SESSION_IDLE_MINUTES")).to_be_visible()
    # The server holds it: a fresh read through the API says 30.
    session = own_server.login("admin", DEMO_PASSWORD)
    listed = session.get(f"{own_server.url}/api/v1/admin/settings", timeout=10).json()["settings"]
    assert next(s["value"] for s in listed if s["key"] == "SESSION_IDLE_MINUTES") == 30
