from __future__ import annotations

import pytest

from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_dicos


@pytest.fixture
def ready_scan(gate1, small_scan, tmp_path) -> dict:
    files = {"high": (write_dicos(tmp_path / "h.dcm", small_scan.high, kvp=9000), "h.dcm"),
             "low": (write_dicos(tmp_path / "l.dcm", small_scan.low, kvp=6000), "l.dcm")}
    response = gate1.register(metadata("VIEW-1"), files)
    assert response.status_code == 201, response.get_json()
    scan = gate1.wait(response.get_json()["id"])
    assert scan["status"] == "ready"
    return scan
