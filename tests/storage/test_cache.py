"""The local cache of a bucket's objects (app/storage/cache.py): fetched once, checked,
evicted least recently used first, and safe for a reader that still maps an evicted file.
The store here is a local folder standing in for the bucket (the S3 path is exercised by
every other test under CIPS_TEST_STORE=s3)."""

from __future__ import annotations

import os
import shutil
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


def test_a_reader_of_a_replaced_pyramid_version_reads_the_new_one(tmp_path):
    """A tile server that opened version 1 keeps serving after version 2 replaced it and
    version 1's files were deleted from the bucket (a rebuild, a retry)."""
    import json

    from app.storage import open_remote_scan
    from app.synthetic import generate_scan
    from app.tiles import process_scan, save_scan
    from app.tiles.materials import DEFAULT_CALIBRATION

    objects = LocalObjects(tmp_path / "bucket")
    pair = generate_scan(3, 300, 200)

    def publish() -> list[str]:
        built = tmp_path / "built"
        shutil.rmtree(built, ignore_errors=True)
        save_scan(process_scan(pair.high, pair.low, DEFAULT_CALIBRATION), built, fsync=False)
        manifest = json.loads((built / "manifest.json").read_text())
        files = {}
        for path in (built / manifest["data"]).iterdir():
            key = f"scans/9/pyramid/{manifest['data']}/{path.name}"
            objects.put_file(key, path)
            files[path.name] = {"key": key}
        objects.put_bytes("scans/9/pyramid/manifest.json", json.dumps({**manifest, "objects": files}).encode())
        return [f["key"] for f in files.values()]

    first = publish()
    scan = open_remote_scan(objects, LocalCache(tmp_path / "cache", 10**9), 9)
    top = scan.channels["high"].level(0)  # one level fetched under version 1
    publish()
    objects.delete(first)
    full = scan.channels["high"].level(scan.channels["high"].max_level)
    assert full.shape == (200, 300) and int(top[0, 0]) >= 0
    assert np.array_equal(np.asarray(full), pair.high)
