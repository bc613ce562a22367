"""The image store: a folder tree under STORE_PATH (embedded default).

Keys are relative paths such as `scans/42/high.npy`; an object store can take
the same keys later. Every write lands under a temporary name first and is
renamed into place, so a reader never sees half a file."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


class FileStore:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"store key escapes the store: {key!r}")
        return path

    def scratch_dir(self) -> Path:
        """A private folder on the store's filesystem, so its files can be renamed in."""
        path = self.path(f"tmp/{uuid.uuid4().hex}")
        path.mkdir(parents=True)
        return path

    def publish_dir(self, scratch: Path, key: str) -> Path:
        """Rename a finished scratch folder to `key` in one step."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch, target)
        return target

    def remove_scratch_older_than(self, seconds: float) -> int:
        """Delete scratch folders untouched for `seconds` (left by crashes); returns how many."""
        tmp = self.path("tmp")
        if not tmp.is_dir():
            return 0
        cutoff = time.time() - seconds
        removed = 0
        for entry in tmp.iterdir():
            try:
                if entry.stat().st_mtime < cutoff:
                    self.remove(entry)
                    removed += 1
            except FileNotFoundError:
                continue  # removed by another process meanwhile
        return removed

    def remove(self, key_or_path: str | Path) -> None:
        path = key_or_path if isinstance(key_or_path, Path) else self.path(key_or_path)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def write_stream_atomic(stream: BinaryIO, target: Path, limit: int | None = None) -> tuple[int, str]:
    """Copy `stream` to `target` via a temporary file; returns (bytes, sha256 hex).
    Raises ValueError past `limit` bytes, leaving nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(tmp, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise ValueError(f"more than {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
