"""The shape of the code: domains talk through signals (app.events), never through
imports hidden inside functions to dodge an import cycle (CONVENTIONS.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

APP = ROOT / "app"
# Entry points import lazily on purpose: Flask after gevent's patching, commands on use.
ENTRY_POINTS = {APP / "__init__.py"} | set((APP / "cli").rglob("*.py"))


def _area(module: str) -> str:
    """`app.blueprints.training.bank` -> `blueprints.training`; `app.jobs.queue` -> `jobs`."""
    parts = module.split(".")
    if parts[:2] == ["app", "blueprints"] and len(parts) > 2:
        return f"blueprints.{parts[2]}"
    return parts[1] if len(parts) > 1 else parts[0]


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_of_another_part_of_the_app_hides_inside_a_function():
    hidden = []
    for path in sorted(APP.rglob("*.py")):
        if path in ENTRY_POINTS:
            continue
        here = _area(_module(path))
        for fn in ast.walk(ast.parse(path.read_text())):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                names = ([node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                         else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                for name in names:
                    if name.split(".")[0] == "app" and _area(name) != here:
                        hidden.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not hidden, "name a signal in app/events.py, or import at the top:\n" + "\n".join(hidden)
