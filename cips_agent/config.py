"""Agent configuration: a small TOML file (`cips-agent init` writes one)."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

TEMPLATE = """\
# CIPS site agent configuration
server_url = "{server_url}"
token = "{token}"
export_dir = "{export_dir}"
archive_dir = "{archive_dir}"
quarantine_dir = "{quarantine_dir}"
state_dir = "{state_dir}"
format = "{format}"
# A file without a manifest is ready once it stopped growing for this long.
settle_seconds = {settle_seconds}
heartbeat_seconds = {heartbeat_seconds}
parallel = {parallel}
# 0 = no cap; otherwise bytes per second for all transfers of one scan file.
bandwidth_bytes_per_s = {bandwidth_bytes_per_s}
chunk_bytes = {chunk_bytes}
poll_seconds = {poll_seconds}
retry_base_seconds = {retry_base_seconds}
retry_max_seconds = {retry_max_seconds}
min_free_mb = {min_free_mb}
default_conveyance = "{default_conveyance}"
# true: only scans with a manifest are sent (a lone file is never taken for a scan).
require_manifest = {require_manifest}
"""


@dataclass
class Config:
    server_url: str
    token: str
    export_dir: Path
    archive_dir: Path
    quarantine_dir: Path
    state_dir: Path
    format: str = "png"
    settle_seconds: float = 5.0
    heartbeat_seconds: float = 60.0
    parallel: int = 2
    bandwidth_bytes_per_s: int = 0
    chunk_bytes: int = 4 * 1024 * 1024
    poll_seconds: float = 1.0
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 60.0
    min_free_mb: int = 1024
    default_conveyance: str = "container"
    require_manifest: bool = False

    @property
    def journal_path(self) -> Path:
        return self.state_dir / "journal.sqlite"

    @property
    def api(self) -> str:
        return self.server_url.rstrip("/") + "/api/v1"


_PATHS = {"export_dir", "archive_dir", "quarantine_dir", "state_dir"}


def load(path: Path) -> Config:
    raw = tomllib.loads(Path(path).read_text())
    known = {f.name: f for f in fields(Config)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ValueError(f"{path}: unknown setting {unknown[0]!r}")
    values: dict[str, Any] = {k: (Path(v) if k in _PATHS else v) for k, v in raw.items()}
    return Config(**values)


def render(config: Config) -> str:
    values = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()}
    values["require_manifest"] = "true" if config.require_manifest else "false"
    return TEMPLATE.format(**values)


def write(config: Config, path: Path) -> None:
    path.write_text(render(config))
