"""The tablet offers the units and categories the server accepts: one list each, in
Python (app/models/workflow.py, app/threats.py), mirrored in the SPA."""

from __future__ import annotations

import json
import re

from app.models.workflow import FINDING_UNITS
from app.threats import THREAT_CATEGORIES
from tests.helpers import ROOT

FRONTEND = ROOT / "frontend" / "src"


def test_the_tablets_units_are_the_servers():
    source = (FRONTEND / "inspections.ts").read_text()
    found = re.search(r"FINDING_UNITS = \[([^\]]*)\] as const", source)
    assert found, "FINDING_UNITS not found in frontend/src/inspections.ts"
    assert tuple(json.loads(f"[{found.group(1)}]".replace("'", '"'))) == FINDING_UNITS


def test_every_unit_and_category_has_words_in_both_languages():
    for language in ("en", "zh-CN"):
        catalog = json.loads((FRONTEND / "locales" / language / "officer.json").read_text())
        assert set(catalog["unit"]) == set(FINDING_UNITS), language
        assert set(catalog["category"]) == set(THREAT_CATEGORIES), language
