"""Request bodies and query strings read through pydantic models: one shape gives the
validation and the 422 message that names the field."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError

from app.errors import ApiError

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    """Base of request bodies: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _field(error: dict[str, Any]) -> str:
    return ".".join(str(p) for p in error["loc"]) or "body"


def parse(model: type[M], data: Any, what: str = "body") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = _field(first)
        raise ApiError(422, "invalid_data", f"{field}: {first['msg']}", field=field) from None


def body(model: type[M]) -> M:
    """The JSON body of this request as `model` (400 if it is not JSON at all)."""
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "invalid_request", "Send a JSON object.")
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
