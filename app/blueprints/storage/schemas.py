"""Storage planning's bodies, query strings and answers (app.validation accepts/responds);
docs/storage.md tells what the figures mean."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictBool, StrictInt

from app.blueprints.storage.report import GROWTH_DAYS
from app.validation import Body, Out, UtcDateTime

Days = StrictInt | None


# --- bodies and query strings -------------------------------------------------------------

class RetentionRuleIn(Body):
    keep_days: Days = Field(ge=0, description="days a scan of this kind is kept; null: for ever")
    pyramid_days: Days = Field(ge=0, description="days its tile pyramids are kept; null: for ever")


class HoldIn(Body):
    hold: StrictBool = Field(description="true: never delete the scan; false: release it")
    reason: str = Field("", description="for the audit trail (the first 500 characters are kept)")


class ReportQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    days: int = Field(GROWTH_DAYS, ge=1, le=36500, description="the growth rate is measured over this many days")


class PlanQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    scanners: int = Field(1, ge=0, le=1_000_000)
    scans_per_day: float = Field(0, ge=0, le=1e9)
    bytes_per_scan: int = Field(0, ge=0, le=10**15)
    retention_days: int = Field(0, ge=0, le=36500)


# --- answers ------------------------------------------------------------------------------

class StorageDetail(Out):
    site: str = Field(description='site code, or "(none)" for objects of no scan')
    scanner: str = Field(description='"site / scanner"')
    kind: str = Field(description="the stored object's kind")
    month: str = Field(description="YYYY-MM")
    objects: int
    bytes: int


class StorageReport(Out):
    store: str = Field(description="where the image store is (a path or URL)")
    kind: Literal["local", "s3"]
    total_bytes: int
    objects: int
    scans: int
    bytes_per_scan: int
    bytes_per_scan_by_kind: dict[str, int]
    by_site: dict[str, int]
    by_scanner: dict[str, int]
    by_kind: dict[str, int]
    by_month: dict[str, int] = Field(description="bytes by YYYY-MM the objects were stored")
    detail: list[StorageDetail]
    growth_days: int
    growth_bytes_per_day: int
    capacity_bytes: int | None
    days_until_full: float | None = Field(description="at the growth rate; null: no capacity set, or no growth")


class StoragePlan(Out):
    scanners: int
    scans_per_day: float
    bytes_per_scan: int
    retention_days: int
    bytes_per_day: int
    bytes_needed: int


class RetentionRuleOut(Out):
    kind: str
    keep_days: int | None
    pyramid_days: int | None
    updated_at: UtcDateTime | None


class RetentionRules(RootModel[list[RetentionRuleOut]]):
    pass


class LegalHold(Out):
    scan_id: int
    legal_hold: bool
    reason: str
