"""Tile byte cache (LRU within a byte budget, thread-safe) and ETags."""

from __future__ import annotations

import threading

import pytest

from app.tiles import TileCache, TileKey, etag, etag_matches


def key(col: int, scan: str = "s1", params: str = "p") -> TileKey:
    return TileKey(scan, "high", 12, col, 0, params)


def test_evicts_least_recently_used_by_bytes():
    cache = TileCache(max_bytes=100)
    for col in range(3):
        cache.put(key(col), bytes(40))  # 120 bytes > 100: the oldest goes
    assert key(0) not in cache and key(1) in cache and key(2) in cache
    assert cache.total_bytes == 80
    assert cache.get(key(1)) == bytes(40)  # touching 1 makes 2 the oldest
    cache.put(key(3), bytes(30))
    assert key(2) not in cache and key(1) in cache and key(3) in cache
    assert cache.total_bytes == 70
    assert cache.get(key(0)) is None and cache.hits == 1 and cache.misses == 1


def test_replacing_and_oversized_items():
    cache = TileCache(max_bytes=100)
    cache.put(key(0), bytes(60))
    cache.put(key(0), bytes(10))  # replacement frees the old size
    assert cache.total_bytes == 10 and len(cache) == 1
    cache.put(key(1), bytes(101))  # larger than the whole budget: not cached, no eviction
    assert key(1) not in cache and key(0) in cache and cache.total_bytes == 10
    with pytest.raises(ValueError):
        TileCache(max_bytes=-1)


def test_discard_scan_and_clear():
    cache = TileCache(max_bytes=1000)
    cache.put(key(0, "a"), b"x" * 10)
    cache.put(key(1, "a"), b"x" * 10)
    cache.put(key(0, "b"), b"y" * 10)
    assert cache.discard_scan("a") == 2
    assert len(cache) == 1 and cache.total_bytes == 10
    cache.clear()
    assert len(cache) == 0 and cache.total_bytes == 0


def test_threads_keep_the_budget():
    cache = TileCache(max_bytes=5000)

    def worker(n: int) -> None:
        for i in range(500):
            cache.put(key(i % 97, scan=str(n)), bytes(37 + i % 50))
            cache.get(key((i * 7) % 97, scan=str((n + 1) % 4)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.total_bytes <= 5000
    assert cache.total_bytes == sum(len(cache.get(k)) for k in list(cache._items))


def test_etag_is_strong_stable_and_versioned():
    tag = etag(key(1), "v1")
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert tag == etag(key(1), "v1")
    assert tag != etag(key(1), "v2")  # reprocessed scan: browsers must refetch
    assert tag != etag(key(2), "v1") and tag != etag(key(1, params="q"), "v1")


def test_etag_matches_if_none_match():
    tag = etag(key(1), "v1")
    assert etag_matches(tag, tag)
    assert etag_matches(f'"other", {tag}', tag)
    assert etag_matches(f"W/{tag}", tag)
    assert etag_matches("*", tag)
    assert not etag_matches(None, tag) and not etag_matches("", tag)
    assert not etag_matches('"other"', tag)
