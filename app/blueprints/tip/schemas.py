"""TIP's request bodies and the shapes of its answers (app.validation.responds); the
prose is docs/tip.md."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import url_for
from pydantic import ConfigDict, Field

from app.models import TipThreat
from app.threats import THREAT_CATEGORIES
from app.validation import Body, Out, UtcDateTime


class SyntheticIn(Body):
    category: str = Field(description=", ".join(THREAT_CATEGORIES))
    seed: int | None = Field(default=None, ge=0, lt=2**31)
    scanner: str | None = None
    name: str | None = Field(default=None, max_length=200)


class ActiveIn(Body):
    active: bool


class ScoresQuery(Body):
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")
    centre: str | None = Field(default=None, max_length=16)
    analyst: int | None = Field(default=None, ge=1, lt=2**31)


class OverrideIn(Body):
    reason: str = Field(min_length=3, max_length=500)


class ProbabilityIn(Body):
    probability: float = Field(ge=0, le=1)


# --- answers ----------------------------------------------------------------------------

class ThreatOut(Out):
    id: int
    name: str
    category: str
    source: Literal["synthetic", "upload"]
    recipe: dict[str, Any] | None = Field(description="how a synthetic threat was made (its seed and shape)")
    pixel_mm: float
    width: int
    height: int
    active: bool
    created_at: UtcDateTime
    preview: str = Field(description="a PNG of the object")

    @classmethod
    def of(cls, threat: TipThreat) -> ThreatOut:
        return cls.model_validate({
            "id": threat.id, "name": threat.name, "category": threat.category, "source": threat.source,
            "recipe": threat.recipe, "pixel_mm": threat.pixel_mm, "width": threat.width, "height": threat.height,
            "active": threat.active, "created_at": threat.created_at,
            "preview": url_for("tip.threat_preview", threat_id=threat.id)})


class Threats(Out):
    threats: list[ThreatOut]


class LastOverride(Out):
    at: UtcDateTime
    reason: str | None
    by: int | None = Field(description="the supervisor's user id")


class BreakState(Out):
    """An analyst's screening and break, as the workstation and supervisors see it."""

    user_id: int
    on_task_since: UtcDateTime | None
    minutes_on_task: float
    break_after_minutes: float
    break_minutes: float
    on_break: bool
    break_until: UtcDateTime | None
    last_override: LastOverride | None


class MyBreak(Out):
    # `break` is a Python keyword: the field is named in the JSON by its alias.
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    break_: BreakState = Field(alias="break")


class AnalystBreak(BreakState):
    username: str
    display_name: str


class CentreBreaks(Out):
    analysts: list[AnalystBreak]


class Trend(Out):
    projections: int
    hits: int
    hit_rate: float | None
    mean_decision_s: float | None


class HourTrend(Trend):
    hour: int = Field(description="the hour of the day, UTC")


class TaskTrend(Trend):
    minutes: str = Field(description='minutes on task, a bin like "0-30" or "120+"')


class ScoredAnalyst(Out):
    id: int
    username: str | None
    display_name: str | None


class Refresher(Out):
    flagged: bool
    link: str | None


class AnalystScore(Out):
    analyst: ScoredAnalyst
    projections: int
    hits: int
    misses: int
    hit_rate: float | None
    real_decisions: int
    false_alarms: int
    false_alarm_rate: float | None
    d_prime: float | None
    refresher: Refresher


class RefresherRule(Out):
    hit_rate_below: float
    min_projections: int


class Scores(Out):
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    from_: UtcDateTime = Field(alias="from")
    to: UtcDateTime
    correction: str
    refresher: RefresherRule
    analysts: list[AnalystScore]
    total: Trend
    by_hour: list[HourTrend]
    by_minutes_on_task: list[TaskTrend]


class CentreProbability(Out):
    centre: str
    probability: float
