"""A byte-budgeted LRU of rendered tiles and the ETag that lets browsers revalidate them."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, NamedTuple, Protocol, Sized, TypeVar, cast

# Part of every ETag: bump it whenever rendering changes (colours, filters, encoder
# settings), so browsers refetch instead of keeping tiles drawn the old way.
RENDERER_REVISION = 2  # 2: edge enhancement on raw values, window clamped to the data


class TileKey(NamedTuple):
    """Everything a rendered tile depends on, besides the pyramid's version."""

    scan_id: str
    channel: str
    level: int
    col: int
    row: int
    params_key: str


class _ScanKey(Protocol):
    """What a cache key must have: the scan it belongs to (for `discard_scan`)."""

    @property
    def scan_id(self) -> str: ...

    def __hash__(self) -> int: ...


K = TypeVar("K", bound=_ScanKey)
V = TypeVar("V")


class TileCache(Generic[K, V]):
    """Thread-safe LRU of encoded tile bytes, bounded by total size rather than count
    (tiles range from a few hundred bytes to tens of kilobytes). Typed by key and value:
    `TileCache[TileKey, bytes]` for tiles; other values need their size given to `put`."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
        self.max_bytes = max_bytes
        self._items: OrderedDict[K, V] = OrderedDict()
        self._sizes: dict[K, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        with self._lock:
            data = self._items.get(key)
            if data is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return data

    def put(self, key: K, data: V, size: int | None = None) -> None:
        """Store ``data`` (any value, when its ``size`` in bytes is given)."""
        size = len(cast(Sized, data)) if size is None else size
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= self._sizes.pop(key)
            if size > self.max_bytes:  # would evict everything and still not fit
                return
            self._items[key] = data
            self._sizes[key] = size
            self._bytes += size
            while self._bytes > self.max_bytes:
                evicted, _ = self._items.popitem(last=False)
                self._bytes -= self._sizes.pop(evicted)

    def discard_scan(self, scan_id: str) -> int:
        """Drop every tile of a scan and of its other views ("<id>~<view>"; after reprocessing);
        returns how many."""
        with self._lock:
            doomed = [k for k in self._items if k.scan_id == scan_id or k.scan_id.startswith(scan_id + "~")]
            for key in doomed:
                del self._items[key]
                self._bytes -= self._sizes.pop(key)
            return len(doomed)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self._bytes = 0

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items


def etag(key: TileKey, pyramid_version: str) -> str:
    """Strong ETag (quoted) for a tile: the same bytes for the same key and version,
    because rendering is deterministic."""
    text = "\x1f".join(map(str, (RENDERER_REVISION, pyramid_version, *key)))
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """True when an If-None-Match header value names ``tag`` (or is ``*``), so the
    response can be 304 Not Modified."""
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    bare = tag.strip('"')
    for c in candidates:
        if c == "*":
            return True
        if c.startswith("W/"):  # weak comparison is what If-None-Match uses (RFC 9110)
            c = c[2:]
        if c.strip('"') == bare:
            return True
    return False
