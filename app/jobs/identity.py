"""This process's name among the consumers (host:pid:random), fresh after a fork."""

from __future__ import annotations

import os
import secrets
import socket

_id = ""
_pid = -1


def current_consumer_id() -> str:
    global _id, _pid
    if os.getpid() != _pid:
        _id, _pid = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}", os.getpid()
    return _id
