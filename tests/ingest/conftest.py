from __future__ import annotations

import json
import time

import pytest

from app.synthetic import generate_scan


class Scanner:
    """A scanner talking to the test client with its bearer token."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def register(self, metadata: dict, files: dict[str, tuple], **kw):
        data = {"metadata": json.dumps(metadata)}
        for role, (path, name) in files.items():
            data[role] = (open(path, "rb"), name)
        return self.client.post("/api/v1/scans", data=data, headers=self.headers,
                                content_type="multipart/form-data", **kw)

    def get(self, scan_id: int):
        return self.client.get(f"/api/v1/scans/{scan_id}", headers=self.headers)

    def wait(self, scan_id: int, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.get(scan_id).get_json()
            if body["status"] in ("ready", "failed"):
                return body
            time.sleep(0.05)
        raise AssertionError(f"scan {scan_id} still {body['status']} after {timeout} s")


def _token(folder, name: str) -> str:
    return json.loads((folder / "demo_tokens.json").read_text())[f"scanner:{name}"]


@pytest.fixture
def gate1(client, demo_copy) -> Scanner:
    return Scanner(client, _token(demo_copy, "Beilun Gate 1"))


@pytest.fixture
def gate2(client, demo_copy) -> Scanner:
    return Scanner(client, _token(demo_copy, "Beilun Gate 2"))


@pytest.fixture(scope="session")
def small_scan():
    # Gate 1, which sends it in most tests, is a 9/6 MV portal.
    return generate_scan(11, 700, 300, concealment=True, scanner="linac-9/6")


def metadata(uid: str = "GATE1-0001", **overrides) -> dict:
    body = {
        "scan_uid": uid, "scanned_at": "2026-11-27T08:15:00+08:00",
        "conveyance": {"kind": "container", "container_ids": ["CSQU3054383"]},
        "weight_kg": 23100, "radiation": {"alarm": False, "cps": 120},
    }
    return body | overrides
