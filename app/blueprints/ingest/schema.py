"""A scan registration's metadata as a pydantic model: the OpenAPI document shows it, and
a mistake is a 422 `invalid_metadata` naming the field (`files[0].role`), in the words
scanners' integrators have always been given."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal, get_args

from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.database import parse_iso
from app.errors import ApiError
from app.models.scans import CONVEYANCE_KINDS, ConveyanceKind
from app.validation import one_of, parse, refuse

FileRole = Literal["high", "low", "single", "sidecar"]
FILE_ROLES: tuple[str, ...] = get_args(FileRole)
UID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_IDENT = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,31}")
FORMAT_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
MAX_WEIGHT_KG = 200_000  # heavier than any road or rail load a scanner takes
MAX_CPS = 1e9
MAX_CLOCK_AHEAD = timedelta(hours=1)


def invalid(field: str, message: str) -> ApiError:
    """A 422 about one field found after the shape was valid (an upload not finished,
    a file part empty): the same answer as a shape mistake."""
    return ApiError(422, "invalid_metadata", f"{field}: {message}", field=field)


def _number(low: float, high: float):
    def check(value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise refuse(_("must be a number from %(low)s to %(high)s", low=format(low, "g"), high=format(high, "g")))
        return float(value)

    return check


def _ident(value: Any, message: str) -> str:
    # OCR misreads are kept as read: the declarations issue matches them tolerantly.
    text = value.strip().upper() if isinstance(value, str) else ""
    if not _IDENT.fullmatch(text):
        raise refuse(message)
    return text


def _container_id(value: Any) -> str:
    return _ident(value, _("must be letters and digits, e.g. CSQU3054383")).replace(" ", "")


def _plate(value: Any) -> str | None:
    return None if value is None else _ident(value, _("must be up to 32 letters, digits, spaces or '-'"))


ContainerId = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]{0,31}$"), BeforeValidator(_container_id)]
Weight = Annotated[Annotated[float, Field(ge=0, le=MAX_WEIGHT_KG)] | None, BeforeValidator(_number(0, MAX_WEIGHT_KG))]
Cps = Annotated[Annotated[float, Field(ge=0, le=MAX_CPS)] | None, BeforeValidator(_number(0, MAX_CPS))]


class Conveyance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Annotated[ConveyanceKind, one_of(CONVEYANCE_KINDS)]
    container_ids: list[ContainerId] = Field(default_factory=list, max_length=4,
                                              description="at most 4 container numbers, as read (OCR)")
    plate: Annotated[str | None, BeforeValidator(_plate)] = None


    @field_validator("container_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if not isinstance(value, list) or len(value) > 4:
            raise refuse(_("must be a list of at most 4 container numbers"))
        return value


class Radiation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    alarm: bool = False
    cps: Cps = None


class FileRef(BaseModel):
    """A finished tus upload and the role of its file."""

    role: Annotated[FileRole, one_of(FILE_ROLES)]
    upload: str | None = Field(default=None, description="the tus upload's URL (JSON registration)")


class Registration(BaseModel):
    """A scan's metadata: with `files` (tus uploads) as the JSON body of POST /api/v1/scans,
    without them as the `metadata` part of a multipart registration."""

    model_config = ConfigDict(extra="forbid")

    scan_uid: str = Field(pattern=UID_PATTERN, description="the scanner's own id of the scan; a retry repeats it")
    scanned_at: datetime = Field(description="ISO 8601 with a time zone offset; at most an hour ahead")
    conveyance: Conveyance
    weight_kg: Weight = None
    radiation: Radiation = Field(default_factory=Radiation)
    format: str | None = Field(default=None, pattern=FORMAT_PATTERN,
                               description="the vendor format key (dicos, tiff, raw, png...); none: guessed")
    files: list[FileRef] | None = Field(default=None, min_length=1, max_length=4)

    @field_validator("scan_uid", mode="before")
    @classmethod
    def _uid(cls, value: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(UID_PATTERN, value):
            raise refuse(_("1-128 characters: letters, digits, '.', '_', ':' or '-'"))
        return value

    @field_validator("scanned_at", mode="before")
    @classmethod
    def _when(cls, value: Any) -> datetime:
        when = parse_iso(value)
        if when is None:
            raise refuse(_("must be an ISO 8601 date and time, e.g. 2026-11-27T08:15:00+08:00"))
        if when.tzinfo is None:
            raise refuse(_("needs a time zone offset (e.g. +08:00 or Z)"))
        when = when.astimezone(timezone.utc)
        if when > datetime.now(timezone.utc) + MAX_CLOCK_AHEAD:
            raise refuse(_("is in the future: check the scanner's clock"))
        return when

    @field_validator("conveyance", mode="before")
    @classmethod
    def _conveyance(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise refuse(_("must be an object with a kind"))
        return value

    @field_validator("radiation", mode="before")
    @classmethod
    def _radiation(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict) or not isinstance(value.get("alarm", False), bool):
            raise refuse(_('must be an object like {"alarm": false, "cps": 120}'))
        return value

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not re.fullmatch(FORMAT_PATTERN, value)):
            raise refuse(_("must be a vendor format key such as dicos, tiff, raw or png"))
        return value

    @field_validator("files", mode="before")
    @classmethod
    def _files(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, list) or not 1 <= len(value) <= 4):
            raise refuse(_("must be a list of 1 to 4 files"))
        return value


def parse_registration(data: Any) -> dict[str, Any]:
    """The normalised metadata, or ApiError 422 naming the first bad field. A dict, as
    the scan's content digest has always been taken over (a retry of a scan registered
    before must still be recognised as the same)."""
    meta = parse(Registration, data, "metadata", code="invalid_metadata", brackets=True)
    return {
        "scan_uid": meta.scan_uid,
        "scanned_at": meta.scanned_at.isoformat(),
        "conveyance": meta.conveyance.model_dump(),
        "weight_kg": meta.weight_kg,
        "radiation": meta.radiation.model_dump(),
        "format": meta.format,
        "files": None if meta.files is None else [f.model_dump() for f in meta.files],
    }


def check_files(files: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The tus uploads of a JSON registration: each role once, each with its upload's URL.
    Which roles make a scan is the format plug-in's call (a two-page TIFF holds both
    energies in one file); it answers 422 with the reason."""
    if not files:
        raise invalid("files", _("must be a list of 1 to 4 files"))
    for i, item in enumerate(files):
        if not item["upload"]:
            raise invalid(f"files[{i}].upload", _("must be the URL of a finished tus upload"))
    roles = [f["role"] for f in files]
    if len(set(roles)) != len(roles):
        raise invalid("files", _("each role may appear once"))
    return files
