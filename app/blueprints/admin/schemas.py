"""Shapes of the administration API's request bodies and of its answers
(app.validation.responds); the prose is docs/admin-api.md."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.blueprints.auth.schemas import UserOut
from app.blueprints.scans.schemas import PixelSpacing
from app.validation import Body, Out, UtcDateTime

ROLE = Literal["analyst", "expert", "site_officer", "trainee", "instructor", "supervisor", "admin", "auditor",
               "integration"]


class Affiliation(Body):
    kind: Literal["site", "centre", "headquarters"]
    code: str = Field(min_length=1, max_length=16)


class PersonIn(Body):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")
    display_name: str = Field(min_length=1, max_length=200)
    roles: list[ROLE] = Field(min_length=1)
    affiliation: Affiliation | None = None
    password: str = Field(min_length=1, max_length=1024)


class PersonChange(Body):
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    roles: list[ROLE] | None = Field(default=None, min_length=1)
    affiliation: Affiliation | None = None
    clear_affiliation: bool = False
    active: bool | None = None


class PasswordIn(Body):
    password: str = Field(min_length=1, max_length=1024)


def _zone(value: str | None) -> str | None:
    from zoneinfo import available_timezones

    if value is not None and value not in available_timezones():
        raise ValueError("must be an IANA time zone such as Asia/Shanghai")
    return value


class CentreIn(Body):
    code: str = Field(min_length=1, max_length=16, pattern=r"^[A-Z0-9-]+$")
    name: str = Field(min_length=1, max_length=200)
    headquarters: str = Field(min_length=1, max_length=16)
    timezone: str = "UTC"
    exclude_own_site: bool = True
    review_share: float = Field(default=0.1, ge=0, le=1)

    _tz = field_validator("timezone")(_zone)


class CentreChange(Body):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: str | None = None
    exclude_own_site: bool | None = None
    review_share: float | None = Field(default=None, ge=0, le=1)

    _tz = field_validator("timezone")(_zone)


class SiteIn(Body):
    code: str = Field(min_length=1, max_length=16, pattern=r"^[A-Z0-9-]+$")
    name: str = Field(min_length=1, max_length=200)
    centre: str = Field(min_length=1, max_length=16)
    timezone: str = "UTC"

    _tz = field_validator("timezone")(_zone)


class SiteChange(Body):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: str | None = None
    centre: str | None = Field(default=None, min_length=1, max_length=16)

    _tz = field_validator("timezone")(_zone)


SCANNER_KIND = Literal["fixed", "relocatable", "mobile", "drive_through", "rail", "passenger_car"]
SOURCE_KIND = Literal["linac", "betatron", "isotope", "xray_tube"]


class ScannerIn(Body):
    site: str = Field(min_length=1, max_length=16)
    name: str = Field(min_length=1, max_length=100)
    vendor: str | None = Field(default=None, max_length=32, pattern=r"^[a-z0-9_-]+$")
    kind: SCANNER_KIND = "fixed"
    source: SOURCE_KIND = "linac"
    energy_high_kev: int | None = Field(default=None, gt=0, le=20000)
    energy_low_kev: int | None = Field(default=None, gt=0, le=20000)
    manufacturer: str | None = Field(default=None, max_length=100)
    model: str | None = Field(default=None, max_length=100)
    pixel_spacing_x_mm: float | None = Field(default=None, gt=0, le=100)
    pixel_spacing_y_mm: float | None = Field(default=None, gt=0, le=100)


class ScannerChange(Body):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    vendor: str | None = Field(default=None, max_length=32, pattern=r"^[a-z0-9_-]+$")
    kind: SCANNER_KIND | None = None
    source: SOURCE_KIND | None = None
    active: bool | None = None
    manufacturer: str | None = Field(default=None, max_length=100)
    model: str | None = Field(default=None, max_length=100)
    pixel_spacing_x_mm: float | None = Field(default=None, gt=0, le=100)
    pixel_spacing_y_mm: float | None = Field(default=None, gt=0, le=100)


class TokenIn(Body):
    user: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=100)


class PeopleQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a cache-buster is no mistake

    q: str | None = Field(None, max_length=200, description="part of the username or the name")
    role: ROLE | None = None

    @field_validator("q", "role", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        return value or None


class SettingIn(Body):
    value: Any = Field(description="a whole number within the setting's min and max")


# --- answers ----------------------------------------------------------------------------

class PersonOut(UserOut):
    active: bool
    created_at: UtcDateTime
    last_login_at: UtcDateTime | None


class People(Out):
    people: list[PersonOut]


class Ok(Out):
    ok: bool


class CalibrationSummary(Out):
    """Enough for a list: whether a wedge was fitted, for which model, when."""

    source: str | None
    model: str | None
    fitted_at: str | None


class OrgScanner(Out):
    id: int
    name: str
    site_id: int
    vendor: str | None
    manufacturer: str | None
    model: str | None
    kind: SCANNER_KIND
    source: SOURCE_KIND
    energy_high_kev: int | None
    energy_low_kev: int | None
    dual_energy: bool
    pixel_spacing_mm: PixelSpacing
    active: bool
    calibration: CalibrationSummary


class OrgSite(Out):
    id: int
    code: str
    name: str
    timezone: str
    people: int
    scanners: list[OrgScanner]


class CentreOut(Out):
    id: int
    code: str
    name: str
    timezone: str
    exclude_own_site: bool
    review_share: float


class OrgCentre(CentreOut):
    people: int
    sites: list[OrgSite]


class OrgHeadquarters(Out):
    id: int
    code: str
    name: str
    people: int
    centres: list[OrgCentre]


class Organisation(Out):
    headquarters: list[OrgHeadquarters]


class SiteOut(Out):
    id: int
    code: str
    name: str
    timezone: str
    centre: str = Field(description="the centre's code")


class TokenOut(Out):
    id: int
    name: str
    prefix: str = Field(description="the token's first characters, to recognise it")
    created_at: UtcDateTime
    last_used_at: UtcDateTime | None
    revoked_at: UtcDateTime | None
    scanner_id: int | None
    user: str | None = Field(description="the username an integration token acts as")


class Tokens(Out):
    tokens: list[TokenOut]


class TokenAdded(Out):
    token: str = Field(description="the token itself: shown this once")
    info: TokenOut


class NewToken(Out):
    token: str = Field(description="the scanner's new token: shown this once (the old one stops working)")


class ScannerOut(OrgScanner):
    site: str = Field(description="the site's code")
    tokens: list[TokenOut]


class Scanners(Out):
    scanners: list[ScannerOut]


class ScannerAdded(Out):
    scanner: ScannerOut
    token: str = Field(description="the scanner's token: shown this once")


class VendorFormat(Out):
    key: str
    name: str | None
    enabled: bool
    source: str
    error: str | None = Field(default=None, description="why the plug-in failed to load")


class VendorFormats(Out):
    formats: list[VendorFormat]


class SettingOut(Out):
    key: str
    value: int
    default: int
    type: Literal["int"]
    min: int | None
    max: int | None
    description: str


class Settings(Out):
    settings: list[SettingOut]
