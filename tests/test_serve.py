"""The server's listening socket."""

from __future__ import annotations

import socket

from app.cli.serve import listening_socket


def test_accepted_connections_have_nagle_off():
    """gevent writes headers and body separately; with Nagle on, every keep-alive
    response stalls ~40 ms on the client's delayed ACK (PERFORMANCE.md)."""
    listener = listening_socket("127.0.0.1", 0)
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (accepted, client, listener):
            s.close()
