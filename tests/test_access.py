"""Every route states who may use it, and anonymous callers are refused
everywhere but the public routes."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint

from app.security import ACCESS_ATTR, access_of, public

PUBLIC_ENDPOINTS = {"static", "health.health", "health.live", "health.ready", "auth.csrf_token", "auth.login", "auth.logout",
                    "frontend.page", "frontend.assets", "ingest.tus_options",
                    # Anyone holding a certificate's code may check it (the QR code on the PDF).
                    "training.verify", "training.verify_page",
                    # The published contract is for integrators before they hold a credential.
                    "contract.events_schema", "contract.openapi_document",
                    # The sign-in page offers the languages before anyone signs in.
                    "contract.languages",
                    # The officer's tablet installs the app (manifest, icons, service worker).
                    "frontend.web_manifest", "frontend.icons", "frontend.service_worker"}


def _concrete_url(rule) -> str:
    # Any value will do: the refusal must come before the view looks anything up.
    url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", rule.rule)
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "1", url)


def test_every_route_declares_who_may_use_it(demo_app):
    with demo_app.test_request_context():
        undeclared = [r.endpoint for r in demo_app.url_map.iter_rules() if access_of(r.endpoint) is None]
    assert undeclared == []


def test_the_public_routes_are_exactly_the_expected_ones(demo_app):
    with demo_app.test_request_context():
        public_endpoints = {r.endpoint for r in demo_app.url_map.iter_rules() if access_of(r.endpoint).public}
    assert public_endpoints == PUBLIC_ENDPOINTS


def test_anonymous_callers_are_refused_on_every_non_public_route(demo_app, client):
    checked = 0
    for rule in demo_app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_concrete_url(rule), method=method)
            assert response.status_code == 401, (rule.rule, method, response.status_code)
            body = response.get_json()
            assert body["error"] in {"unauthenticated", "invalid_token"} and body["message"]
            checked += 1
    assert checked >= 3


def test_public_routes_answer_anonymous_callers(demo_app, client):
    for rule in demo_app.url_map.iter_rules():
        if rule.endpoint not in PUBLIC_ENDPOINTS or rule.endpoint in {"static", "frontend.assets"}:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(_concrete_url(rule), method=method)
            # Writes are still CSRF-checked (400); pages may say the bundle is missing (503).
            assert response.status_code not in (401, 403), (rule.rule, method)


def test_a_route_without_a_declaration_is_refused_even_when_signed_in(demo_app, auth):
    bp = Blueprint("undeclared", __name__)
    bp.add_url_rule("/api/v1/undeclared", "forgot", lambda: "secret")
    demo_app.register_blueprint(bp)
    auth.login("admin")
    response = auth.client.get("/api/v1/undeclared")
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert b"secret" not in response.data


def test_a_role_outside_the_list_gets_403(client, auth):
    auth.login("analyst")
    response = client.get("/api/v1/admin/organisation")
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"


def test_admin_sees_the_three_tiers(client, auth):
    auth.login("admin")
    tree = client.get("/api/v1/admin/organisation").get_json()["headquarters"]
    assert [h["code"] for h in tree] == ["HQ"]
    centres = tree[0]["centres"]
    assert [c["code"] for c in centres] == ["NBC", "SHC"]
    sites = [s for c in centres for s in c["sites"]]
    assert len(sites) == 4
    assert sum(len(s["scanners"]) for s in sites) == 9


def test_public_marks_the_view(demo_app):
    view = public(lambda: None)
    assert getattr(view, ACCESS_ATTR).public


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_api_paths_are_json_404(client, method):
    response = getattr(client, method)("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_client_side_routes_get_the_app_and_api_paths_keep_json(demo_app, client):
    for path in ("/", "/login", "/analyst", "/wall", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b'<div id="app"' in response.data or b"<div id='app'" in response.data, path
        assert response.headers["Cache-Control"] == "no-cache"
    for path in ("/api", "/api/v1/nothing", "/assets/missing.js"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found", path


def test_pages_and_api_answers_carry_security_headers(client):
    page = client.get("/login")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    api = client.get("/api/v1/health")
    assert api.headers["X-Content-Type-Options"] == "nosniff" and api.headers["X-Frame-Options"] == "DENY"
