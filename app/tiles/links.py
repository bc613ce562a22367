"""Short-lived signed tile links: who may read which scan's tiles, checked with one HMAC.

A viewer asks for dozens of tiles a second; checking each against the database and the
session costs four times the tile itself (PERFORMANCE.md). Instead, the request that decides
a person may see a scan (the scan's JSON, an assignment, a library or exam door) signs a
token naming the scan, the person and an expiry, and the tile path checks the signature.

Expiry is rounded up to whole periods, so every link handed to one person for one scan
within a period is the same URL and the browser's cache keeps working across page loads;
a link lives between one and two periods. The person is bound twice: by the user id in
the signed token, and by a cookie (``cookie_value``) only that person's browser holds, so
a copied link is useless elsewhere.

A link may also name another *view* of the scan for its person (a threat image projected for
one analyst, app/blueprints/tip): its MAC field is then the plain MAC XOR (view id, 8 bytes;
a second MAC over the body and the view, 8 bytes). Without the key both look like random
bytes, so a link to a view has the same shape as any other; the server reads the view back
with the key alone, no database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

TOKEN_VERSION = "t1"
COOKIE_NAME = "cips_tiles"


@dataclass(frozen=True)
class TileLink:
    scan_id: int
    user_id: int
    expires: int  # Unix seconds
    view: int | None = None  # another view of the scan for this person (see above)


def _digest(key: bytes, message: str, size: int = 16) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()[:size]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _mac(key: bytes, message: str, size: int = 16) -> str:
    return _b64(_digest(key, message, size))


def _view_pad(key: bytes, body: str, view: int) -> bytes:
    return view.to_bytes(8, "big") + _digest(key, f"view.{body}.{view}", 8)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def derive_key(secret: str) -> bytes:
    """A key of its own for tile links, so no other signature can be replayed as one."""
    return hashlib.sha256(b"cips tile links\x00" + secret.encode()).digest()


def expiry(now: float, period: int) -> int:
    """End of the period after the current one: the same for every link signed this period."""
    return (int(now) // period + 2) * period


def sign(key: bytes, scan_id: int, user_id: int, expires: int, view: int | None = None) -> str:
    body = f"{TOKEN_VERSION}.{scan_id}.{user_id}.{expires}"
    if not view:
        return f"{body}.{_mac(key, body)}"
    if not 0 < view < 2**63:
        raise ValueError(f"view {view} out of range")
    return f"{body}.{_b64(_xor(_digest(key, body), _view_pad(key, body, view)))}"


def verify(key: bytes, token: str, now: float) -> TileLink | None:
    """The link a token grants, or None when it is malformed, forged or expired."""
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != TOKEN_VERSION or not all(p.isdigit() for p in parts[1:4]):
        return None
    body, mac = token.rpartition(".")[0], parts[4]
    view = None
    if not hmac.compare_digest(_mac(key, body), mac):
        try:
            field = base64.urlsafe_b64decode(mac + "=" * (-len(mac) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(field) != 16 or _b64(field) != mac:
            return None
        pad = _xor(field, _digest(key, body))
        view = int.from_bytes(pad[:8], "big")
        if not 0 < view < 2**63 or not hmac.compare_digest(pad, _view_pad(key, body, view)):
            return None
    link = TileLink(int(parts[1]), int(parts[2]), int(parts[3]), view)
    return link if link.expires > now else None


def cookie_value(key: bytes, user_id: int) -> str:
    """What the browser of ``user_id`` carries in the ``cips_tiles`` cookie."""
    return _mac(key, f"cookie.{user_id}")


def cookie_matches(key: bytes, link: TileLink, cookie_header: str | None) -> bool:
    """True when the request's Cookie header holds this link's person's tile cookie."""
    if not cookie_header:
        return False
    wanted = cookie_value(key, link.user_id)
    for part in cookie_header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE_NAME and hmac.compare_digest(value, wanted):
            return True
    return False
