"""The OpenAPI document is valid OpenAPI 3.1, covers every route of the URL map, says
who may call each operation, and what each answers: a model's JSON, or a stated status,
Content-Type and headers."""

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
from tests.helpers import declared_answer

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
        missing += [f"{m} {path}" for m in openapi.documented_methods(rule) if m.lower() not in paths.get(path, {})]
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


def test_every_operation_states_what_it_answers(client):
    """No undescribed `2XX`: a view declares its answer with `@responds` (a model's JSON)
    or `@responds_media` (status, Content-Type, headers), or the document says nothing
    a stock client can use."""
    paths = _spec(client)["paths"]
    vague = [f"{method.upper()} {path}" for path, operations in paths.items()
             for method, operation in operations.items() if "2XX" in operation["responses"]]
    assert not vague, vague
    tile = paths["/api/v1/scans/{scan_id}/dzi/scan_files/{level}/{col}_{row}.{ext}"]["get"]["responses"]
    assert tile["200"]["content"] == {kind: {"schema": {"type": "string", "format": "binary"}}
                                      for kind in ("image/jpeg", "image/png")}
    assert "content" not in tile["304"] and tile["304"]["headers"]["ETag"]["required"] is True
    assert set(tile) == {"200", "304", "4XX"}
    csv = paths["/api/v1/audit/events.csv"]["get"]["responses"]["200"]
    assert csv["content"] == {"text/csv": {"schema": {"type": "string"}}}
    pdf = paths["/api/v1/training/certificates/{cert_id}/certificate.pdf"]["get"]["responses"]["200"]
    assert pdf["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    assert paths["/api/v1/openapi.json"]["get"]["responses"]["200"]["content"] == {
        "application/json": {"schema": {"type": "object"}}}


def test_the_tus_answers_are_the_statuses_and_headers_the_document_states(client, demo_copy):
    """The stock tus clients read headers, not bodies: every header the document names
    is on the live answer, which has no body."""
    spec = _spec(client)
    token = json.loads((demo_copy / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
    tus = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    options = client.options("/api/v1/uploads/")
    created = client.post("/api/v1/uploads/", headers={**tus, "Upload-Length": "4"})
    assert created.status_code == 201, created.get_json()
    upload = created.headers["Location"]
    patched = client.patch(upload, data=b"CIPS", headers={**tus, "Upload-Offset": "0",
                                                          "Content-Type": "application/offset+octet-stream"})
    assert patched.headers["Upload-Offset"] == "4"
    head = client.head(upload, headers=tus)  # how a client resuming learns where to go on
    assert head.headers["Upload-Length"] == "4"
    other = client.post("/api/v1/uploads/", headers={**tus, "Upload-Length": "4"}).headers["Location"]
    deleted = client.delete(other, headers=tus)
    for method, url, answer, status in (("OPTIONS", "/api/v1/uploads/", options, 204),
                                        ("POST", "/api/v1/uploads/", created, 201),
                                        ("PATCH", upload, patched, 204), ("HEAD", upload, head, 200),
                                        ("DELETE", other, deleted, 204)):
        declared = declared_answer(spec, method, url, status)
        assert answer.status_code == status and not answer.data, (method, answer.status_code)
        assert "content" not in declared
        missing = [name for name in declared["headers"] if name not in answer.headers]
        assert not missing and "Tus-Resumable" in declared["headers"], (method, missing)
    # PATCH and DELETE are one view: each method states its own headers.
    assert "Upload-Offset" not in declared_answer(spec, "DELETE", other, 204)["headers"]
    for url in ("/api/v1/openapi.json", "/api/v1/events.schema.json"):
        assert list(declared_answer(spec, "GET", url, 200)["content"]) == [client.get(url).mimetype]


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
