"""The image store of record (a local folder or an S3 bucket), its local cache, and
pyramids read through that cache. No Flask here: app/blueprints/storage binds it to
an app's settings."""

from .cache import ChecksumMismatch, LocalCache
from .objects import LocalObjects, ObjectInfo, ObjectMissing, ObjectStore, S3Objects, open_store, sha256_file
from .remote import open_remote_scan, pyramid_prefix

__all__ = ["ChecksumMismatch", "LocalCache", "LocalObjects", "ObjectInfo", "ObjectMissing", "ObjectStore",
           "S3Objects", "open_remote_scan", "open_store", "pyramid_prefix", "sha256_file"]
