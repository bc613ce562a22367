"""The registry: built-ins, sniffing, central checks, unknown formats, bad plug-ins."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from app.vendors import (
    BUILTINS,
    InputFile,
    InvalidScanFile,
    Registry,
    ScanImage,
    UnsupportedFormat,
    VendorPlugin,
)
from tests.vendors.make_files import write_dicos, write_png, write_raw, write_tiff


class Always(VendorPlugin):
    """Claims every upload; returns the class's ``channels``."""

    key, name = "always", "Always"
    channels: dict = {}

    def sniff(self, files):
        return True

    def read(self, files):
        return ScanImage(dict(self.channels))


def returning(channels: dict) -> type[Always]:
    return type("Returning", (Always,), {"channels": channels})


class Disabled(Always):
    key, name = "disabled", "Needs a missing library"

    @classmethod
    def enabled(cls):
        return False


def test_builtins_are_listed_explicitly_and_load(registry):
    assert registry.keys() == ["dicos", "tiff", "raw", "png"]
    assert [m.rsplit(".", 1)[1] for m in BUILTINS] == registry.keys()
    assert all(row["enabled"] and row["source"] == "builtin" for row in registry.describe())


def test_sniff_picks_the_right_plugin_for_each_format(tmp_path, registry, scan):
    (tmp_path / "d").mkdir(), (tmp_path / "r").mkdir()
    uploads = {
        "dicos": [InputFile(write_dicos(tmp_path / "d" / "h.dcm", scan[0], 6000)),
                  InputFile(write_dicos(tmp_path / "d" / "l.dcm", scan[1], 4000))],
        "tiff": [InputFile(write_tiff(tmp_path / "s.tif", *scan))],
        "raw": [InputFile(p) for p in write_raw(tmp_path / "r", *scan)],
        "png": [InputFile(write_png(tmp_path / "h.png", scan[0]), "high"),
                InputFile(write_png(tmp_path / "l.png", scan[1]), "low")],
    }
    for key, files in uploads.items():
        assert registry.sniff(files).key == key
        result = registry.read(files)
        assert result.dual_energy and result.shape == (96, 160)
        assert np.array_equal(result.channels["high"], scan[0]), key
        assert np.array_equal(result.channels["low"], scan[1]), key


@pytest.mark.parametrize("content", [b"", b"\x00" * 10, np.random.default_rng(1).bytes(4096),
                                     b"GIF89a" + b"\x00" * 100, b"%PDF-1.7\n"])
def test_unknown_format_is_unsupported(tmp_path, registry, content):
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormat, match="upload.bin: not a scan format") as info:
        registry.read([InputFile(path)])
    assert "dicos, tiff, raw, png" in info.value.message
    assert info.value.status == 415


def test_mixed_formats_are_unsupported(tmp_path, registry, scan):
    files = [InputFile(write_png(tmp_path / "h.png", scan[0]), "high"),
             InputFile(write_tiff(tmp_path / "l.tif", scan[1]), "low")]
    with pytest.raises(UnsupportedFormat):
        registry.read(files)


def test_invalid_file_maps_to_422():
    assert InvalidScanFile("x").status == 422 and UnsupportedFormat("x").status == 415


def test_unknown_key_and_key_not_matching_the_files(tmp_path, registry, scan):
    path = write_png(tmp_path / "a.png", scan[0])
    with pytest.raises(UnsupportedFormat, match="unknown scan format 'bmp'"):
        registry.get("bmp")
    with pytest.raises(UnsupportedFormat, match="not 16-bit TIFF files"):
        registry.read([InputFile(path)], key="tiff")
    assert registry.read([InputFile(path)], key="png").metadata["format"] == "png"


def test_unknown_role_is_invalid(tmp_path):
    with pytest.raises(InvalidScanFile, match="unknown role 'medium'"):
        InputFile(tmp_path / "x", "medium")


def test_duplicate_key_and_non_plugin_are_rejected(registry):
    class Tiff2(Always):
        key = "tiff"

    with pytest.raises(ValueError, match="'tiff' is already registered"):
        registry.register(Tiff2)
    with pytest.raises(TypeError):
        registry.register(object)  # type: ignore[arg-type]


