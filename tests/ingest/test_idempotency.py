"""A retried registration is recognised; other content under the same scan_uid is refused."""

from __future__ import annotations

from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_png


def test_same_scan_uid_and_content_answers_200_with_the_same_body(gate1, small_scan, tmp_path):
    png = write_png(tmp_path / "s.png", small_scan.high)
    first = gate1.register(metadata("RETRY-1"), {"single": (png, "s.png")})
    assert first.status_code == 201
    again = gate1.register(metadata("RETRY-1"), {"single": (png, "renamed.png")})
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["links"] == first.get_json()["links"]


def test_same_scan_uid_with_other_content_is_409(gate1, small_scan, tmp_path):
    png = write_png(tmp_path / "s.png", small_scan.high)
    assert gate1.register(metadata("RETRY-2"), {"single": (png, "s.png")}).status_code == 201
    other_weight = gate1.register(metadata("RETRY-2", weight_kg=1), {"single": (png, "s.png")})
    assert other_weight.status_code == 409 and other_weight.get_json()["error"] == "conflict"
    other_pixels = write_png(tmp_path / "t.png", small_scan.low)
    assert gate1.register(metadata("RETRY-2"), {"single": (other_pixels, "t.png")}).status_code == 409


def test_two_scanners_may_use_the_same_scan_uid(gate1, gate2, small_scan, tmp_path):
    png = write_png(tmp_path / "s.png", small_scan.high)
    assert gate1.register(metadata("SAME"), {"single": (png, "s.png")}).status_code == 201
    assert gate2.register(metadata("SAME"), {"single": (png, "s.png")}).status_code == 201


def test_a_scanner_reads_its_own_scans_only(gate1, gate2, small_scan, tmp_path):
    png = write_png(tmp_path / "s.png", small_scan.high)
    scan_id = gate1.register(metadata("MINE"), {"single": (png, "s.png")}).get_json()["id"]
    assert gate1.get(scan_id).status_code == 200
    assert gate2.get(scan_id).status_code == 404
