"""An academy of its own: the demo people, a few more candidates, a small question
bank of synthetic images with known contents, and a short exam; served by the
real server with a fast exam timer."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.helpers import LiveServer, start_live_server
from tests.db import copy_instance

CLEAR_SIZE = (1200, 300)
SUSPECT_SIZE = (1400, 350)
# One candidate per test that sits an exam: after an attempt a retake waits a day, so
# tests (in any order, on any worker) must not share one.
CANDIDATES = ("cand1", "cand2", "cand3", "cand4", "cand5", "cand6", "cand7", "cand8", "cand9",
              "cand10", "cand11", "cand12")
BANDS = [{"grade": "junior", "min_percent": 50.0}, {"grade": "intermediate", "min_percent": 75.0},
         {"grade": "senior", "min_percent": 100.0}]


@dataclass
class Academy:
    folder: object
    suspect_box: list[int]
    exams: dict[str, int] = field(default_factory=dict)


def seed_academy(folder, worker_pool) -> Academy:
    import sqlalchemy as sa

    from app import create_app
    from app.blueprints.auth.services import create_user
    from app.demo_training import region, training_scan
    from app.extensions import db
    from app.models import Centre, ExamTemplate, Question, Scanner
    from app.synthetic import generate_scan

    os.environ["CIPS_INSTANCE_PATH"] = str(folder)
    try:
        app = create_app({"ASYNC_MODE": "threading"})
        app.extensions["cips_pool"] = worker_pool
        with app.app_context():
            centre = db.session.scalar(sa.select(Centre).where(Centre.code == "NBC"))
            for name in CANDIDATES:
                create_user(name, DEMO_PASSWORD, ["trainee"], f"Candidate {name}", centre)
            # An analyst of the Ningbo centre with no certificate yet.
            create_user("newanalyst", DEMO_PASSWORD, ["analyst"], "Gao Yan (new analyst)", centre)
            gate = db.session.scalar(sa.select(Scanner).where(Scanner.name == "Beilun Gate 1"))
            clear = training_scan(gate, "T-CLEAR", generate_scan(31, *CLEAR_SIZE))
            hidden = generate_scan(32, *SUSPECT_SIZE, concealment=True)
            suspect = training_scan(gate, "T-SUSPECT", hidden)
            box = [int(v) for v in hidden.concealed_box]
            db.session.add_all([
                Question(scan=clear, decision="clear", regions=[], explanation="An even load of cartons.",
                         difficulty=1, tags=["short", "container"]),
                Question(scan=suspect, decision="suspect", regions=[region(box, "concealed goods")],
                         explanation="A dense block hides inside the cartons.", difficulty=3,
                         tags=["short", "container", "concealment"]),
            ])
            exams = {"Short exam": 600, "Two-second exam": 2}
            for name, seconds in exams.items():
                db.session.add(ExamTemplate(name=name, question_count=2, tags=["short"], scanner_kinds=["fixed"],
                                            time_limit_s=seconds, pass_percent=50.0, grade_bands=BANDS,
                                            validity_days=730))
            db.session.commit()
            ids = dict(db.session.execute(sa.select(ExamTemplate.name, ExamTemplate.id)).all())
            db.session.remove()
            db.engine.dispose()
            return Academy(folder, box, ids)
    finally:
        del os.environ["CIPS_INSTANCE_PATH"]


@pytest.fixture(scope="session")
def academy(tmp_path_factory, demo_instance, worker_pool) -> Academy:
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("academy"))
    return seed_academy(folder, worker_pool)


@dataclass
class AcademyServer(LiveServer):
    academy: Academy | None = None

    @property
    def truth(self) -> dict:
        return {"suspect_box": self.academy.suspect_box}

    @property
    def widths(self) -> dict:
        return {"clear": CLEAR_SIZE[0], "suspect": SUSPECT_SIZE[0]}

    @property
    def image_size(self) -> dict:
        return {"clear": CLEAR_SIZE, "suspect": SUSPECT_SIZE}


@pytest.fixture(scope="session")
def academy_server(academy) -> AcademyServer:
    server = start_live_server(academy.folder, CIPS_EXAM_SWEEP_SECONDS="0.5", CIPS_SWEEP_INTERVAL_SECONDS="0.25",
                               CIPS_DISCONNECT_GRACE_SECONDS="2")
    wrapped = AcademyServer(server.url, server.process, server.log_path, server.instance, academy)
    yield wrapped
    wrapped.stop()
