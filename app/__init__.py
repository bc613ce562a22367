"""CIPS: Centralized Image Processing System for customs X-ray (NII) scanners.

Flask is imported inside `create_app` so that the pure packages (`app.tiles`,
`app.synthetic`, `app.vendors`) import without it: the site agent and the
benchmarks use them on machines that never run the web app.
"""

from __future__ import annotations

from typing import Any, Mapping


def create_app(test_config: Mapping[str, Any] | None = None):
    from app.config import configure, instance_path_from_env
    from app.routing import CipsFlask

    app = CipsFlask(__name__, instance_path=instance_path_from_env(), instance_relative_config=True)
    configure(app, test_config)

    # realtime must be imported before the first init_app: Flask-SocketIO keeps
    # handlers for later apps only if they were declared before a server existed.
    from app import errors, extensions, i18n, pushpath, realtime, security, validation  # noqa: F401
    from app.blueprints import register_blueprints

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    extensions.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    # Ids are database integers: a path id beyond them is a 404, not an overflow (500).
    app.url_map.converters["int"] = security.DatabaseId
    validation.init_app(app)  # after the access check: strangers' bodies are not even read
    pushpath.init_app(app)  # before all of them
    register_blueprints(app)

    return app
