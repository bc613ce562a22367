"""Every error leaves as JSON `{"error": "<code>", "message": "<sentence>"}`."""

from __future__ import annotations

import logging

from flask import jsonify
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
            f"The request was refused: {exc.description} Reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        response = error_response(status, _HTTP_CODES.get(status, "http_error"), exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    # Safety nets for bad input the checks before the routes missed (issue 13, finding 8):
    # a structure too deep for some parser, a number or date beyond what Python computes.
    @app.errorhandler(RecursionError)
    def _too_deep(exc: RecursionError):
        log.warning("RecursionError answered as 400: %s", exc)
        return error_response(400, "too_deep", "The request nests too deeply to be read.")

    @app.errorhandler(OverflowError)
    def _overflow(exc: OverflowError):
        log.warning("OverflowError answered as 422: %s", exc)
        return error_response(422, "invalid_data", "A value in the request is out of range.")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on the server; it has been logged.")
