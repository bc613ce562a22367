"""OpenAPI 3.1 for every HTTP route, generated from the running app's URL map.

Paths, path parameters (from the URL converters), methods, tags (the blueprint), who may
call each operation (from `@allow` / `@public` / `@signed`, as security requirements and
`x-cips-roles`) and the summary (the view's docstring) come from the code itself, so a new
route is in the spec the moment it exists. Request bodies and query strings are described
by their pydantic model where the view declares one (`app.validation.accepts`,
`app.validation.accepts_query`); elsewhere a JSON object, with the shape in docs/*.md.
Answers likewise (`app.validation.responds`: the model the view's `reply` dumps through);
answers that are not such JSON (images, XML, CSV, a PDF, the tus protocol's bodiless
answers) by their status, Content-Type and headers (`app.validation.responds_media`).
Every error is the one `Error` object.

The published copy is docs/openapi.json (`cips contract write`); the frontend's API types
are generated from it (frontend/scripts/gen-api.mjs)."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, IntegerConverter, PathConverter

from app.security import UNSAFE_METHODS, access_of
from app.validation import MEDIA_ATTR, RESPONSES_ATTR, Media

# Not HTTP APIs: the web app's own pages and files.
UNLISTED = frozenset({"static", "frontend.page", "frontend.assets", "training.verify_page"})
BODY_ATTR, QUERY_ATTR = "cips_body", "cips_query"

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "a stable code, e.g. invalid_data, forbidden, not_found"},
        "message": {"type": "string", "description": "one sentence for a person"},
        "field": {"type": "string", "description": "the field at fault (422)"},
    },
}

# Request bodies that are not JSON.
SPECIAL_BODIES: dict[str, dict[str, Any]] = {
    "ingest.register_scan": {
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["metadata"],
            "properties": {"metadata": {"type": "string", "description": "the Registration as JSON, without `files`"},
                           **{role: {"type": "string", "format": "binary"} for role in ("single", "high", "low")}},
        }},
        "application/json": {},  # the Registration with `files`: the view's model
    },
    "declarations.declarations": {
        "application/json": {},  # the view's model: one declaration or an array
        "application/x-ndjson": {"schema": {"type": "string", "description": "one DeclarationIn per line"}},
    },
    "training.training_image": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["metadata"],
        "properties": {"metadata": {"type": "string", "description": "JSON {\"scanner_id\", \"image_uid\"?}: the scanner model the image comes from"},
                       **{role: {"type": "string", "format": "binary"} for role in ("single", "high", "low")}},
    }}},
    "tip.threat_upload": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["category"],
        "properties": {"name": {"type": "string", "maxLength": 200}, "category": {"type": "string"},
                       "format": {"type": "string", "description": "the vendor format; absent: recognised"},
                       "pixel_mm": {"type": "number", "default": 5},
                       **{role: {"type": "string", "format": "binary"} for role in ("high", "low", "single", "sidecar")}},
    }}},
    "calibration.calibrate": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["wedge"],
        "properties": {"wedge": {"type": "string", "description": "the wedge description as JSON (a field or a file part)"},
                       "model": {"type": "string", "description": "the scanner type; absent: the wedge's or the scanner's"},
                       "format": {"type": "string", "description": "the vendor format; absent: recognised"},
                       **{role: {"type": "string", "format": "binary"} for role in ("high", "low", "single", "sidecar")}},
    }}},
    "ingest.tus_upload": {"application/offset+octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "ingest.tus_create": {},
}


def _path(rule: Rule) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            schema: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": converter.max or 2**31 - 1}
        elif isinstance(converter, AnyConverter):
            schema = {"type": "string", "enum": sorted(converter.items)}
        elif isinstance(converter, PathConverter):
            schema = {"type": "string"}
        else:
            schema = {"type": "string", "pattern": "^[^/]+$"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return re.sub(r"<(?:[^:<>]+(?:\([^)]*\))?:)?([^<>]+)>", r"{\1}", rule.rule), params


def _security(endpoint: str, method: str) -> tuple[list[dict[str, list[str]]], dict[str, Any]]:
    access = access_of(endpoint)
    if access is None or access.public:
        # Anyone may call it, but a browser's write still carries the CSRF token (login too).
        return ([{"csrf": []}] if method in UNSAFE_METHODS else []), {"x-cips-access": "public"}
    if access.signed is not None:
        return [], {"x-cips-access": "signed link (the URL itself is the credential, see the README's tiles section)"}
    options: list[dict[str, list[str]]] = []
    if access.people:
        session: dict[str, list[str]] = {"session": []}
        if method in UNSAFE_METHODS:
            session["csrf"] = []
        options.append(session)
    if access.tokens:
        options.append({"bearer": []})
    extra = {"x-cips-roles": sorted(access.roles) if access.people else [],
             "x-cips-tokens": sorted(access.tokens)}
    return options, extra


def _schema(model: Any, components: dict[str, Any], mode: str = "validation") -> dict[str, Any]:
    one = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
    for name, schema in [*one.pop("$defs", {}).items(), (model.__name__, one)]:
        # Two models of one name (a request `Affiliation`, an answer `Affiliation`) would
        # silently overwrite each other's schema: name them apart instead.
        if components.get(name, schema) != schema:
            raise ValueError(f"two different schemas are both named {name!r} in the OpenAPI document")
        components[name] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _media_schema(kind: str) -> dict[str, Any]:
    """What a stock client should make of a body of this Content-Type: the two JSON
    contract documents (and the web app manifest) are objects, text is a string,
    anything else (images, PDF) is bytes."""
    if kind == "application/json" or kind.endswith("+json"):
        return {"type": "object"}
    if kind.startswith("text/") or kind in ("application/xml", "application/javascript") or kind.endswith("+xml"):
        return {"type": "string"}
    return {"type": "string", "format": "binary"}


def _media_answer(status: int, media: Media) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": HTTPStatus(status).phrase}
    if media.headers:
        answer["headers"] = {name: {"description": what, "required": True, "schema": {"type": "string"}}
                             for name, what in media.headers.items()}
    if media.types:
        answer["content"] = {kind: {"schema": _media_schema(kind)} for kind in media.types}
    return answer


def _responses(view: Any, method: str, components: dict[str, Any]) -> dict[str, Any]:
    models = getattr(view, RESPONSES_ATTR, None) or {}
    per_method = getattr(view, MEDIA_ATTR, {})
    media = per_method.get(method, per_method.get(None, {}))
    answers: dict[str, Any] = {str(status): _media_answer(status, one) for status, one in media.items()}
    for status, model in models.items():
        as_json = {"application/json": {"schema": _schema(model, components, "serialization")}}
        answer = answers.setdefault(str(status), {"description": "done"})
        answer["content"] = as_json | answer.get("content", {})
    if not answers:
        # Declared neither way: tests/contract/test_openapi.py refuses any such operation.
        answers = {"2XX": {"description": "done; the body is described in docs/*.md"}}
    answers = dict(sorted(answers.items()))
    answers["4XX"] = {"description": "refused; `error` says why",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return answers


def _query(model: Any) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema.get("properties", {}).items()]


def _operation(app: Flask, rule: Rule, method: str, params: list, components: dict) -> dict[str, Any]:
    view = app.view_functions[rule.endpoint]
    doc = (view.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    security, extra = _security(rule.endpoint, method)
    operation: dict[str, Any] = {
        "operationId": f"{rule.endpoint}.{method.lower()}",
        "tags": [rule.endpoint.split(".")[0]],
        "summary": doc or rule.endpoint.split(".")[-1].replace("_", " "),
        "security": security,
        **extra,
        "responses": _responses(view, method, components),
    }
    if params:
        operation["parameters"] = list(params)
    query_model = getattr(view, QUERY_ATTR, None)
    if query_model is not None:
        operation.setdefault("parameters", []).extend(_query(query_model))
    if method in UNSAFE_METHODS and method != "DELETE":
        body_model = getattr(view, BODY_ATTR, None)
        if rule.endpoint in SPECIAL_BODIES:
            content = {kind: media or {"schema": _schema(body_model, components)}
                       for kind, media in SPECIAL_BODIES[rule.endpoint].items()}
        elif body_model is not None:
            content = {"application/json": {"schema": _schema(body_model, components)}}
        else:
            content = {"application/json": {"schema": {"type": "object"}}}
        if content:
            # Bodies without a model here are documented in docs/*.md; some routes take none.
            known = body_model is not None or rule.endpoint in SPECIAL_BODIES
            operation["requestBody"] = {"required": known, "content": content}
    return operation


def documented_methods(rule: Any) -> set[str]:
    """The methods a rule documents: Flask's implied HEAD of a GET and OPTIONS of every
    rule are left out, but a HEAD of its own (tus: how far an upload got) and an OPTIONS
    alone (tus: what the server supports) are operations of the API."""
    methods = set(rule.methods or ()) - {"OPTIONS"}
    if "GET" in methods:
        methods.discard("HEAD")
    return methods or {"OPTIONS"}


def spec(app: Flask) -> dict[str, Any]:
    components: dict[str, Any] = {"Error": ERROR}
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in UNLISTED:
            continue
        path, params = _path(rule)
        for method in sorted(documented_methods(rule)):
            paths.setdefault(path, {})[method.lower()] = _operation(app, rule, method, params, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CIPS API",
            "version": "1",
            "description": "Centralized Image Processing System. Browser clients: sign in with "
                           "`GET /api/v1/auth/csrf` (a token) then `POST /api/v1/auth/login` with header "
                           "`X-CSRFToken`; the session cookie then authenticates, and every write carries "
                           "`X-CSRFToken`. Machine clients (scanners, the customs operation system): "
                           "`Authorization: Bearer <token>`. Realtime events: /api/v1/events.schema.json.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                         "description": "from GET /api/v1/auth/csrf or the login answer; on every browser write"},
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "a scanner's or integration account's token"},
            },
        },
    }
