"""Every error leaves as JSON `{"error": "<code>", "message": "<sentence>"}`."""

from __future__ import annotations

import logging

from flask import jsonify
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

log = logging.getLogger(__name__)

# Codes for the HTTP errors Werkzeug raises on its own.
_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_data",
    429: "too_many_requests",
}


def _http_message(exc: HTTPException) -> str:
    """Werkzeug's own sentence for its errors, in the request's language; a description a
    route gave (abort(404, "...")) is kept as written."""
    status = exc.code or 500
    if exc.description and exc.description != type(exc).description:
        return exc.description
    messages = {
        400: lambda: _("The request could not be understood."),
        401: lambda: _("Please sign in."),
        403: lambda: _("You are not allowed to do that."),
        404: lambda: _("There is nothing at this address."),
        405: lambda: _("This address does not take that method."),
        409: lambda: _("The request conflicts with the current state."),
        413: lambda: _("The request is too large."),
        415: lambda: _("The request body is of a type this address does not take."),
        422: lambda: _("The request's data is not valid."),
        429: lambda: _("Too many requests. Please wait a moment and try again."),
    }
    return messages[status]() if status in messages else (exc.description or exc.name)


class ApiError(Exception):
    """Raised by services and routes; turned into a JSON response."""

    def __init__(self, status: int, error: str, message: str, *, headers: dict[str, str] | None = None, **extra):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}
        self.extra = extra


def error_response(status: int, error: str, message: str, **extra):
    response = jsonify({"error": error, "message": message, **extra})
    response.status_code = status
    return response


def init_app(app) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        response = error_response(exc.status, exc.error, exc.message, **exc.extra)
        response.headers.update(exc.headers)
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return error_response(
            400, "csrf_failed",
            # Flask-WTF's reason ("The CSRF token is missing.") stays as it says it.
            _("The request was refused: %(reason)s Reload the page and try again.", reason=exc.description),
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        response = error_response(status, _HTTP_CODES.get(status, "http_error"), _http_message(exc))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    # Safety nets for bad input the checks before the routes missed (issue 13, finding 8):
    # a structure too deep for some parser, a number or date beyond what Python computes.
    @app.errorhandler(RecursionError)
    def _too_deep(exc: RecursionError):
        log.warning("RecursionError answered as 400: %s", exc)
        return error_response(400, "too_deep", _("The request nests too deeply to be read."))

    @app.errorhandler(OverflowError)
    def _overflow(exc: OverflowError):
        log.warning("OverflowError answered as 422: %s", exc)
        return error_response(422, "invalid_data", _("A value in the request is out of range."))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal_error", _("Something went wrong on the server; it has been logged."))
