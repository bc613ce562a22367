"""Third-party plug-ins through the entry-point group ``cips.vendors``.

The example package (examples/cips-vendor-example) is used as installed when it is (``pip
install -e examples/cips-vendor-example``); otherwise the session fixture declares it the
way pip would, a dist-info folder on sys.path whose entry_points.txt is generated from the
example's own pyproject.toml, so the declaration there is what gets tested either way.
"""

from __future__ import annotations

import logging
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest

from app.vendors import GROUP, InputFile, InvalidScanFile, Registry, default_registry

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cips-vendor-example"


def fake_distribution(folder: Path, name: str, eps: dict[str, str],
                      modules: dict[str, str] | None = None) -> Path:
    """A minimal installed distribution (dist-info with METADATA and entry_points.txt)."""
    info = folder / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    lines = [f"[{GROUP}]"] + [f"{k} = {v}" for k, v in eps.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for module, source in (modules or {}).items():
        (folder / f"{module}.py").write_text(source)
    return folder


@pytest.fixture(scope="session")
def acme(tmp_path_factory):
    """The example plug-in, discoverable through its entry point; yields how it got there."""
    if any(ep.name == "acme" for ep in entry_points(group=GROUP)):
        yield "installed"
        return
    declared = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())
    eps = declared["project"]["entry-points"][GROUP]
    site = fake_distribution(tmp_path_factory.mktemp("site"), declared["project"]["name"], eps)
    sys.path[:0] = [str(site), str(EXAMPLE)]
    try:
        yield "declared from pyproject.toml"
    finally:
        sys.path.remove(str(site))
        sys.path.remove(str(EXAMPLE))
        sys.modules.pop("cips_vendor_acme", None)


@pytest.fixture
def fresh_default_registry():
    default_registry.cache_clear()
    yield default_registry
    default_registry.cache_clear()


def test_default_registry_discovers_and_reads_the_example_plugin(
        acme, fresh_default_registry, tmp_path, scan):
    from cips_vendor_acme import write_acme

    registry = fresh_default_registry()
    assert registry.keys() == ["dicos", "tiff", "raw", "png", "acme"], acme
    row = next(r for r in registry.describe() if r["key"] == "acme")
    assert row["enabled"] and "cips_vendor_acme:AcmePlugin" in row["source"]
    assert "cips-vendor-example" in row["source"]

    path = write_acme(tmp_path / "scan.acme", *scan)
    result = registry.read([InputFile(path)])
    assert result.metadata == {"manufacturer": "ACME", "format": "acme"}
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_example_plugin_refuses_a_truncated_file(acme, fresh_default_registry, tmp_path, scan):
    from cips_vendor_acme import write_acme

    path = write_acme(tmp_path / "scan.acme", scan[0])
    path.write_bytes(path.read_bytes()[:-7])
    with pytest.raises(InvalidScanFile, match="scan.acme"):
        fresh_default_registry().read([InputFile(path)])


BOOM = "raise RuntimeError('vendor SDK licence not found')\n"
GOOD = """
from app.vendors import ScanImage, VendorPlugin

class Plugin(VendorPlugin):
    key, name = "zeta", "Zeta"
    def sniff(self, files):
        return files[0].head(4) == b"ZETA"
    def read(self, files):
        raise NotImplementedError

class Tiff(Plugin):
    key = "tiff"

NotAPlugin = object
"""


def test_broken_entry_points_are_logged_and_skipped(tmp_path, monkeypatch, caplog, scan):
    site = fake_distribution(tmp_path, "cips-vendor-broken", {
        "missing": "cips_no_such_module_xyz:Plugin",
        "boom": "cips_test_boom:Plugin",
        "notplugin": "cips_test_good:NotAPlugin",
        "duplicate": "cips_test_good:Tiff",
        "zeta": "cips_test_good:Plugin",
    }, {"cips_test_boom": BOOM, "cips_test_good": GOOD})
    monkeypatch.syspath_prepend(str(site))
    for module in ("cips_test_boom", "cips_test_good"):
        monkeypatch.delitem(sys.modules, module, raising=False)

    registry = Registry()
    registry.load_builtins()
    with caplog.at_level(logging.ERROR, logger="app.vendors.registry"):
        registry.load_entry_points()

    assert {"dicos", "tiff", "raw", "png", "zeta"} <= set(registry.keys())
    assert "ModuleNotFoundError" in registry.failed["missing"]
    assert "vendor SDK licence not found" in registry.failed["boom"]
    assert "not a VendorPlugin subclass" in registry.failed["notplugin"]
    assert "'tiff' is already registered" in registry.failed["duplicate"]
    for name in ("missing", "boom", "notplugin", "duplicate"):
        assert f"vendor plug-in {name!r}" in caplog.text
    failed_rows = [r for r in registry.describe() if r.get("error")]
    assert {r["key"] for r in failed_rows} >= {"missing", "boom", "notplugin", "duplicate"}
    # The built-in TIFF reader is still the one in use.
    tiff = tmp_path / "scan.tif"
    from tests.vendors.make_files import write_tiff

    write_tiff(tiff, *scan)
    assert registry.sniff([InputFile(tiff)]).name == "16-bit TIFF"
    assert np.array_equal(registry.read([InputFile(tiff)]).channels["low"], scan[1])
