"""Finding finished scans in the export folder.

Convention: a scan is a set of files plus a manifest `<stem>.manifest.json`, written
LAST by the scanner (ideally by rename), listing the files:
  {"scan_uid", "scanned_at", "conveyance", "weight_kg", "radiation", "format",
   "files": [{"name", "role"}]}
A lone data file (`.png .tif .tiff .dcm`) without a manifest is a scan of its own once
it has stopped growing for `settle_seconds`; its stem is the scan_uid."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger("cips_agent.watcher")

MANIFEST = ".manifest.json"
LONE_SUFFIXES = {".png": "png", ".tif": "tiff", ".tiff": "tiff", ".dcm": "dicos"}
META_KEYS = ("scan_uid", "scanned_at", "conveyance", "weight_kg", "radiation", "format")


@dataclass
class Found:
    scan_uid: str
    meta: dict[str, Any]
    files: list[dict[str, Any]]  # {"path", "name", "role", "size", "sha256"}
    manifest: Path | None = None


class BadScan(Exception):
    """A scan the agent can never deliver as it is (quarantined with this reason)."""

    def __init__(self, reason: str, paths: list[Path]) -> None:
        super().__init__(reason)
        self.reason, self.paths = reason, paths


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _file(path: Path, role: str) -> dict[str, Any]:
    return {"path": str(path), "name": path.name, "role": role, "size": path.stat().st_size, "sha256": sha256_of(path)}


class Scanner:
    """Scans the export folder; remembers sizes to tell when lone files settled."""

    def __init__(
        self,
        export_dir: Path,
        settle_seconds: float,
        default_format: str,
        default_conveyance: str,
        require_manifest: bool = False,
    ) -> None:
        self.export_dir, self.settle, self.require_manifest = export_dir, settle_seconds, require_manifest
        self.default_format, self.default_conveyance = default_format, default_conveyance
        self._seen: dict[Path, tuple[int, float, float]] = {}  # path -> (size, mtime, since)
        self._bad_manifests: dict[Path, float] = {}

    def ready(self, skip: set[str]) -> list[Found | BadScan]:
        """Finished scans not in `skip` (uids already journalled), oldest first."""
        now = time.monotonic()
        entries = sorted(self.export_dir.iterdir(), key=lambda p: p.name)
        listed: set[str] = set()
        out: list[Found | BadScan] = []
        for path in entries:
            if path.name.endswith(MANIFEST) and path.is_file():
                result = self._manifest(path, now, skip)
                if isinstance(result, set):
                    listed.update(result)
                    continue
                if result is None:
                    continue
                if isinstance(result, Found):
                    listed.update(Path(f["path"]).name for f in result.files)
                out.append(result)
        if self.require_manifest:
            return out
        manifests = {p.name[: -len(MANIFEST)] for p in entries if p.name.endswith(MANIFEST)}
        for path in entries:
            if path.suffix.lower() not in LONE_SUFFIXES or path.name in listed or path.stem in manifests:
                continue
            if path.stem in skip or not self._settled(path, now):
                continue
            out.append(self._lone(path))
        return out

    def _settled(self, path: Path, now: float) -> bool:
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        key = (st.st_size, st.st_mtime)
        size, mtime, since = self._seen.get(path, (-1, -1.0, now))
        if (size, mtime) != key:
            self._seen[path] = (*key, now)
            return self.settle <= 0
        return now - since >= self.settle

    def _manifest(self, path: Path, now: float, skip: set[str]) -> Found | BadScan | set[str] | None:
        try:
            body = json.loads(path.read_text())
            if not isinstance(body, dict) or not isinstance(body.get("files"), list):
                raise ValueError("a manifest is an object with a 'files' list")
        except (ValueError, OSError) as exc:
            # Maybe still being written: give it settle time before calling it bad.
            first = self._bad_manifests.setdefault(path, now)
            if now - first < max(self.settle, 1.0):
                return None
            return BadScan(f"unreadable manifest: {exc}", [path])
        uid = str(body.get("scan_uid") or path.name[: -len(MANIFEST)])
        if uid in skip:  # already journalled: only note which files it owns
            return {str(i.get("name")) for i in body["files"] if isinstance(i, dict)}
        files, missing = [], []
        for item in body["files"]:
            name = str(item.get("name", "")) if isinstance(item, dict) else ""
            target = self.export_dir / Path(name).name
            if not name or not target.is_file():
                missing.append(name)
                continue
            files.append(_file(target, str(item.get("role", "single"))))
        if missing:
            first = self._bad_manifests.setdefault(path, now)
            if now - first < max(self.settle, 1.0) * 10:
                return None  # the data files may still be moving in
            return BadScan(f"manifest lists missing files: {', '.join(missing)}", [path])
        meta = {k: body[k] for k in META_KEYS if k in body}
        meta["scan_uid"] = uid
        meta.setdefault("format", self.default_format)
        meta.setdefault("conveyance", {"kind": self.default_conveyance})
        if "scanned_at" not in meta:
            meta["scanned_at"] = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()
        files.append({"path": str(path), "name": path.name, "role": "manifest", "size": 0, "sha256": ""})
        return Found(uid, meta, files, path)

    def _lone(self, path: Path) -> Found:
        when = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()
        meta = {
            "scan_uid": path.stem,
            "scanned_at": when,
            "conveyance": {"kind": self.default_conveyance},
            "format": LONE_SUFFIXES.get(path.suffix.lower(), self.default_format),
        }
        self._seen.pop(path, None)
        return Found(path.stem, meta, [_file(path, "single")])


def start_observer(export_dir: Path, wake: threading.Event) -> Any | None:
    """inotify (or the platform's equivalent) through watchdog; None means poll only."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        log.info("watchdog not installed: polling the export folder")
        return None

    class _Wake(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            wake.set()

    try:
        observer = Observer()
        observer.schedule(_Wake(), str(export_dir), recursive=False)
        observer.daemon = True
        observer.start()
        return observer
    except OSError as exc:
        log.warning("file watching unavailable (%s): polling the export folder", exc)
        return None
