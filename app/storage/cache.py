"""A size-bounded local copy of objects kept in a bucket, for memory-mapped reads.

The cache mirrors the bucket's keys under a folder (``<root>/scans/42/pyramid/...``).
A file is fetched on first use under an exclusive lock per key (two processes wanting
it download it once), lands under a temporary name and is renamed into place, so a
reader never maps half a file. Reading a file again marks it used (its mtime); when
the cached bytes pass the limit the least recently used files go. A process that still
maps an evicted file keeps reading it (POSIX keeps the inode until unmapped).

No Flask here."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator, Set as AbstractSet
from contextlib import contextmanager
from pathlib import Path

from .objects import ObjectStore, sha256_file

log = logging.getLogger(__name__)

CACHED_TREES = ("scans", "ingest")  # scratch (tmp/) and uploads are never evicted
TOUCH_EVERY_SECONDS = 60.0


class ChecksumMismatch(IOError):
    def __init__(self, key: str, expected: str, actual: str):
        super().__init__(f"object {key}: SHA-256 {actual} does not match the recorded {expected}")
        self.key, self.expected, self.actual = key, expected, actual


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class LocalCache:
    def __init__(self, root: str | os.PathLike[str], max_bytes: int):
        self.root = Path(root)
        self.max_bytes = int(max_bytes)
        self._filled_since_sweep = 0
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()

    def path(self, key: str) -> Path:
        return self.root / key

    def _lock_path(self, key: str) -> Path:
        return self.root / ".locks" / hashlib.sha1(key.encode()).hexdigest()[:16]

    def fetch(self, objects: ObjectStore, key: str, sha256: str | None = None) -> Path:
        """The local path of `key`, downloaded first if it is not here (and checked
        against `sha256` when given)."""
        path = self.path(key)
        if path.is_file():
            self.touch(key, path)
            return path
        with file_lock(self._lock_path(key)):
            if not path.is_file():
                objects.download(key, path)
                if sha256 is not None:
                    actual = sha256_file(path)
                    if actual != sha256:
                        path.unlink(missing_ok=True)
                        raise ChecksumMismatch(key, sha256, actual)
                size = path.stat().st_size
                with self._lock:
                    self._filled_since_sweep += size
                    sweep = self._filled_since_sweep >= max(1, self.max_bytes // 20)
                if sweep:
                    self.evict(keep={path})
        return path

    def touch(self, key: str, path: Path) -> None:
        """Mark a cached file used, at most once a minute per file and process."""
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(key, -TOUCH_EVERY_SECONDS) < TOUCH_EVERY_SECONDS:
                return
            if len(self._touched) > 100_000:
                self._touched.clear()
            self._touched[key] = now
        try:
            os.utime(path)
        except OSError:
            pass

    def files(self) -> list[tuple[float, int, Path]]:
        found = []
        for tree in CACHED_TREES:
            for dirpath, _dirs, names in os.walk(self.root / tree):
                for name in names:
                    full = Path(dirpath) / name
                    try:
                        st = full.stat()
                    except FileNotFoundError:
                        continue
                    found.append((st.st_mtime, st.st_size, full))
        return found

    def size(self) -> int:
        return sum(size for _, size, _ in self.files())

    def evict(self, keep: AbstractSet[Path] = frozenset()) -> int:
        """Delete the least recently used files until the cache holds at most 90 % of its
        limit; returns the bytes freed. One process sweeps at a time."""
        with self._lock:
            self._filled_since_sweep = 0
        lock = self.root / ".locks" / "evict"
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    return 0  # another process is sweeping
                raise
            files = self.files()
            total = sum(size for _, size, _ in files)
            if total <= self.max_bytes:
                return 0
            target = int(self.max_bytes * 0.9)
            freed = 0
            for _mtime, size, path in sorted(files):
                if total - freed <= target:
                    break
                if path in keep:
                    continue
                try:
                    path.unlink()
                    freed += size
                except FileNotFoundError:
                    continue
            log.info("store cache: evicted %d bytes (limit %d)", freed, self.max_bytes)
            return freed
        finally:
            os.close(fd)
