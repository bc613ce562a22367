"""The browser's shader constants are generated from app/tiles and must be current."""

from __future__ import annotations

from pathlib import Path

from app.tiles import gpu_constants

ROOT = Path(__file__).resolve().parents[2]


def test_generated_typescript_is_current():
    current = (ROOT / gpu_constants.GENERATED_PATH).read_text()
    assert current == gpu_constants.typescript(), (
        "regenerate: python -m app.tiles.gpu_constants > " + gpu_constants.GENERATED_PATH)
