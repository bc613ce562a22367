"""Request bodies and query strings read through pydantic models: one shape gives the
validation and the 422 message that names the field; and the limits every body meets
before any parser sees it (size, JSON nesting), and dates within range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from collections.abc import Collection, Mapping
from typing import Annotated, Any, TypeVar

from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationError, WithJsonSchema
from pydantic_core import ErrorDetails, PydanticCustomError

from app.database import as_utc
from app.errors import ApiError

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    """Base of request bodies: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


def refuse(message: str) -> PydanticCustomError:
    """A field's refusal in our own sentence, already translated: `parse` puts it after
    the field's name as it is (pydantic's own details stay in pydantic's words)."""
    return PydanticCustomError("invalid", message)


def one_of(choices: Collection[str]) -> BeforeValidator:
    """A value among `choices`, refused with them spelled out: one sentence for every
    field of every API that takes one of a few words (use with `Annotated[Literal…]`)."""

    def check(value: Any) -> Any:
        if value not in choices:
            raise refuse(_("must be one of %(values)s", values=", ".join(choices)))
        return value

    return BeforeValidator(check)


def _field(error: ErrorDetails, root: str, brackets: bool) -> str:
    if not brackets:
        return ".".join(str(p) for p in error["loc"]) or root
    # `files[0].role`, as the scanner API has always named a list item.
    field = ""
    for part in error["loc"]:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return field or root


def parse(model: type[M], data: Any, what: str = "body", *, code: str = "invalid_data", brackets: bool = False) -> M:
    """`data` as `model`, or a 422 `code` naming the first field at fault (`what` when
    it is the whole thing: not an object at all)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = _field(first, what, brackets)
        problem = first["msg"]
        if first["type"] == "extra_forbidden":
            problem = (_("unknown field (known: %(value)s)", value=", ".join(sorted(model.model_fields)))
                       if len(first["loc"]) == 1 else _("unknown field"))
        # The wrapper sentence is translated; pydantic's own detail stays as pydantic words it
        # (a validator of ours raises PydanticCustomError with a translated sentence).
        raise ApiError(422, code, _("%(field)s: %(problem)s", field=field, problem=problem),
                       field=field) from None


def body(model: type[M]) -> M:
    """The JSON body of this request as `model` (400 if it is not JSON at all)."""
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "invalid_request", _("Send a JSON object."))
    return parse(model, data)


def accepts(model: type[BaseModel]):
    """Declare the view's JSON body model, for the OpenAPI document (app.openapi); the
    view still reads it with `body(model)`."""

    def decorate(view):
        view.cips_body = model
        return view

    return decorate


def accepts_query(model: type[BaseModel]):
    """Declare the view's query-string model, for the OpenAPI document."""

    def decorate(view):
        view.cips_query = model
        return view

    return decorate


def query(model: type[M]) -> M:
    return parse(model, request.args.to_dict(), "query")


def query_parameters(model: type[M]) -> M:
    """The query string as `model`, refused as a 400 `invalid_parameter` naming the
    `parameter` (the answer routes that read their parameters by hand always gave)."""
    try:
        return query(model)
    except ApiError as exc:
        raise ApiError(400, "invalid_parameter", exc.message, parameter=exc.extra.get("field")) from None


# --- responses --------------------------------------------------------------------------

RESPONSES_ATTR = "cips_responses"


class Out(BaseModel):
    """Base of response bodies. The view's JSON is this model dumped (`reply`), and the
    OpenAPI document shows this model (`responds`): the two cannot drift apart.
    Built from a dict or straight from ORM attributes; every field is always present in
    the JSON, so the schema marks each one required (None is written as null)."""

    model_config = ConfigDict(from_attributes=True, json_schema_serialization_defaults_required=True, defer_build=True)

    @classmethod
    def dump(cls, data: Any) -> dict[str, Any]:
        """`data` (a dict, an instance, or an object with these attributes) as JSON-ready
        dict: for payloads that travel inside another answer or outside HTTP."""
        return cls.model_validate(data).model_dump(mode="json")


def _utc_iso(when: datetime) -> str:
    return when.isoformat()


