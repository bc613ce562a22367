"""The OpenAPI document is valid OpenAPI 3.1, covers every route of the URL map, and
says who may call each operation."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from app.openapi import UNLISTED


def _spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(client):
    spec = _spec(client)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_of_the_url_map_is_in_the_document(demo_app, client):
    paths = _spec(client)["paths"]
    missing = []
    for rule in demo_app.url_map.iter_rules():
        if rule.endpoint in UNLISTED:
            continue
        path = re.sub(r"<(?:[^:<>]+(?:\([^)]*\))?:)?([^<>]+)>", r"{\1}", rule.rule)
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"} or {"OPTIONS"}
        missing += [f"{m} {path}" for m in methods if m.lower() not in paths.get(path, {})]
    assert not missing, missing
    listed = sum(len(operations) for operations in paths.values())
    assert listed >= 100  # the whole API, not a sample


def test_who_may_call_is_stated(client):
    paths = _spec(client)["paths"]
    add_person = paths["/api/v1/admin/people"]["post"]
    assert add_person["x-cips-roles"] == ["admin"]
    assert add_person["security"] == [{"session": [], "csrf": []}]
    assert add_person["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/PersonIn")
    register = paths["/api/v1/scans"]["post"]
    assert register["security"] == [{"bearer": []}] and register["x-cips-tokens"] == ["scanner"]
    assert "multipart/form-data" in register["requestBody"]["content"]
    # Signing in is public, but a browser's login still carries the CSRF token.
    assert paths["/api/v1/auth/login"]["post"]["security"] == [{"csrf": []}]
    assert paths["/api/v1/health"]["get"]["security"] == []


def test_a_path_id_beyond_the_databases_integers_is_not_found_not_a_server_error(client, auth):
    auth.login("admin")
    assert client.get(f"/api/v1/scans/{2**70}").status_code == 404
    assert client.get(f"/api/v1/scans/{2**31}").status_code == 404  # past PostgreSQL's INTEGER
    assert client.get(f"/api/v1/scans/{2**31 - 1}").status_code == 404  # the largest id: looked up, none
