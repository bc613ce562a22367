"""Delivering one scan: tus upload (resumable), registration, then archive.

Every step is journalled before the next, so each is safe to repeat after a crash:
a saved tus URL is resumed (a new upload if the centre forgot it), and registration
is idempotent on the centre (same scan_uid and content -> 200)."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError

from cips_agent.config import Config
from cips_agent.journal import Entry, Journal

log = logging.getLogger("cips_agent.uploader")
TIMEOUT = 30


class LinkDown(Exception):
    """The centre cannot be reached or is not answering properly: retry later."""


class Rejected(Exception):
    """The centre refuses this scan for good (422, 415, 409): quarantine."""


class Unauthorized(Exception):
    """The token is refused (401/403): stop, keep the files, alert."""


def _classify(status: int | None, text: str) -> Exception:
    if status in (401, 403):
        return Unauthorized(f"{status}: {text[:300]}")
    if status in (409, 413, 415, 422):
        return Rejected(f"{status}: {text[:500]}")
    return LinkDown(f"{status}: {text[:300]}" if status else text[:300])


class Delivery:
    def __init__(
        self,
        config: Config,
        journal: Journal,
        stop: threading.Event,
        on_progress: Callable[[str, int], None] | None = None,
    ) -> None:
        self.config, self.journal, self.stop = config, journal, stop
        self.on_progress = on_progress
        self.headers = {"Authorization": f"Bearer {config.token}"}

    def run(self, entry: Entry) -> None:
        """Moves `entry` as far as it goes; raises LinkDown / Rejected / Unauthorized."""
        if entry.state in ("new", "uploading"):
            self._check_sources(entry)
            entry.state, entry.started_at = "uploading", time.time()
            self.journal.save(entry)
            self._upload_all(entry)
            entry.state = "uploaded"
            self.journal.save(entry)
        if entry.state == "uploaded":
            if not self._register(entry):
                return self.run(entry)  # the centre lost an upload: upload again
            entry.state = "registered"
            self.journal.save(entry)
        if entry.state == "registered":
            archive(entry, self.config.archive_dir)
            entry.state, entry.error = "archived", None
            self.journal.save(entry)
            log.info("scan delivered", extra={"scan_uid": entry.scan_uid, "scan_id": entry.scan_id})

    def _check_sources(self, entry: Entry) -> None:
        for f in _data_files(entry):
            path = Path(f["path"])
            if not path.is_file():
                raise Rejected(f"source file {path.name} disappeared before upload")
            if path.stat().st_size != f["size"]:
                raise Rejected(f"source file {path.name} changed after it was found ready")

    def _upload_all(self, entry: Entry) -> None:
        client = tus_client.TusClient(f"{self.config.api}/uploads/", headers=self.headers)
        done_before = sum(f["size"] for f in _data_files(entry) if f.get("done"))
        for f in _data_files(entry):
            if f.get("done"):
                continue
            self._upload_one(client, entry, f, done_before)
            f["done"] = True
            done_before += f["size"]
            entry.sent = done_before
            self.journal.save(entry)

    def _uploader(self, client: tus_client.TusClient, entry: Entry, f: dict[str, Any]) -> Any:
        chunk = self.config.chunk_bytes
        if self.config.bandwidth_bytes_per_s:
            chunk = max(16 * 1024, min(chunk, self.config.bandwidth_bytes_per_s // 4))
        kwargs = {
            "chunk_size": chunk,
            "upload_checksum": True,
            "metadata": {"filename": f["name"], "scan_uid": entry.scan_uid, "role": f["role"]},
        }
        if f.get("upload"):
            try:
                resumed = client.uploader(f["path"], url=f["upload"], **kwargs)
                log.info(
                    "resuming upload",
                    extra={"scan_uid": entry.scan_uid, "file": f["name"], "offset": resumed.offset, "size": f["size"]},
                )
                return resumed
            except TusCommunicationError as exc:
                if exc.status_code not in (404, 410):
                    raise _tus_error(exc) from None
                log.info("the centre forgot upload %s: starting again", f["upload"], extra={"scan_uid": entry.scan_uid})
        uploader = client.uploader(f["path"], **kwargs)
        try:
            url = uploader.create_url()
        except TusCommunicationError as exc:
            raise _tus_error(exc) from None
        f["upload"] = url
        self.journal.save(entry)  # the URL is durable before the first byte goes
        uploader.set_url(url)
        uploader.offset = 0
        return uploader

    def _upload_one(self, client: tus_client.TusClient, entry: Entry, f: dict[str, Any], base: int) -> None:
        try:
            uploader = self._uploader(client, entry, f)
        except TusCommunicationError as exc:
            raise _tus_error(exc) from None
        uploader.stop_at = uploader.get_file_size()
        cap = self.config.bandwidth_bytes_per_s
        start, start_offset = time.monotonic(), uploader.offset
        last_save = 0.0
        while uploader.offset < uploader.stop_at:
            if self.stop.is_set():
                raise LinkDown("agent stopping")
            try:
                uploader.upload_chunk()
            except TusCommunicationError as exc:
                if exc.status_code in (404, 410):
                    f["upload"] = None  # expired or forgotten: a new upload next time
                    self.journal.save(entry)
                raise _tus_error(exc) from None
            sent = base + uploader.offset
            if self.on_progress:
                self.on_progress(entry.scan_uid, sent)
            now = time.monotonic()
            if now - last_save > 0.5:
                self.journal.progress(entry.scan_uid, sent)
                last_save = now
            if cap:
                ahead = (uploader.offset - start_offset) / cap - (now - start)
                if ahead > 0:
                    time.sleep(ahead)

    def _register(self, entry: Entry) -> bool:
        body = dict(entry.meta)
        body["files"] = [{"role": f["role"], "upload": f["upload"]} for f in _data_files(entry)]
        try:
            response = requests.post(f"{self.config.api}/scans", json=body, headers=self.headers, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise LinkDown(str(exc)) from None
        if response.status_code in (200, 201):
            summary = response.json()
            entry.scan_id = summary.get("id")
            self._verify(entry, summary)
            log.info(
                "scan registered",
                extra={"scan_uid": entry.scan_uid, "scan_id": entry.scan_id, "new_scan": response.status_code == 201},
            )
            return True
        detail = _detail(response)
        if (
            response.status_code == 422
            and str(detail.get("field", "")).startswith("files[")
            and (
                "no such upload" in response.text
                or "not finished" in response.text
                or "already belongs" in response.text
            )
        ):
            for f in _data_files(entry):
                f["upload"], f["done"] = None, False
            entry.state, entry.sent = "uploading", 0
            self.journal.save(entry)
            return False
        raise _classify(response.status_code, response.text)

    def _verify(self, entry: Entry, summary: dict[str, Any]) -> None:
        """Every channel the centre stored must come from one of our files, byte for byte."""
        ours = {f["sha256"] for f in _data_files(entry)}
        theirs = {c.get("sha256") for c in summary.get("channels", []) if c.get("sha256")}
        if theirs and not theirs <= ours:
            raise Rejected(f"checksum mismatch: the centre holds {sorted(theirs)}, we sent {sorted(ours)}")


def _detail(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    if isinstance(body, dict):
        inner = body.get("error", body)
        return inner if isinstance(inner, dict) else body
    return {}


def _tus_error(exc: TusCommunicationError) -> Exception:
    content = exc.response_content
    text = content.decode(errors="replace") if isinstance(content, bytes) else str(content or exc)
    if exc.status_code == 460:
        return LinkDown(f"460 checksum mismatch on a chunk: {text[:200]}")
    return _classify(exc.status_code, text or str(exc))


def _data_files(entry: Entry) -> list[dict[str, Any]]:
    return [f for f in entry.files if f["role"] != "manifest"]


def _move_all(paths: list[Path], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        if path.exists():
            dest = target / path.name
            try:
                os.replace(path, dest)
            except OSError:
                shutil.move(str(path), str(dest))


def archive(entry: Entry, archive_dir: Path) -> None:
    # Data first, manifest last: a crash in between leaves no manifest pointing at nothing.
    paths = [Path(f["path"]) for f in entry.files]
    paths.sort(key=lambda p: p.name.endswith(".manifest.json"))
    _move_all(paths, archive_dir / _safe(entry.scan_uid))


def quarantine(uid: str, paths: list[Path], quarantine_dir: Path, reason: str) -> Path:
    target = quarantine_dir / _safe(uid)
    _move_all(sorted(paths, key=lambda p: p.name.endswith(".manifest.json")), target)
    (target / "REASON.txt").write_text(reason + "\n")
    return target


def _safe(uid: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in uid) or "scan"


__all__ = ["Delivery", "LinkDown", "Rejected", "Unauthorized", "archive", "quarantine"]
