"""The local cache of a bucket's objects (app/storage/cache.py): fetched once, checked,
evicted least recently used first, and safe for a reader that still maps an evicted file.
The store here is a local folder standing in for the bucket (the S3 path is exercised by
every other test under CIPS_TEST_STORE=s3)."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from app.config import DEFAULTS, _configure_store
from app.storage import ChecksumMismatch, LocalCache, LocalObjects, open_store, sha256_file


def _put(objects: LocalObjects, key: str, size: int) -> str:
    path = objects.path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.full(size // 2, 7, np.uint16))
    return sha256_file(path)


def test_fetched_once_then_evicted_least_recently_used_first(tmp_path):
    objects = LocalObjects(tmp_path / "bucket")
    for name in "abcd":
        _put(objects, f"scans/1/pyramid/v/{name}.npy", 400_000)
    cache = LocalCache(tmp_path / "cache", max_bytes=1_300_000)
    paths = {}
    for i, name in enumerate("abc"):
        paths[name] = cache.fetch(objects, f"scans/1/pyramid/v/{name}.npy")
        os.utime(paths[name], (time.time() - 100 + i, time.time() - 100 + i))  # a oldest, c newest
    mapped = np.load(paths["a"], mmap_mode="r")
    cache.fetch(objects, "scans/1/pyramid/v/d.npy")  # 1.6 MB > 1.3 MB: the oldest go, down to 90 %
    assert not paths["a"].exists() and not paths["b"].exists()
    assert paths["c"].exists() and cache.path("scans/1/pyramid/v/d.npy").exists()
    assert cache.size() <= 1_170_000
    assert int(mapped[123]) == 7  # a reader that mapped an evicted file keeps reading it


def test_a_fetch_that_does_not_match_its_checksum_leaves_nothing(tmp_path):
    objects = LocalObjects(tmp_path / "bucket")
    _put(objects, "scans/2/high.npy", 1000)
    cache = LocalCache(tmp_path / "cache", max_bytes=10**9)
    with pytest.raises(ChecksumMismatch):
        cache.fetch(objects, "scans/2/high.npy", sha256="0" * 64)
    assert not cache.path("scans/2/high.npy").exists()
    assert cache.fetch(objects, "scans/2/high.npy", sha256=sha256_file(objects.path("scans/2/high.npy"))).exists()


def test_store_url_selects_the_store(tmp_path):
    config = {**DEFAULTS, "STORE_PATH": str(tmp_path / "store"), "STORE_URL": "s3://bucket/some/prefix"}
    _configure_store(config)
    store = open_store(config["STORE_URL"], config["STORE_PATH"], "http://127.0.0.1:1", "k", "s", None)
    assert store.kind == "s3" and store.url == "s3://bucket/some/prefix/"
    folder = {**DEFAULTS, "STORE_PATH": "x", "STORE_URL": f"file://{tmp_path}/elsewhere"}
    _configure_store(folder)
    assert folder["STORE_URL"] is None and folder["STORE_PATH"] == f"{tmp_path}/elsewhere"
    assert open_store(None, folder["STORE_PATH"]).local
    for bad in ("s3://", "ftp://host/x"):
        with pytest.raises(ValueError):
            _configure_store({**DEFAULTS, "STORE_PATH": "x", "STORE_URL": bad})
