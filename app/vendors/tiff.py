"""16-bit greyscale TIFF (and BigTIFF), read with tifffile.

One file: one page is a single-energy image; two pages are high then low energy (unless
the pages' ImageDescription or PageName says "high"/"low"); one page of two samples
(contiguous H x W x 2 or planar 2 x H x W) is high, low.  Two files (roles or names tell
high and low) of one page each also work.  Only 16-bit unsigned samples: an 8-bit TIFF
has lost the dynamic range material discrimination needs and is refused.  Page sizes and
strip/tile extents are checked against the limits and the file size before decoding.

A scanner that computes its own material map may add a third page after high and low whose
ImageDescription or PageName says "zeff" (uint16, Z-effective x 100, 0 where none) or
"classes" (uint16, 0 undetermined, 1 organic, 2 inorganic, 3 metal); CIPS then shows the
vendor's map (``ScanImage.maps``) and says it is the vendor's.
"""

from __future__ import annotations

import re
import struct
from typing import Any, cast

import numpy as np

from .base import InputFile, ScanImage, VendorPlugin, channel_files, data_files
from .errors import InvalidScanFile, UnsupportedFormat
from .validate import check_dimensions, check_same_size

try:
    import tifffile
except ImportError:  # pragma: no cover - tifffile is a core dependency; the plug-in is disabled
    tifffile = None  # type: ignore[assignment]

MAGICS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF, LE and BE


def _energy_label(page: Any, labels: frozenset[str] = frozenset({"high", "low"})) -> str | None:
    texts = [page.description or ""]
    name = page.tags.get("PageName")
    if name is not None:
        texts.append(str(name.value))
    words = set(re.findall(r"[a-z]+", " ".join(texts).lower())) & labels
    return words.pop() if len(words) == 1 else None


MAP_LABELS = frozenset({"zeff", "classes"})


