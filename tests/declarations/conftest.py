from __future__ import annotations

import json

import pytest


class Cos:
    """The customs operation system, as an integration client with its bearer token."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def send(self, body, **kw):
        return self.client.post("/api/v1/declarations", json=body, headers=self.headers, **kw)

    def send_raw(self, data: bytes, content_type: str):
        return self.client.post("/api/v1/declarations", data=data, headers=self.headers, content_type=content_type)


@pytest.fixture
def cos(client, demo_copy) -> Cos:
    return Cos(client, json.loads((demo_copy / "demo_tokens.json").read_text())["integration:cos"])


def declaration(number: str = "DEC-0001", **overrides) -> dict:
    body = {
        "number": number, "declared_at": "2026-11-27T07:00:00Z",
        "declarant": "Harbour Brokers Ltd", "consignor": "Far East Tyres Co", "consignee": "Euro Wheels GmbH",
        "origin_country": "CN", "transport": {"container_ids": ["CSQU3054383"], "plate": None},
        "goods": [{"hs_code": "401110", "description": "New pneumatic tyres for cars", "quantity": 800,
                   "unit": "pcs", "gross_kg": 20000, "net_kg": 19000}],
        "risk": {"level": "medium", "reasons": ["route", "valuation"]},
    }
    return body | overrides
