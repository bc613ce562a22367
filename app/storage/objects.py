"""Where scans are kept for good: a local folder (the default) or an S3-compatible bucket.

Both speak the same small interface over keys such as ``scans/42/high.npy``. The local
folder's keys are paths under it, so a single box keeps today's layout (and the tile
path memory-maps those files directly). The bucket is reached with boto3: it is the
reference client for every S3 server (AWS, SeaweedFS, MinIO, Ceph), and its HTTP stack
(urllib3) cooperates with gevent's patched sockets, so a download in `cips serve`
waits without blocking the other requests (a Rust client's blocking call would).

No Flask here."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

CHUNK = 1 << 20


class ObjectMissing(FileNotFoundError):
    """No object under that key."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    modified: float = 0.0  # POSIX time of the last write


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ObjectStore:
    """The store of record. `local` is true when keys are files under `root`."""

    kind = "abstract"
    local = False
    url = ""

    def put_file(self, key: str, path: str | os.PathLike[str]) -> None:
        raise NotImplementedError

    def put_bytes(self, key: str, data: bytes) -> None:
        raise NotImplementedError

    def get_bytes(self, key: str) -> bytes:
        raise NotImplementedError

    def download(self, key: str, target: str | os.PathLike[str]) -> None:
        """Write the object to `target` through a temporary name (a reader never sees half)."""
        raise NotImplementedError

    def sha256(self, key: str) -> str:
        """Read the object back and hash it."""
        raise NotImplementedError

    def delete(self, keys: list[str]) -> None:
        raise NotImplementedError

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    def ping(self) -> None:
        """Raise unless the store answers."""


class LocalObjects(ObjectStore):
    kind = "local"
    local = True

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.url = str(self.root)

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"store key escapes the store: {key!r}")
        return path

    def put_file(self, key: str, path: str | os.PathLike[str]) -> None:
        target = self.path(key)
        if target == Path(path).resolve():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)

    def put_bytes(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def get_bytes(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise ObjectMissing(key) from None

    def download(self, key: str, target: str | os.PathLike[str]) -> None:
        source = self.path(key)
        if not source.is_file():
            raise ObjectMissing(key)
        _copy_atomic(source, Path(target))

    def sha256(self, key: str) -> str:
        try:
            return sha256_file(self.path(key))
        except FileNotFoundError:
            raise ObjectMissing(key) from None

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            self.path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        base = self.path(prefix.rstrip("/")) if prefix else self.root
        if base.is_file():
            st = base.stat()
            yield ObjectInfo(prefix, st.st_size, st.st_mtime)
            return
        for dirpath, _dirs, files in os.walk(base):
            for name in sorted(files):
                if name.startswith("."):
                    continue  # a temporary file being written
                full = Path(dirpath) / name
                try:
                    st = full.stat()
                except FileNotFoundError:
                    continue
                yield ObjectInfo(full.relative_to(self.root).as_posix(), st.st_size, st.st_mtime)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def _copy_atomic(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class S3Objects(ObjectStore):
    """A bucket (and key prefix) on any S3-compatible server."""

    kind = "s3"

    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None, region: str | None = None,
                 client: Any = None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        self.endpoint = endpoint
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3", endpoint_url=endpoint or None, aws_access_key_id=access_key or None,
                aws_secret_access_key=secret_key or None, region_name=region or "us-east-1",
                config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 5, "mode": "standard"},
                              max_pool_connections=32, connect_timeout=5, read_timeout=60,
                              request_checksum_calculation="when_required",
                              response_checksum_validation="when_required"))
        self.client = client

    def _key(self, key: str) -> str:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"bad object key: {key!r}")
        return self.prefix + key

    def ping(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def ensure_bucket(self) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)

    def put_file(self, key: str, path: str | os.PathLike[str]) -> None:
        with open(path, "rb") as fh:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=fh)

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def _get(self, key: str, **extra: Any) -> Any:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key), **extra)["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise ObjectMissing(key) from None
            raise

    def get_bytes(self, key: str) -> bytes:
        return self._get(key).read()

    def get_range(self, key: str, start: int, length: int) -> bytes:
        return self._get(key, Range=f"bytes={start}-{start + length - 1}").read()

    def download(self, key: str, target: str | os.PathLike[str]) -> None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            body = self._get(key)
            with open(tmp, "wb") as out:
                _copy_stream(body, out)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        body = self._get(key)
        while chunk := body.read(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = keys[start:start + 1000]
            if batch:
                self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": self._key(k)} for k in batch], "Quiet": True})

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix):
            for item in page.get("Contents", []):
                yield ObjectInfo(item["Key"][len(self.prefix):], int(item["Size"]), item["LastModified"].timestamp())

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError:
            return False


def _copy_stream(body: BinaryIO, out: BinaryIO) -> None:
    while chunk := body.read(CHUNK):
        out.write(chunk)


def open_store(url: str | None, local_root: str | os.PathLike[str], endpoint: str | None = None,
               access_key: str | None = None, secret_key: str | None = None,
               region: str | None = None) -> ObjectStore:
    """`CIPS_STORE_URL`: empty or a folder path (file://...) = the local folder; s3://bucket/prefix."""
    if not url:
        return LocalObjects(local_root)
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError("CIPS_STORE_URL s3://BUCKET[/PREFIX] needs a bucket")
        return S3Objects(parsed.netloc, parsed.path.lstrip("/"), endpoint, access_key, secret_key, region)
    if parsed.scheme in ("", "file"):
        return LocalObjects(parsed.path or local_root)
    raise ValueError(f"CIPS_STORE_URL: unsupported scheme {parsed.scheme!r} (use s3:// or a folder path)")
