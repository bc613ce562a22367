"""Every built-in format ingests through the API into a ready scan whose pixels
are the scanner's, with the right sha256 per file."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_dicos, write_png, write_raw, write_tiff


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _channels(demo_app, scan_id: int) -> dict[str, np.ndarray]:
    from pathlib import Path

    folder = Path(demo_app.config["STORE_PATH"]) / "scans" / str(scan_id)
    return {p.stem: np.load(p) for p in folder.glob("*.npy")}


def _files(kind: str, tmp_path, scan):
    if kind == "dicos":
        return {"high": (write_dicos(tmp_path / "h.dcm", scan.high, kvp=9000), "h.dcm"),
                "low": (write_dicos(tmp_path / "l.dcm", scan.low, kvp=6000), "l.dcm")}
    if kind == "tiff":
        return {"single": (write_tiff(tmp_path / "scan.tif", scan.high, scan.low), "scan.tif")}
    if kind == "png":
        return {"high": (write_png(tmp_path / "h.png", scan.high), "h.png"),
                "low": (write_png(tmp_path / "l.png", scan.low), "l.png")}
    data, sidecar = write_raw(tmp_path, scan.high, scan.low, byte_order="big")
    return {"single": (data, "scan.raw"), "sidecar": (sidecar, "scan.json")}


@pytest.mark.parametrize("kind", ["dicos", "tiff", "png", "raw"])
def test_each_builtin_format_ingests_to_a_ready_scan(demo_app, gate1, small_scan, tmp_path, kind):
    files = _files(kind, tmp_path, small_scan)
    response = gate1.register(metadata(f"UID-{kind}"), files)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] in ("processing", "ready") and body["links"]["dzi"].endswith("/scan.dzi")

    ready = gate1.wait(body["id"])
    assert ready["status"] == "ready", ready["failure_reason"]
    assert ready["format"] == kind
    assert (ready["width"], ready["height"]) == (700, 300)
    assert {c["role"] for c in ready["channels"]} == {"high", "low"}
    sources = {role: _sha(path) for role, (path, _) in files.items() if role != "sidecar"}
    for channel in ready["channels"]:
        assert channel["sha256"] == sources.get(channel["role"], next(iter(sources.values())))
    stored = _channels(demo_app, body["id"])
    assert np.array_equal(stored["high"], small_scan.high) and np.array_equal(stored["low"], small_scan.low)


def test_a_single_energy_png_scan(gate2, small_scan, tmp_path):
    response = gate2.register(metadata("SINGLE-1"), {"single": (write_png(tmp_path / "s.png", small_scan.high), "s.png")})
    assert response.status_code == 201, response.get_json()
    ready = gate2.wait(response.get_json()["id"])
    assert ready["status"] == "ready"
    assert [c["role"] for c in ready["channels"]] == ["single"]
    assert ready["scanner"]["dual_energy"] is False


def test_the_example_third_party_plugin_ingests_through_its_entry_point(demo_app, gate1, small_scan, tmp_path):
    from importlib.metadata import entry_points

    assert "acme" in {ep.name for ep in entry_points(group="cips.vendors")}, "make installs the example plug-in"
    from cips_vendor_acme import write_acme

    path = write_acme(tmp_path / "scan.acme", small_scan.high, small_scan.low)
    response = gate1.register(metadata("ACME-1", format="acme"), {"single": (path, "scan.acme")})
    assert response.status_code == 201, response.get_json()
    ready = gate1.wait(response.get_json()["id"])
    assert ready["status"] == "ready" and ready["format"] == "acme"
    stored = _channels(demo_app, ready["id"])
    assert np.array_equal(stored["high"], small_scan.high) and np.array_equal(stored["low"], small_scan.low)
