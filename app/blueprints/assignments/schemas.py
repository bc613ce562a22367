"""Request shapes of the site officer's routes (one pydantic model each: validation, the
422 naming the field, and the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.models.workflow import FINDING_UNITS, OUTCOMES
from app.threats import THREAT_CATEGORIES
from app.validation import Body

Category = Literal[tuple(THREAT_CATEGORIES)]  # type: ignore[valid-type]
Unit = Literal[FINDING_UNITS]  # type: ignore[valid-type]
Outcome = Literal[OUTCOMES]  # type: ignore[valid-type]
Seal = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class FindingIn(Body):
    """One kind of thing found: its threat category (the analysts' region categories),
    what it is, and how much."""

    category: Category  # type: ignore[valid-type]
    description: str = Field("", max_length=500)
    quantity: float | None = Field(None, ge=0, le=1e9)
    unit: Unit | None = None


class InspectionIn(Body):
    """`POST /scans/<id>/inspection`: JSON, or the `record` part of multipart/form-data
    whose `photos` parts are the photos."""

    # Chosen by the tablet once per record; a record sent again with it is stored once.
    client_key: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{8,64}$")
    outcome: Outcome
    findings: str = Field("", max_length=10_000)
    items: list[FindingIn] = Field(default_factory=list, max_length=50)
    hs_code: str | None = Field(None, pattern=r"^[0-9]{6,10}$")
    seals_before: list[Seal] = Field(default_factory=list, max_length=20)
    seals_after: list[Seal] = Field(default_factory=list, max_length=20)
    officers_present: list[Name] = Field(default_factory=list, max_length=20)
    inspected_at: datetime | None = None
