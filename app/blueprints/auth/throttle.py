"""Sign-in throttling that holds under concurrency (issue 13, findings 5 and 6).

Every attempt is counted *before* its password is checked (one atomic increment in
the limiter's storage: Redis when CIPS has one, memory otherwise), and refunded when
it succeeds. Counting after the answer (flask-limiter's `deduct_when`) let 60
concurrent wrong passwords all through, since each was tested before any was counted.

Three counters:
- per address: how many failures one client may make, whatever the usernames;
- per (address, username): how many failures one client may make against one
  account. Its lock-out is local to that address: nobody elsewhere can lock a person
  out by failing with their name;
- per username, everywhere: a slower global rate that, once passed, *delays* each
  further attempt (LOGIN_SLOWDOWN_SECONDS) instead of refusing it, so spreading a
  guessing attack over many addresses is slowed and the person is still never
  locked out."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse

from app.errors import ApiError
from app.extensions import limiter

def normalise(username: str) -> str:
    """How usernames are compared: ` Supervisor ` is `supervisor` (NFKC, trimmed, lower-cased, as the database compares)."""
    return unicodedata.normalize("NFKC", username).strip().lower()


@dataclass
class Attempt:
    """The counters one sign-in attempt was charged to; `succeeded()` refunds them."""

    charged: list[tuple[RateLimitItem, tuple[str, ...]]]
    slow: bool  # the username's global rate is passed: delay this attempt

    def succeeded(self) -> None:
        storage = limiter.storage
        for item, keys in self.charged:
            storage.incr(item.key_for(*keys), item.get_expiry(), amount=-1)


def _limit(key: str) -> RateLimitItem:
    return parse(current_app.config[key])


def charge(username: str) -> Attempt:
    """Count one attempt against every counter, atomically; 429 when a hard limit is passed."""
    strategy = limiter.limiter
    # One deployment's counters apart from another's on a shared Redis.
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or current_app.config["REDIS_CHANNEL"]
    address = request.remote_addr or "unknown"
    name = normalise(username)
    counters = [
        (_limit("LOGIN_FAILURES_PER_ADDRESS"), (prefix, "login-address", address)),
        (_limit("LOGIN_FAILURES_PER_USER"), (prefix, "login-address-user", address, name)),
    ]
    charged, refused = [], None
    for item, keys in counters:
        ok = strategy.hit(item, *keys)
        charged.append((item, keys))
        if not ok:
            refused = item
            break
    if refused is not None:
        # A refused attempt checks no password: it is not a failure of its own, refund it.
        Attempt(charged, False).succeeded()
        retry = int(refused.get_expiry())
        raise ApiError(429, "too_many_requests", _("Too many failed sign-ins. Wait a few minutes and try again."), headers={"Retry-After": str(retry)},
                       retry_after=retry)
    slow_item = _limit("LOGIN_FAILURES_PER_USER_GLOBAL")
    slow_keys = (prefix, "login-user", name)
    slow = not strategy.hit(slow_item, *slow_keys)
    charged.append((slow_item, slow_keys))
    return Attempt(charged, slow)
