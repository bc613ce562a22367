"""Who may take live work, decided in-process on the demo data: analysts need a
certificate of the live grade for the scanner's kind, reviewers one of the review
grade; revoked and expired certificates count for nothing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.blueprints.assignments.verdicts import reviewers
from app.blueprints.auth.services import create_user
from app.blueprints.training.certificates import grant, live_coverage, may_take
from app.database import utcnow
from app.extensions import db
from app.models import Centre, User


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _names(user_ids: list[int]) -> list[str]:
    return sorted(db.session.scalars(sa.select(User.username).where(User.id.in_(user_ids))))


def test_reviews_go_only_to_experts_certified_at_the_review_grade(demo_app):
    with demo_app.app_context():
        centre = db.session.scalar(sa.select(Centre).where(Centre.code == "NBC"))
        newcomer = create_user("expert9", "long-enough-pw", ["analyst", "expert"], "New expert", centre)
        analyst = _user("analyst")
        names = lambda kind: _names(reviewers(centre.id, kind, analyst.id))  # noqa: E731
        assert names("fixed") == ["expert", "expert2"]  # the demo's seniors; never the analyst himself
        assert _names(reviewers(centre.id, "fixed", _user("expert").id)) == ["expert2"]
        grant(newcomer, "intermediate", ["fixed"], 30)
        assert names("fixed") == ["expert", "expert2"]  # below the review grade
        grant(newcomer, "senior", ["rail"], 30)
        assert names("fixed") == ["expert", "expert2"] and names("rail") == ["expert", "expert2", "expert9"]


def test_revoked_and_expired_certificates_do_not_count(demo_app):
    with demo_app.app_context():
        centre = db.session.scalar(sa.select(Centre).where(Centre.code == "NBC"))
        user = create_user("analyst9", "long-enough-pw", ["analyst"], "Analyst nine", centre)
        assert not may_take(user, "fixed")
        cert = grant(user, "junior", ["fixed", "mobile"], 30)
        assert may_take(user, "fixed") and may_take(user, "mobile") and not may_take(user, "rail")
        cert.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert live_coverage([user.id]) == {}
        cert.expires_at = utcnow() + timedelta(days=1)
        cert.revoked_at = utcnow()
        db.session.commit()
        assert not may_take(user, "fixed")


def test_without_required_certificates_everyone_may_take_live_work(demo_copy, make_app):
    app = make_app(demo_copy, REQUIRE_CERTIFICATE=False)
    with app.app_context():
        centre = db.session.scalar(sa.select(Centre).where(Centre.code == "NBC"))
        user = create_user("analyst8", "long-enough-pw", ["analyst", "expert"], "Analyst eight", centre)
        assert may_take(user, "rail")
        assert "analyst8" in _names(reviewers(centre.id, "rail", _user("analyst").id))


def test_an_attempt_due_twice_at_once_is_graded_once(demo_instance, worker_pool, make_app, tmp_path):
    """The sweeper and a candidate's request both find the attempt past its deadline."""
    from app.blueprints.training import attempts
    from app.models import Attempt, Certificate, ExamTemplate
    from tests.db import copy_instance
    from tests.training.conftest import seed_academy

    # An academy of its own: the shared one is in use by a live server.
    academy = seed_academy(copy_instance(demo_instance, tmp_path), worker_pool)
    app = make_app(tmp_path)
    with app.app_context():
        exam = db.session.get(ExamTemplate, academy.exams["Short exam"])
        attempt = attempts.start(exam, _user("trainee"))
        for row in attempt.answers:  # right answers, so the attempt passes and issues a certificate
            q = row.question
            row.decision, row.regions = q.decision, q.regions
        attempt.deadline = utcnow() - timedelta(seconds=1)
        db.session.commit()
        attempt_id = attempt.id
    with app.app_context():
        first = db.session.get(Attempt, attempt_id)
        with app.app_context():  # a second request, its own session, same moment
            second = db.session.get(Attempt, attempt_id)
            assert second.state == "open"
            attempts.settle(second)
            assert second.submitted_by == "timeout" and second.passed
        assert first.state == "open"  # read before the other finished
        attempts.finish(first, "candidate", utcnow())
        assert first.submitted_by == "timeout"  # the other one graded it
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)
                                 .where(Certificate.attempt_id == attempt_id)) == 1
