"""The production-grade server: one process, gevent, WebSocket included."""

from __future__ import annotations

import gc
import logging
import os
import socket
import time

log = logging.getLogger(__name__)


def prepare_async() -> None:
    mode = os.environ.get("CIPS_ASYNC_MODE", "gevent")
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()


def freeze_startup_heap() -> None:
    """Move everything built at start-up (modules, mappers, schemas, the app) out of the
    collector's sight: a full collection then walks only what requests made since. In a
    serving process full collections took 24-229 ms, during which no request or push
    moved (gc callbacks in `cips serve` under benchmarks/bench_push.py)."""
    gc.collect()
    gc.freeze()


def listening_socket(host: str, port: int) -> socket.socket:
    """A listener with TCP_NODELAY: gevent writes headers and body separately,
    and with Nagle on each keep-alive response waits ~40 ms for a delayed ACK."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def listen_to_other_processes(timeout: float = 30.0) -> None:
    """Subscribe to the Socket.IO message queue before taking the first connection.

    python-socketio subscribes lazily, on its first client's connection, in a background
    task: a web process started again after a crash dropped what other processes (and
    it itself) published until that task had subscribed, such as the `assignment.new`
    a worker's dispatch sends the analyst who has just reconnected, so the scan sat
    hidden on their workstation until its deadline."""
    from socketio.pubsub_manager import PubSubManager

    from app.extensions import socketio

    server = socketio.server
    manager = server.manager if server is not None else None
    if not isinstance(manager, PubSubManager) or manager.write_only or server.manager_initialized:
        return
    server.manager_initialized = True
    manager.initialize()
    deadline = time.monotonic() + timeout
    while not _subscribed(manager):
        if time.monotonic() > deadline:
            log.warning("not yet subscribed to the message queue after %g s; serving anyway", timeout)
            return
        socketio.sleep(0.01)  # lets the subscribing task run (gevent)


def _subscribed(manager) -> bool:
    pubsub = getattr(manager, "pubsub", None)  # the Redis manager's, once it has connected
    return bool(pubsub is not None and pubsub.subscribed)


def serve(app, host: str, port: int) -> None:
    from app.blueprints.assignments.presence import keep_alive
    from app.extensions import socketio
    from app.jobs.consumer import start_embedded
    from app.jobs.offload import local_pool

    if app.config["EMBEDDED_WORKER"]:
        local_pool(app).warm_up()  # the first scan should not wait for workers to start
        # Chores (assignment sweep, COS courier, equipment watch, the exam timer...) run
        # from here too, once per deployment however many processes run them.
        start_embedded(app, beat=True)
    keep_alive(app)
    listen_to_other_processes()
    freeze_startup_heap()

    mode = app.config["ASYNC_MODE"]
    if mode != "gevent":
        log.warning("serving with async mode %s; gevent is the supported production mode", mode)
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=mode == "threading")
        return
    from gevent.pywsgi import WSGIServer
    from geventwebsocket.handler import WebSocketHandler

    # gevent-websocket's handler ends the HTTP connection with the WebSocket; plain
    # pywsgi would read the closing frame as a new (garbled) HTTP request.
    if not app.config["ACCESS_LOG"]:
        # One line per request is thousands a second while analysts pan tiles: off by default.
        logging.getLogger("geventwebsocket.handler").setLevel(logging.WARNING)
    server = WSGIServer(listening_socket(host, port), app, log=None, error_log=log,
                        handler_class=WebSocketHandler)
    log.info("CIPS listening on http://%s:%d", host, port)
    server.serve_forever()