class TiffPlugin(VendorPlugin):
    key = "tiff"
    name = "16-bit TIFF"

    @classmethod
    def enabled(cls) -> bool:
        return tifffile is not None

    def sniff(self, files: list[InputFile]) -> bool:
        data = data_files(files)
        return 1 <= len(data) <= 2 and all(f.head(4) in MAGICS for f in data)

    def _check_structure(self, f: InputFile, tif: Any, size: int) -> None:
        """Every page's pixel data lies inside the file and the page chain ends cleanly."""
        for page in tif.pages:
            ends = [o + n for o, n in zip(page.dataoffsets, page.databytecounts)]
            if not ends or max(ends) > size or 0 in page.databytecounts:
                raise InvalidScanFile(
                    f"{f.name}: the TIFF is truncated or corrupt (pixel data beyond the end of the {size}-byte file)"
                )
        fmt = tif.tiff
        pos = tif.pages.next_page_offset
        fh = tif.filehandle
        fh.seek(pos)
        raw = fh.read(fmt.offsetsize)
        if len(raw) < fmt.offsetsize or struct.unpack(fmt.offsetformat, raw)[0] != 0:
            raise InvalidScanFile(
                f"{f.name}: the TIFF is truncated or corrupt (its page list points past the pages that could be read)"
            )

    def _page(self, f: InputFile, page: Any) -> None:
        shape = page.shape
        if page.samplesperpixel > 2 or len(shape) not in (2, 3):
            raise InvalidScanFile(
                f"{f.name}: a greyscale TIFF is expected, this page has {page.samplesperpixel} samples per pixel"
            )
        check_dimensions(int(page.imagewidth), int(page.imagelength), self.limits, what=f.name)
        if page.dtype != np.uint16:
            raise InvalidScanFile(
                f"{f.name}: samples must be 16-bit unsigned integers, got {page.bitspersample}-bit {page.dtype}"
            )

    def _decode(self, f: InputFile, page: Any) -> np.ndarray:
        try:
            array: np.ndarray = page.asarray()
            return array
        except ValueError as exc:
            if "imagecodecs" in str(exc):
                raise UnsupportedFormat(
                    f"{f.name}: TIFF compression {page.compression.name} is "
                    "not supported here (store uncompressed or Deflate)"
                ) from exc
            raise InvalidScanFile(f"{f.name}: cannot decode the TIFF ({exc})") from exc

    def _read_file(self, f: InputFile) -> dict[str, np.ndarray]:
        """{"image": a} for one page of one sample, else {"high": ..., "low": ...}."""
        try:
            with tifffile.TiffFile(f.path) as tif:
                # Pages, not frames: TiffFile hands out TiffFrames only when asked to.
                pages = cast("list[tifffile.TiffPage]", list(tif.pages))
                vendor_map = None
                if len(pages) == 3 and _energy_label(pages[2], MAP_LABELS):
                    vendor_map = pages.pop()
                if not 1 <= len(pages) <= 2 or (vendor_map is not None and len(pages) != 2):
                    raise InvalidScanFile(
                        f"{f.name}: expected 1 or 2 pages (single or high and "
                        f"low energy, then optionally a zeff or classes page), "
                        f"got {len(tif.pages)}"
                    )
                for page in pages:
                    self._page(f, page)
                self._check_structure(f, tif, f.size())
                if len(pages) == 2:
                    if any(p.samplesperpixel != 1 for p in pages):
                        raise InvalidScanFile(f"{f.name}: two pages of one sample each expected")
                    check_same_size(
                        (pages[0].imagewidth, pages[0].imagelength), (pages[1].imagewidth, pages[1].imagelength), f.name
                    )
                    labels = [_energy_label(p) for p in pages]
                    if labels == ["low", "high"]:
                        pages.reverse()
                    found = {"high": self._decode(f, pages[0]), "low": self._decode(f, pages[1])}
                    if vendor_map is not None:
                        self._page(f, vendor_map)
                        check_same_size(
                            (pages[0].imagewidth, pages[0].imagelength),
                            (vendor_map.imagewidth, vendor_map.imagelength),
                            f.name,
                        )
                        found[f"map:{_energy_label(vendor_map, MAP_LABELS)}"] = self._decode(f, vendor_map)
                    return found
                page = pages[0]
                array = self._decode(f, page)
                if page.samplesperpixel == 1:
                    return {"image": array.reshape(page.imagelength, page.imagewidth)}
                axis = 0 if page.planarconfig == 2 else -1  # 2 = PLANARCONFIG.SEPARATE
                high, low = np.moveaxis(array.reshape(page.shape), axis, 0)
                return {"high": high, "low": low}
        except (InvalidScanFile, UnsupportedFormat):
            raise
        except Exception as exc:  # noqa: BLE001 - tifffile raises many kinds on corrupt files
            raise InvalidScanFile(f"{f.name}: not a readable TIFF ({exc})") from exc

    def read(self, files: list[InputFile]) -> ScanImage:
        data = data_files(files)
        if len(data) == 1:
            found = self._read_file(data[0])
            if "image" in found:
                if data[0].role in ("high", "low"):
                    channel_files(files, "TIFF")  # raises: the other energy is missing
                return ScanImage({"single": found["image"]})
            return _with_maps(found)
        roles = channel_files(files, "TIFF")
        channels: dict[str, np.ndarray] = {}
        for role, f in roles.items():
            found = self._read_file(f)
            if "image" not in found:
                raise InvalidScanFile(f"{f.name}: holds two images; send it alone, not with another file")
            channels[role] = found["image"]
        (hh, hw), (lh, lw) = channels["high"].shape, channels["low"].shape
        check_same_size((hw, hh), (lw, lh), f"{roles['high'].name} and {roles['low'].name}")
        return ScanImage(channels)


def _with_maps(found: dict[str, np.ndarray]) -> ScanImage:
    maps = {}
    if "map:zeff" in found:
        maps["zeff"] = found.pop("map:zeff").astype(np.float32) / 100
    if "map:classes" in found:
        classes = found.pop("map:classes")
        if classes.size and int(classes.max()) > 3:
            raise InvalidScanFile("the classes page holds codes above 3 (0 undetermined .. 3 metal)")
        maps["classes"] = classes.astype(np.uint8)
    return ScanImage(found, maps=maps)


plugin = TiffPlugin
