"""The OpenAPI document is valid OpenAPI 3.1, covers every route of the URL map, and
says who may call each operation."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import validate

from app import openapi
from app.blueprints.auth import schemas as auth_schemas
from app.openapi import UNLISTED
from app.validation import Out, UtcDateTime

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


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


def test_the_published_document_is_the_one_the_code_makes(demo_app):
    """docs/openapi.json is what the frontend's API types are generated from
    (frontend/scripts/gen-api.mjs): stale, and the type check would pass against
    yesterday's API."""
    with demo_app.app_context():
        current = openapi.spec(demo_app)
    assert json.loads(PUBLISHED.read_text()) == current, (
        "docs/openapi.json is stale: run `.venv/bin/cips contract write`")


def conforms(spec: dict, component: str, instance) -> None:
    """`instance` is valid against the document's schema `component` (refs resolved
    within the document), else jsonschema's ValidationError names the path at fault."""
    Draft202012Validator({"$ref": f"#/components/schemas/{component}", "components": spec["components"]},
                         format_checker=Draft202012Validator.FORMAT_CHECKER).validate(instance)


def test_an_answer_is_the_model_the_document_shows(client, auth):
    spec = _spec(client)
    me = spec["paths"]["/api/v1/auth/me"]["get"]["responses"]
    assert me["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/UserAnswer"}
    assert me["4XX"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    # Every field of an answer is always written, so each is required (never `?:` in TypeScript).
    assert set(spec["components"]["schemas"]["UserOut"]["required"]) == set(
        spec["components"]["schemas"]["UserOut"]["properties"])
    auth.login("officer")
    answer = client.get("/api/v1/auth/me").get_json()
    conforms(spec, "UserAnswer", answer)
    assert answer["user"]["affiliation"]["kind"] == "site"
    with pytest.raises(ValidationError):
        conforms(spec, "UserAnswer", {"user": answer["user"] | {"roles": ["pilot"]}})


def test_a_moment_is_written_in_utc_with_its_offset():
    class When(Out):
        at: UtcDateTime

    shanghai = timezone(timedelta(hours=8))
    assert When.dump({"at": datetime(2026, 11, 27, 8, 15, tzinfo=shanghai)}) == {"at": "2026-11-27T00:15:00+00:00"}
    # SQLite keeps no zone: a naive value is already UTC.
    assert When.dump({"at": datetime(2026, 11, 27, 0, 15)}) == {"at": "2026-11-27T00:15:00+00:00"}
    described = When.model_json_schema(mode="serialization")["properties"]["at"]
    assert (described["type"], described["format"]) == ("string", "date-time")


def test_two_models_of_one_name_cannot_share_the_document():
    class UserOut(Out):  # the auth answer's name, another shape
        nickname: str

    components: dict = {}
    openapi._schema(auth_schemas.UserOut, components, "serialization")
    with pytest.raises(ValueError, match="UserOut"):
        openapi._schema(UserOut, components, "serialization")


def test_a_token_says_whom_it_speaks_for_in_one_of_two_shapes(client, demo_copy):
    spec = _spec(client)
    tokens = json.loads((demo_copy / "demo_tokens.json").read_text())
    scanner = client.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {tokens['scanner:Beilun Gate 1']}"})
    cos = client.get("/api/v1/auth/token", headers={"Authorization": f"Bearer {tokens['integration:cos']}"})
    for answer, kind in ((scanner.get_json(), "scanner"), (cos.get_json(), "integration")):
        conforms(spec, "TokenIdentity", answer)
        assert answer["kind"] == kind and answer["created_at"].endswith("+00:00")
    assert "user" not in scanner.get_json() and "scanner" not in cos.get_json()  # left out, not null
