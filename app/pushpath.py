"""No garbage collection between a pushing request's arrival and its push.

A full collection in a serving process walks every object made since start-up was
frozen (`cips serve`): with 200 tablets connected it took 15-60 ms, and while it runs no
greenlet moves. A verdict makes thousands of objects (the session's person, the
assignment with its scan and site, the rows it writes) before its push, so now and then
a collection fell there and the site's officers waited for it
(`benchmarks/bench_push.py`, probes in the server).

Routes marked `@pushes` hold the collector from the start of the request, before sign-in
is checked, to their first `channels.publish`. What was put off runs just after the push,
in the same request, where only the answer to the person who acted waits for it. A
request that ends without pushing (refused, or a projected threat's reveal) lets go at
teardown. The hold is process-wide and counted, so that overlapping requests (a greenlet
that waits on the network while holding) let go only when the last one does, and a
collector that was already off stays off."""

from __future__ import annotations

import gc
import threading
from typing import Callable

from flask import Flask, current_app, g, has_request_context, request

ATTR = "_cips_pushes"
_lock = threading.Lock()
_holders = 0
_resume = False


def pushes(view: Callable) -> Callable:
    """Mark a view whose request ends in a push that people wait for."""
    setattr(view, ATTR, True)
    return view


def holders() -> int:
    return _holders


def _hold() -> None:
    global _holders, _resume
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, ATTR, False):
        return
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    g.cips_gc_held = True


def release() -> None:
    """Let the collector run again, if this request holds it (`channels.publish` calls
    this after its emit; teardown calls it for a request that never pushed)."""
    global _holders
    if not has_request_context() or not g.pop("cips_gc_held", False):
        return
    with _lock:
        _holders -= 1
        if _holders == 0 and _resume:
            gc.enable()


def init_app(app: Flask) -> None:
    # First of all before-request functions: sign-in, CSRF and the rate limiter make
    # objects too.
    app.before_request_funcs.setdefault(None, []).insert(0, _hold)
    app.teardown_request(lambda _exc: release())
