"""Save and load a processed scan: one ``.npy`` per level per channel, memory-mapped back.

Layout of a scan directory::

    manifest.json          which version is current, sizes, calibration, histograms
    v-<version>-<random>/high_07.npy, low_07.npy, class_07.npy, ...

Every file is written to a temporary name and ``os.replace``d, and the manifest is written
last, so a reader sees either the old complete version or the new complete one, never a
mix; a reader that already mapped old files keeps them (POSIX keeps unlinked inodes).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np

from .process import ProcessedScan
from .pyramid import Pyramid
from .stats import ChannelStats

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
CLASS_FILE_PREFIX = "class"
ZEFF_FILE_PREFIX = "zeff"


def write_atomic(path: Path, write: Callable[[IO[bytes]], object], fsync: bool) -> None:
    """`write(file)` to a temporary file of a name of its own, then renamed onto `path`:
    a reader never sees half a file, and two runs of one job never write the same one."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            if fsync:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _npy_writer(array: np.ndarray) -> Callable[[IO[bytes]], None]:
    def write(f: IO[bytes]) -> None:
        np.save(f, np.ascontiguousarray(array))

    return write


def _link_whole_npy(array: np.ndarray, target: Path) -> bool:
    """Hard-link the .npy file `array` is a memory map of, when it maps that whole
    file: the full-resolution level is the decoded channel itself, and writing
    64 MB again would cost as much as building the rest of the pyramid."""
    if not isinstance(array, np.memmap) or not array.filename or not array.flags.c_contiguous:
        return False
    source = Path(array.filename)
    try:
        whole = array.offset + array.nbytes == source.stat().st_size and source.suffix == ".npy"
        if whole:
            os.link(source, target)
        return whole
    except OSError:  # another filesystem, or links not allowed: write a copy instead
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _level_file(data_dir: Path, name: str, level: int) -> Path:
    return data_dir / f"{name}_{level:02d}.npy"


def save_scan(scan: ProcessedScan, directory: str | os.PathLike[str], fsync: bool = True) -> Path:
    """Write ``scan`` under ``directory`` (created if needed); returns the directory.

    On failure nothing of the new version is left and the previous version still loads."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    # a fresh directory even when the same version is saved again: never overwrite the
    # files that the current manifest (and readers' memory maps) point at
    data_dir = root / f"v-{scan.version}-{uuid.uuid4().hex[:8]}"
    pyramids: dict[str, Pyramid] = dict(scan.channels)
    if scan.classes is not None:
        pyramids[CLASS_FILE_PREFIX] = scan.classes
    if scan.zeff is not None:
        pyramids[ZEFF_FILE_PREFIX] = scan.zeff
    try:
        data_dir.mkdir()
        for name, pyramid in pyramids.items():
            for level, array in enumerate(pyramid.levels):
                target = _level_file(data_dir, name, level)
                if not _link_whole_npy(array, target):
                    write_atomic(target, _npy_writer(array), fsync)
        if fsync:
            _fsync_dir(data_dir)
        manifest = {
            "format": FORMAT,
            "version": scan.version,
            "data": data_dir.name,
            "width": scan.width,
            "height": scan.height,
            "levels": len(next(iter(scan.channels.values())).levels),
            "channels": list(scan.channels),
            "classes": scan.classes is not None,
            "calibration": scan.calibration,
            "material_source": scan.material_source,
            "zeff": scan.zeff is not None,
            "stats": {name: s.to_dict() for name, s in scan.stats.items()},
        }
        body = json.dumps(manifest).encode("utf-8")
        write_atomic(root / MANIFEST, lambda f: f.write(body), fsync)
        if fsync:
            _fsync_dir(root)
    except BaseException:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    for old in root.glob("v-*"):  # earlier versions: readers that mapped them keep them
        if old != data_dir:
            shutil.rmtree(old, ignore_errors=True)
    log.info("saved scan version %s to %s", scan.version, root)
    return root


def load_scan(directory: str | os.PathLike[str], mmap: bool = True) -> ProcessedScan:
    """Load the current version; with ``mmap`` a tile render reads only its slice."""
    try:
        return _load(Path(directory), mmap)
    except FileNotFoundError:
        # A concurrent save replaced the version between reading the manifest and the
        # files: the new manifest names files that exist.
        return _load(Path(directory), mmap)


def _load(root: Path, mmap: bool) -> ProcessedScan:
    manifest: dict[str, Any] = json.loads((root / MANIFEST).read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{root}: unsupported scan format {manifest.get('format')!r}")
    data_dir = root / manifest["data"]
    mode: Literal["r"] | None = "r" if mmap else None

    def pyramid(name: str) -> Pyramid:
        return Pyramid(
            [np.load(_level_file(data_dir, name, level), mmap_mode=mode) for level in range(manifest["levels"])]
        )

    return ProcessedScan(
        channels={name: pyramid(name) for name in manifest["channels"]},
        stats={name: ChannelStats.from_dict(s) for name, s in manifest["stats"].items()},
        classes=pyramid(CLASS_FILE_PREFIX) if manifest["classes"] else None,
        calibration=manifest["calibration"],
        material_source=manifest.get("material_source", "default" if manifest["classes"] else None),
        zeff=pyramid(ZEFF_FILE_PREFIX) if manifest.get("zeff") else None,
        version=manifest["version"],
    )
