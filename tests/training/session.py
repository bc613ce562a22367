"""A signed-in person of the academy over real HTTP, and answers built from the
ground truth the fixture knows."""

from __future__ import annotations

from datetime import timedelta

import requests
import sqlalchemy as sa

from tests.conftest import DEMO_PASSWORD
from tests import db as testdb
from tests.training.conftest import SUSPECT_SIZE


class Visitor:
    def __init__(self, server, username: str):
        self.server = server
        self.http = server.login(username, DEMO_PASSWORD)
        self.csrf = self.http.get(f"{server.url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(f"{self.server.url}{path}", timeout=30, **kw)

    def post(self, path: str, body: dict | None = None, **kw) -> requests.Response:
        return self.http.post(f"{self.server.url}{path}", json=body, headers={"X-CSRFToken": self.csrf},
                              timeout=30, **kw)

    def put(self, path: str, body: dict) -> requests.Response:
        return self.http.put(f"{self.server.url}{path}", json=body, headers={"X-CSRFToken": self.csrf}, timeout=30)

    def patch(self, path: str, body: dict) -> requests.Response:
        return self.http.patch(f"{self.server.url}{path}", json=body, headers={"X-CSRFToken": self.csrf},
                               timeout=30)

    def start(self, exam_id: int) -> dict:
        response = self.post(f"/api/v1/training/exams/{exam_id}/attempts")
        assert response.status_code == 201, response.text
        return response.json()

    def answer(self, attempt: dict, position: int, decision: str | None, regions: list) -> requests.Response:
        return self.put(f"/api/v1/training/attempts/{attempt['id']}/questions/{position}/answer",
                        {"decision": decision, "regions": regions})


def box_region(x: float, y: float, w: float, h: float, label: str = "dense block") -> dict:
    return {"type": "Annotation", "id": f"#m-{x}-{y}",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": label}],
            "target": {"selector": {"type": "FragmentSelector", "value": f"xywh=pixel:{x},{y},{w},{h}"}}}


def is_suspect(question: dict) -> bool:
    """The fixture's suspect image is the wider one."""
    return question["image"]["width"] == SUSPECT_SIZE[0]


def move_back(instance, attempt_id: int, hours: float) -> None:
    """Let `hours` pass for a submitted attempt (its start and submission move back),
    instead of waiting out the retake rule. Typed so each database stores it its way."""
    from app.database import UTCDateTime, utcnow

    sql = sa.text("UPDATE attempts SET submitted_at = :t WHERE id = :id").bindparams(
        sa.bindparam("t", type_=UTCDateTime()))
    eng = testdb.engine(instance)
    try:
        with eng.begin() as conn:
            (submitted,) = conn.execute(sa.text("SELECT submitted_at FROM attempts WHERE id = :id"
                                                ).columns(submitted_at=UTCDateTime()), {"id": attempt_id}).one()
            assert submitted is not None, "only a submitted attempt waits"
            conn.execute(sql, {"t": min(submitted, utcnow()) - timedelta(hours=hours), "id": attempt_id})
    finally:
        eng.dispose()
