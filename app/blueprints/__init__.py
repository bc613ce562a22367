"""One package per domain; each exposes `bp`."""

from __future__ import annotations

from importlib import import_module

# Order matters only for the frontend catch-all, which must come last.
BLUEPRINTS = ("health", "contract", "auth", "admin", "audit", "calibration", "ingest", "scans", "assignments",
              "declarations", "equipment", "training", "storage", "tip",
              "frontend")


def register_blueprints(app) -> None:
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"app.blueprints.{name}").bp)
