"""Equipment events to the centre: start-up, shut-down, heartbeats and faults.

Start-up, shut-down and faults wait in the journal's outbox until the centre took
them (the centre drops duplicates by type and time); a missed heartbeat is dropped."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import requests

from cips_agent.journal import Journal

log = logging.getLogger("cips_agent.events")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Events:
    def __init__(self, api: str, token: str, journal: Journal) -> None:
        self.url = f"{api}/equipment/events"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.journal = journal
        self.faults: dict[str, str] = {}  # open faults: code -> text

    def queue(self, type_: str, **data: Any) -> None:
        self.journal.queue_event({"type": type_, "at": now_iso(), "data": data})

    def flush(self) -> bool:
        """Sends what waits in the outbox; False if the centre could not be reached."""
        pending = self.journal.pending_events()
        if not pending:
            return True
        if self._post([body for _, body in pending]):
            self.journal.drop_events([i for i, _ in pending])
            return True
        return False

    def heartbeat(self, counters: dict[str, int]) -> None:
        self._post([{"type": "heartbeat", "at": now_iso(), "data": counters}])

    def _post(self, events: list[dict[str, Any]]) -> bool:
        try:
            response = requests.post(self.url, json=events, headers=self.headers, timeout=10)
        except requests.RequestException as exc:
            log.debug("events not sent: %s", exc)
            return False
        if response.status_code == 200:
            return True
        if response.status_code == 422:
            log.error("the centre refused events: %s", response.text[:300])
            return True  # never retry a batch the centre calls invalid
        log.warning("events not sent: %s %s", response.status_code, response.text[:200])
        return False

    def fault(self, code: str, text: str) -> None:
        if self.faults.get(code) != text:
            log.error("fault %s: %s", code, text, extra={"fault": code})
            self.faults[code] = text
            self.queue("fault", code=code, text=text)

    def clear(self, code: str) -> None:
        if self.faults.pop(code, None) is not None:
            log.info("fault %s cleared", code, extra={"fault": code})
            self.queue("fault_cleared", code=code)

    def check_disk(self, folder: Path, min_free_mb: int) -> None:
        try:
            free = shutil.disk_usage(folder).free // (1024 * 1024)
        except OSError:
            return
        if free < min_free_mb:
            self.fault("disk_low", f"{free} MB free on {folder} (minimum {min_free_mb} MB)")
        else:
            self.clear("disk_low")