# A moment, always written in UTC with its offset ("2026-11-27T00:15:00+00:00", as
# datetime.isoformat writes it, not pydantic's "Z"): a naive value from SQLite is UTC.
UtcDateTime = Annotated[
    datetime, AfterValidator(as_utc), PlainSerializer(_utc_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def responds(models: type[BaseModel] | dict[int, type[BaseModel]]):
    """Declare the view's JSON answer per status (a model alone: 200): an `Out`, or a
    RootModel of a union of them (an answer of two shapes). The OpenAPI document
    describes each with the model's schema, and `reply` shapes the body through the
    same model."""
    declared = models if isinstance(models, dict) else {200: models}

    def decorate(view):
        setattr(view, RESPONSES_ATTR, declared)
        return view

    return decorate


MEDIA_ATTR = "cips_media"


@dataclass(frozen=True)
class Media:
    """One status of an answer that is not a `@responds` model: the Content-Types its
    body may have (none: no body) and the headers it always carries, each with what it
    says (for the OpenAPI document)."""

    types: tuple[str, ...]
    headers: Mapping[str, str]


def responds_media(statuses: Mapping[int, str | Collection[str] | None], *, headers: Mapping[str, str] | None = None,
                   method: str | None = None):
    """Declare what the view sends that is not JSON of a model (images, XML, CSV, a PDF,
    a bodiless 204), per status: one Content-Type, several (the one sent depends on the
    request, e.g. a tile's `.{ext}`), or None for no body. `headers` (name: what it says)
    are carried by every status of this declaration. `method` limits it to one method
    of a view that serves several with different answers; stack one per method. The
    OpenAPI document shows these instead of an undescribed `2XX`."""
    answers = {status: Media((kinds,) if isinstance(kinds, str) else tuple(kinds or ()), dict(headers or {}))
               for status, kinds in statuses.items()}

    def decorate(view):
        declared = dict(getattr(view, MEDIA_ATTR, {}))  # stacked: one declaration per method
        declared[method.upper() if method else None] = answers
        setattr(view, MEDIA_ATTR, declared)
        return view

    return decorate


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The answer of the current view: `data` (dict, model or ORM object) validated and
    dumped through the model its `@responds` declared for `status`. A view that declared
    none for this status is a programming error, caught by the first test that calls it."""
    view = current_app.view_functions[request.endpoint]
    model = getattr(view, RESPONSES_ATTR, {}).get(status)
    if model is None:
        raise LookupError(f"{request.endpoint} declares no @responds model for status {status}")
    response = jsonify(model.model_validate(data).model_dump(mode="json"))
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


# --- limits on every request body (issue 13, finding 8) ------------------------------

# Bodies read as text by some route: JSON, NDJSON, plain text, forms. Uploads (tus's
# application/offset+octet-stream, images) are bytes no parser walks.
_TEXT_TYPES = re.compile(r"^(application/(json|x-ndjson|ndjson|x-www-form-urlencoded)|text/.*|.*\+json)$")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")
_OPENING = frozenset(b"[{")


def nesting_depth(data: bytes, stop_above: int) -> int:
    """How deep brackets nest in `data` outside JSON strings, counting no further than
    `stop_above` + 1: a body of 100,000 `[` costs microseconds, not a RecursionError."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub(b'""', data)):
        if match.group()[0] in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    return deepest
        else:
            depth = max(depth - 1, 0)
    return deepest


def _check_text(data: bytes, where: str) -> None:
    limit = int(current_app.config["JSON_MAX_DEPTH"])
    if nesting_depth(data, limit) > limit:
        raise ApiError(400, "too_deep", _("%(what)s nests deeper than %(limit)s levels.", what=where, limit=limit),
                       limit=limit)


def check_body() -> None:
    """Before every request: a body some route will parse is at most JSON_MAX_BYTES and
    nests at most JSON_MAX_DEPTH deep (400/413 with a JSON reason, never a 500)."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    mimetype = request.mimetype or ""
    if mimetype == "multipart/form-data":
        # Files stay unread here; the small fields (a scan's `metadata`) are JSON.
        for name, value in request.form.items():
            _check_size(len(value.encode()), _("The form field %(name)s", name=repr(name)))
            _check_text(value.encode(), _("The form field %(name)s", name=repr(name)))
        return
    if not _TEXT_TYPES.match(mimetype) and mimetype != "":
        return
    length = request.content_length
    # Lazy: translated only for the error (the locale is negotiated on first use).
    what = _l("The request body")
    if length is not None:
        _check_size(length, what)
    # Also bounds a chunked body that declares no length (Flask 3.1: per request).
    request.max_content_length = int(current_app.config["JSON_MAX_BYTES"])
    _check_text(request.get_data(cache=True), what)


def _check_size(size: int, what: str) -> None:
    limit = int(current_app.config["JSON_MAX_BYTES"])
    if size > limit:
        raise ApiError(413, "too_large", _("%(what)s has more than %(limit)s bytes.", what=what, limit=limit),
                       limit=limit)


# --- dates --------------------------------------------------------------------------

# Dates a person may ask about: anything wider makes the date arithmetic overflow
# (`timeline?date=0001-01-01`) and means nothing for a scanner anyway.
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


def date_in_range(value: date, field: str) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ApiError(422, "invalid_data", _("%(field)s: a date between %(earliest)s and %(latest)s.", field=field,
                                              earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()), field=field)
    return value


def init_app(app) -> None:
    app.before_request(check_body)
