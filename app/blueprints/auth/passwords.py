"""Password hashing with Argon2id (argon2-cffi's tuned defaults), run off the event
loop, and the password policy people's passwords must meet.

Argon2 costs ~0.4 s of CPU and 64 MiB by design. Under gevent, a hash computed on the
loop stops every other request for that long (issue 13, finding 5: `/health` took 3.2 s
during 12 logins), so `cips serve` hashes in a small pool of real threads: argon2-cffi
releases the GIL, and the threads run at a lower priority so the loop keeps a fair
share of the CPU while a burst of sign-ins queues behind them."""

from __future__ import annotations

import re
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

@lru_cache(maxsize=4)
def _hasher_with(memory_kib: int, time_cost: int) -> PasswordHasher:
    # argon2-cffi's defaults (64 MiB, 3 passes: PASSWORD_HASH_MEMORY_KIB and
    # PASSWORD_HASH_TIME_COST) on one lane instead of four: the same memory hardness, but
    # a hash occupies one core, so a burst of sign-ins on a 2-core server leaves the other
    # core to the event loop. Hashes made with other parameters (older 4-lane ones
    # included) still verify and are rehashed at their owner's next sign-in.
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher_with(config["PASSWORD_HASH_MEMORY_KIB"], config["PASSWORD_HASH_TIME_COST"])  # whole numbers (app/config.py)


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the username is unknown, so both paths cost the same and
    timing does not reveal which usernames exist. Made at the first such sign-in, not
    at import: a hash is 0.2 s of every process's start (each `cips` command)."""
    return hasher.hash("not a password of anyone")


MIN_LENGTH = 8  # what any stored password must have (the demo's included)
POLICY_MIN_LENGTH = 12  # what a person's new password must have (admin, CLI)
# Longer passwords are refused before hashing: Argon2 reads all of it, and a 300 MB
# "password" cost 2.4 s of CPU (finding 5).
MAX_BYTES = 1024
COMMON_FILE = Path(__file__).with_name("data") / "common_passwords.txt"
# Threads hashing at once per process; more only multiplies the memory (64 MiB each)
# and steals the CPU from the loop without making a burst finish sooner on 2 cores.
# At normal priority: one thread leaves the loop a core of its own on 2 cores, and a
# lowered priority starved sign-ins for many seconds whenever workers kept the CPU busy.
HASH_THREADS = 1

T = TypeVar("T")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValueError(_("A password needs at least %(count)s characters.", count=MIN_LENGTH))
    if too_long(password):
        raise ValueError(_("A password has at most %(limit)s bytes.", limit=MAX_BYTES))
    return off_loop(_hasher().hash, password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    hasher = _hasher()  # read here: the hash thread has no app context
    return off_loop(_verify, hasher, stored_hash or off_loop(_dummy_hash, hasher), password) and stored_hash is not None


def _verify(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    # A wrong password is caught here, in the hash thread: an exception leaving it is
    # printed by gevent's thread pool as a traceback on every failed sign-in.
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


def too_long(password: str) -> bool:
    return len(password.encode("utf-8", "surrogatepass")) > MAX_BYTES


# --- off the event loop ------------------------------------------------------------

_pool = None
_pool_lock = threading.Lock()


def _gevent_patched() -> bool:
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return monkey.is_module_patched("threading")


def off_loop(fn: Callable[..., T], *args) -> T:
    """`fn(*args)` in a real thread when the process runs under gevent (the greenlet
    waits, the loop serves others); a plain call otherwise (threads already)."""
    global _pool
    if not _gevent_patched():
        return fn(*args)
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                from gevent.threadpool import ThreadPool

                _pool = ThreadPool(HASH_THREADS)
    return _pool.apply(fn, args)


# --- the policy --------------------------------------------------------------------


@lru_cache(maxsize=4)
def common_passwords(path: str | None = None) -> frozenset[str]:
    """The refused list: one password a line, compared lower-cased (`#` comments)."""
    file = Path(path) if path else COMMON_FILE
    lines = file.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


# Keyboard rows and the alphabet, both ways: walks along them are the first guesses.
_RUNS = tuple(r for run in ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
              for r in (run, run[::-1]))


def _predictable(lowered: str) -> bool:
    """Mostly one repeated character pair or walks along a keyboard row:
    "aaaaaaaaaaaa", "abababababab", "123456789012", "qwertyuiopas"."""
    core = re.sub(r"[\W_]+", "", lowered)
    if len(set(core)) <= 2:
        return True
    covered, i = 0, 0
    while i < len(core):
        longest = 0
        for run in _RUNS:
            n = 1
            while i + n <= len(core) and core[i:i + n] in run:
                n += 1
            longest = max(longest, n - 1)
        if longest >= 3:
            covered += longest
            i += longest
        else:
            i += 1
    return covered >= 0.75 * len(core)


def policy_problem(password: str, username: str | None = None, common_file: str | None = None) -> str | None:
    """Why `password` may not be a person's new password, or None when it may."""
    if len(password) < POLICY_MIN_LENGTH:
        return _("A password needs at least %(count)s characters; a few unrelated words make a good one.",
                 count=POLICY_MIN_LENGTH)
    if too_long(password):
        return _("A password has at most %(limit)s bytes.", limit=MAX_BYTES)
    lowered = password.lower()
    if lowered in common_passwords(common_file) or _predictable(lowered):
        return _("This password is too common: it is on the list of passwords attackers try first.")
    if username and username.strip().lower() in lowered:
        return _("A password may not contain the username.")
    return None
