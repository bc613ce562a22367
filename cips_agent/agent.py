"""The agent's main loop: discover, journal, deliver in parallel, report."""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from cips_agent.config import Config
from cips_agent.events import Events
from cips_agent.journal import Entry, Journal
from cips_agent.uploader import Delivery, LinkDown, Rejected, Unauthorized, quarantine
from cips_agent.watcher import BadScan, Scanner, start_observer

log = logging.getLogger("cips_agent")

EXIT_UNAUTHORIZED = 3


class Agent:
    def __init__(self, config: Config) -> None:
        self.config = config
        for folder in (config.archive_dir, config.quarantine_dir, config.state_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.journal = Journal(config.journal_path)
        self.events = Events(config.api, config.token, self.journal)
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.unauthorized: str | None = None
        self.delivery = Delivery(config, self.journal, self.stop)
        self.scanner = Scanner(
            config.export_dir, config.settle_seconds, config.format, config.default_conveyance, config.require_manifest
        )
        self.running: dict[str, Future[None]] = {}
        self.counters = {"delivered": 0, "quarantined": 0, "retries": 0}
        self._count_lock = threading.Lock()

    def _count(self, name: str) -> None:
        with self._count_lock:
            self.counters[name] += 1

    def run(self) -> int:
        cfg = self.config
        self.events.queue("startup", agent="cips-agent")
        self.journal.put("agent", {"started_at": time.time(), "pid": os.getpid()})
        observer = start_observer(cfg.export_dir, self.wake) if cfg.export_dir.is_dir() else None
        pool = ThreadPoolExecutor(max_workers=max(1, cfg.parallel), thread_name_prefix="upload")
        next_beat = 0.0
        try:
            while not self.stop.is_set():
                self._discover()
                self._dispatch(pool)
                if time.monotonic() >= next_beat:
                    self.events.check_disk(
                        cfg.export_dir if cfg.export_dir.is_dir() else cfg.state_dir, cfg.min_free_mb
                    )
                    self.events.heartbeat(self._heartbeat())
                    next_beat = time.monotonic() + cfg.heartbeat_seconds
                self.events.flush()
                if self.unauthorized:
                    break
                if observer is None and cfg.export_dir.is_dir():
                    observer = start_observer(cfg.export_dir, self.wake)
                self.wake.wait(cfg.poll_seconds)
                self.wake.clear()
        finally:
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            if observer is not None:
                observer.stop()
            self.events.queue("shutdown", reason="token refused" if self.unauthorized else "stopped")
            self.events.flush()
            self.journal.close()
        if self.unauthorized:
            log.critical(
                "the centre refused the token; files are kept; fix the token and restart",
                extra={"error": self.unauthorized},
            )
            return EXIT_UNAUTHORIZED
        return 0

    def _heartbeat(self) -> dict[str, int]:
        counts = self.journal.counts()
        return {
            "scans_since_startup": self.counters["delivered"],
            "anomalies": 0,
            "radiation_alarms": 0,
            "queued": sum(counts.get(s, 0) for s in ("new", "uploading", "uploaded", "registered")),
            "quarantined": self.counters["quarantined"],
            "retries": self.counters["retries"],
        }

    def _discover(self) -> None:
        export = self.config.export_dir
        if not export.is_dir():
            self.events.fault("export_missing", f"export folder {export} does not exist")
            return
        self.events.clear("export_missing")
        try:
            found = self.scanner.ready(skip=self.journal.active_uids())
        except OSError as exc:
            log.warning("cannot read the export folder: %s", exc)
            return
        for item in found:
            if isinstance(item, BadScan):
                # The manifest and the files that share its stem go together.
                stem = Path(item.paths[0]).name.split(".")[0]
                paths = [p for p in export.iterdir() if p.name.split(".")[0] == stem] or item.paths
                where = quarantine(stem, paths, self.config.quarantine_dir, item.reason)
                log.error("bad scan quarantined", extra={"reason": item.reason, "folder": str(where)})
                continue
            if self.journal.known(item.scan_uid):
                entry = self.journal.get(item.scan_uid)
                if entry is not None and entry.state in ("archived", "quarantined"):
                    self._repeat(item.scan_uid, entry, [Path(f["path"]) for f in item.files])
                continue
            if self.journal.add(item.scan_uid, item.meta, item.files):
                log.info("scan found", extra={"scan_uid": item.scan_uid, "files": len(item.files)})

    def _repeat(self, uid: str, entry: Entry, paths: list[Path]) -> None:
        """The same scan_uid exported again after it was finished: set aside, never sent twice."""
        reason = f"scan_uid {uid} was already {entry.state}; this copy was not sent"
        quarantine(f"{uid}.repeat-{int(time.time())}", paths, self.config.quarantine_dir, reason)
        log.warning("repeated scan_uid set aside", extra={"scan_uid": uid})

    def _dispatch(self, pool: ThreadPoolExecutor) -> None:
        for uid in [u for u, fut in self.running.items() if fut.done()]:
            del self.running[uid]
        if self.unauthorized:
            return
        room = self.config.parallel - len(self.running)
        if room <= 0:
            return
        for entry in self.journal.due(time.time(), set(self.running), room):
            self.running[entry.scan_uid] = pool.submit(self._deliver, entry)

    def _deliver(self, entry: Entry) -> None:
        try:
            self.delivery.run(entry)
            self._count("delivered")
        except LinkDown as exc:
            if self.stop.is_set():
                return
            entry.attempts += 1
            self._count("retries")
            delay = min(self.config.retry_max_seconds, self.config.retry_base_seconds * 2 ** (entry.attempts - 1))
            entry.next_try = time.time() + delay * random.uniform(0.5, 1.0)
            entry.error = str(exc)
            self.journal.save(entry)
            self.journal.put("last_error", {"at": time.time(), "scan_uid": entry.scan_uid, "error": str(exc)})
            log.warning(
                "link down, will retry",
                extra={
                    "scan_uid": entry.scan_uid,
                    "attempt": entry.attempts,
                    "retry_in_s": round(entry.next_try - time.time(), 2),
                    "error": str(exc),
                },
            )
        except Rejected as exc:
            entry.state, entry.error = "quarantined", str(exc)
            where = quarantine(
                entry.scan_uid, [Path(f["path"]) for f in entry.files], self.config.quarantine_dir, str(exc)
            )
            self.journal.save(entry)
            self._count("quarantined")
            self.journal.put("last_error", {"at": time.time(), "scan_uid": entry.scan_uid, "error": str(exc)})
            log.error(
                "scan refused, quarantined", extra={"scan_uid": entry.scan_uid, "error": str(exc), "folder": str(where)}
            )
        except Unauthorized as exc:
            entry.error = str(exc)
            self.journal.save(entry)
            self.journal.put("last_error", {"at": time.time(), "scan_uid": entry.scan_uid, "error": str(exc)})
            self.unauthorized = str(exc)
            self.stop.set()
            self.wake.set()
        except Exception as exc:  # a bug or a local fault: keep the files, retry later
            log.exception("delivery failed", extra={"scan_uid": entry.scan_uid})
            entry.attempts += 1
            entry.next_try = time.time() + self.config.retry_max_seconds
            entry.error = repr(exc)
            self.journal.save(entry)
        finally:
            self.wake.set()
