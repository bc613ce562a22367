"""A worker process: reads `{"task": "module:function", "kwargs": {...}}` lines
on stdin and answers one JSON line each on stdout. Imports no Flask."""

from __future__ import annotations

import importlib
import json
import logging
import sys
import traceback
from typing import Any

log = logging.getLogger("cips.worker")
ALLOWED_PREFIX = "app."  # only our own tasks, whatever a caller sends


def run_one(request: dict[str, Any]) -> dict[str, Any]:
    module_name, _, func_name = request["task"].partition(":")
    if not module_name.startswith(ALLOWED_PREFIX):
        return {"ok": False, "kind": "PermissionError", "message": f"task {request['task']!r} is not ours"}
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        return {"ok": True, "result": func(**request["kwargs"])}
    except Exception as exc:  # reported to the caller, the worker lives on
        if not getattr(exc, "expected", False):
            log.error("task %s failed:\n%s", request["task"], traceback.format_exc())
        return {"ok": False, "kind": type(exc).__name__, "message": str(exc)}


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="worker %(levelname)s %(message)s")
    out = sys.stdout.buffer
    # Anything a task prints must not corrupt the reply channel.
    sys.stdout = sys.stderr
    for line in sys.stdin.buffer:
        reply = run_one(json.loads(line))
        out.write(json.dumps(reply).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
