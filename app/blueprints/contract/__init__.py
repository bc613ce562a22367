"""The published contract, generated from the code: OpenAPI 3.1 for every HTTP route
(app.openapi) and the realtime events' schema (app.channels). Public: a contract is for
integrators before they hold any credential."""

from __future__ import annotations

from babel import Locale
from flask import Blueprint, current_app, jsonify

from app import channels, i18n, openapi
from app.blueprints.auth.schemas import LanguagesOut
from app.security import public
from app.validation import reply, responds, responds_media

bp = Blueprint("contract", __name__, url_prefix="/api/v1")


@bp.get("/events.schema.json")
@public
@responds_media({200: "application/json"})
def events_schema():
    return jsonify(channels.schema())


@bp.get("/openapi.json")
@public
@responds_media({200: "application/json"})
def openapi_document():
    """The OpenAPI 3.1 document of this server's HTTP API."""
    # The URL map is fixed once the app is built: generate once per process.
    document = current_app.extensions.get("cips_openapi")
    if document is None:
        document = current_app.extensions["cips_openapi"] = openapi.spec(current_app)
    return jsonify(document)


@bp.get("/languages")
@public
@responds(LanguagesOut)
def languages():
    """The languages CIPS speaks (BCP 47 tags, each with its own name for itself) and the
    one this request is answered in. Public: the sign-in page offers them."""
    tags = i18n.languages()
    return reply({
        "languages": [
            {"tag": tag, "name": Locale.parse(tag, sep="-").get_display_name(Locale.parse(tag, sep="-"))}
            for tag in tags
        ],
        "current": i18n.request_language(),
    })