def test_disabled_plugin_is_listed_but_not_used(tmp_path, registry):
    registry.register(Disabled)
    path = tmp_path / "x.bin"
    path.write_bytes(b"anything")
    assert {"key": "disabled", "name": "Needs a missing library", "enabled": False,
            "source": "builtin"} in registry.describe()
    with pytest.raises(UnsupportedFormat, match="not a scan format"):
        registry.read([InputFile(path)])
    with pytest.raises(UnsupportedFormat, match="disabled"):
        registry.get("disabled")


@pytest.mark.parametrize(("channels", "message"), [
    ({"single": np.zeros((32, 32), np.int32)}, "16-bit unsigned"),
    ({"single": np.zeros((32, 32, 3), np.uint16)}, "2-D"),
    ({"high": np.zeros((32, 32), np.uint16)}, "expected 'single' or 'high' and 'low'"),
    ({"high": np.zeros((32, 40), np.uint16), "low": np.zeros((32, 41), np.uint16)},
     "differ in size: 40x32 vs 41x32"),
    ({"single": np.zeros((8, 32), np.uint16)}, "32x8 px"),
])
def test_registry_checks_what_any_plugin_returns(tmp_path, channels, message):
    reg = Registry()
    reg.register(returning(channels))
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    with pytest.raises(InvalidScanFile, match=message):
        reg.read([InputFile(path)])


def test_plugin_output_is_made_contiguous_native_uint16(tmp_path):
    reg = Registry()
    base = np.arange(64 * 64, dtype=">u2").reshape(64, 64)
    reg.register(returning({"high": base[:, ::2], "low": base[:, 1::2]}))
    (tmp_path / "x").write_bytes(b"x")
    result = reg.read([InputFile(tmp_path / "x")])
    assert all(a.flags.c_contiguous and a.dtype == np.uint16 and a.dtype.isnative
               for a in result.channels.values())
    assert np.array_equal(result.channels["low"], base[:, 1::2])


def test_a_plugin_that_crashes_while_sniffing_does_not_hide_the_others(tmp_path, scan, caplog):
    class Crashy(Always):
        key, name = "crashy", "Crashy"

        def sniff(self, files):
            raise RuntimeError("bug in vendor code")

    reg = Registry()
    reg.register(Crashy)
    reg.load_builtins()
    path = write_png(tmp_path / "a.png", scan[0])
    with caplog.at_level(logging.ERROR):
        assert reg.sniff([InputFile(path)]).key == "png"
    assert "crashy" in caplog.text


def test_builtin_module_that_fails_to_import_is_recorded(caplog):
    reg = Registry()
    with caplog.at_level(logging.ERROR):
        reg.load_builtins(("app.vendors.png", "app.vendors.no_such_format"))
    assert reg.keys() == ["png"]
    assert "ModuleNotFoundError" in reg.failed["app.vendors.no_such_format"]
    assert "no_such_format" in caplog.text


def test_limits_are_configurable(tmp_path, scan):
    from app.vendors import Limits

    reg = Registry(Limits(max_pixels=10_000))
    reg.load_builtins()
    path = write_png(tmp_path / "a.png", scan[0])
    with pytest.raises(InvalidScanFile, match="exceeds the limit of 10,000 px"):
        reg.read([InputFile(path)])


def test_vendors_import_without_flask():
    import subprocess
    import sys

    code = ("import sys, app.vendors, app.vendors.dicos, app.vendors.tiff, app.vendors.raw, "
            "app.vendors.png; app.vendors.default_registry(); "
            "sys.exit('flask' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_plugin_crashing_on_a_file_gives_invalid_scan_file(tmp_path, caplog):
    class Buggy(Always):
        key, name = "buggy", "Buggy"

        def read(self, files):
            raise KeyError("offset table")

    reg = Registry()
    reg.register(Buggy)
    (tmp_path / "x.bin").write_bytes(b"x")
    with caplog.at_level(logging.ERROR), pytest.raises(
            InvalidScanFile, match=r"x\.bin: the Buggy plug-in could not read.*KeyError"):
        reg.read([InputFile(tmp_path / "x.bin")])
    assert "failed reading x.bin" in caplog.text
