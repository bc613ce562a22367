"""Which vendor formats this installation reads: built-ins plus entry-point plug-ins.

Built-in modules are listed explicitly in ``BUILTINS`` (each exposes ``plugin``, a
:class:`VendorPlugin` subclass); third parties declare an entry point in the group
``cips.vendors`` that names their subclass.  A plug-in that fails to load is logged,
recorded in ``Registry.failed`` and skipped: one broken vendor package never stops the
server.  Nothing is registered at import time; build a registry with ``default_registry()``
(cached) or ``Registry()`` (tests).
"""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from .base import InputFile, ScanImage, VendorPlugin
from .errors import InvalidScanFile, UnsupportedFormat, VendorError
from .validate import DEFAULT_LIMITS, Limits, check_channels

log = logging.getLogger(__name__)

GROUP = "cips.vendors"
BUILTINS = ("app.vendors.dicos", "app.vendors.tiff", "app.vendors.raw", "app.vendors.png")


@dataclass(frozen=True)
class _Entry:
    plugin: VendorPlugin
    source: str  # "builtin" or "entry point <module:attr> (<distribution>)"
    enabled: bool


class Registry:
    """Plug-ins by key, in registration order (the order ``sniff`` tries them in)."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._entries: dict[str, _Entry] = {}
        self.failed: dict[str, str] = {}  # module or entry-point name -> reason

    def register(self, plugin_cls: type[VendorPlugin], source: str = "builtin") -> VendorPlugin:
        if not (isinstance(plugin_cls, type) and issubclass(plugin_cls, VendorPlugin)):
            raise TypeError(f"{plugin_cls!r} is not a VendorPlugin subclass")
        key = plugin_cls.key
        if not key or not plugin_cls.name:
            raise ValueError(f"{plugin_cls.__qualname__} must set both key and name")
        if key in self._entries:
            raise ValueError(f"vendor format key {key!r} is already registered ({self._entries[key].source})")
        plugin = plugin_cls(self.limits)
        self._entries[key] = _Entry(plugin, source, bool(plugin_cls.enabled()))
        if not self._entries[key].enabled:
            log.warning("vendor format %r is disabled: a dependency is missing", key)
        return plugin

    def _fail(self, name: str, reason: str) -> None:
        self.failed[name] = reason

    def load_builtins(self, modules: tuple[str, ...] = BUILTINS) -> None:
        for module_name in modules:
            try:
                self.register(importlib.import_module(module_name).plugin)
            except Exception as exc:  # noqa: BLE001 - record it and keep the others
                log.exception("built-in vendor format %s failed to load", module_name)
                self._fail(module_name, f"{type(exc).__name__}: {exc}")

    def load_entry_points(self, group: str = GROUP) -> None:
        for ep in entry_points(group=group):
            dist = getattr(ep.dist, "name", None) or "unknown distribution"
            source = f"entry point {ep.value} ({dist})"
            try:
                self.register(ep.load(), source)
            except Exception as exc:  # noqa: BLE001 - a broken plug-in must not stop the server
                log.exception("vendor plug-in %r from %s failed to load; skipped", ep.name, source)
                self._fail(ep.name, f"{type(exc).__name__}: {exc}")

    def keys(self) -> list[str]:
        return list(self._entries)

    def get(self, key: str) -> VendorPlugin:
        entry = self._entries.get(key)
        if entry is None:
            raise UnsupportedFormat(f"unknown scan format {key!r}; this server reads {self._known()}")
        if not entry.enabled:
            raise UnsupportedFormat(f"scan format {key!r} is installed but disabled (a library it needs is missing)")
        return entry.plugin

    def _known(self) -> str:
        keys = [k for k, e in self._entries.items() if e.enabled]
        return ", ".join(keys) if keys else "no formats"

    def sniff(self, files: list[InputFile]) -> VendorPlugin:
        """The first enabled plug-in that recognises the files."""
        for entry in self._entries.values():
            if not entry.enabled:
                continue
            try:
                if entry.plugin.sniff(files):
                    return entry.plugin
            except Exception:  # noqa: BLE001 - one plug-in's bug must not hide the others
                log.exception("vendor plug-in %r failed while sniffing", entry.plugin.key)
        names = ", ".join(f.name for f in files) or "no files"
        raise UnsupportedFormat(f"{names}: not a scan format this server reads (known formats: {self._known()})")

    def read(self, files: list[InputFile], key: str | None = None) -> ScanImage:
        """Decode an upload with the plug-in ``key`` (or the one ``sniff`` finds) and check
        the result: every channel uint16, 2-D, within the limits and of one size."""
        if not files:
            raise UnsupportedFormat("no files given")
        plugin = self.get(key) if key else self.sniff(files)
        if key and not plugin.sniff(files):
            names = ", ".join(f.name for f in files)
            raise UnsupportedFormat(f"{names}: not {plugin.name} files")
        what = ", ".join(f.name for f in files)
        try:
            scan = plugin.read(files)
        except (VendorError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a plug-in's crash on a bad file is still a 422
            log.exception("vendor plug-in %r failed reading %s", plugin.key, what)
            raise InvalidScanFile(
                f"{what}: the {plugin.name} plug-in could not read these files ({type(exc).__name__}: {exc})"
            ) from exc
        scan.channels = check_channels(scan.channels, self.limits, what=what)
        scan.metadata = {**scan.metadata, "format": plugin.key}
        return scan

    def describe(self) -> list[dict[str, Any]]:
        """For an API listing: every plug-in, enabled or not, and those that failed."""
        rows: list[dict[str, Any]] = [
            {"key": k, "name": e.plugin.name, "enabled": e.enabled, "source": e.source}
            for k, e in self._entries.items()
        ]
        rows += [
            {"key": name, "name": None, "enabled": False, "source": "failed to load", "error": reason}
            for name, reason in self.failed.items()
        ]
        return rows


@functools.cache
def default_registry(limits: Limits = DEFAULT_LIMITS) -> Registry:
    """Built-ins then installed entry points; built once per process (``cache_clear()``
    after installing a plug-in at run time)."""
    registry = Registry(limits)
    registry.load_builtins()
    registry.load_entry_points()
    return registry
