"""The answer of /api/v1/scanners/<id>/calibration (GET, POST, DELETE): the scanner's
calibration as the admin page shows it (services.describe)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.validation import Out


class CurvePoint(Out):
    area_density: float = Field(description="g/cm²")
    a_high: float = Field(description="the high-energy attenuation, ln(I0 / I)")
    r: float | None = Field(description="A_low / A_high")


class MaterialReport(Out):
    # `class` is a Python keyword: the field is class_, written "class".
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    material: str
    z_eff: float
    class_: Literal["undetermined", "organic", "inorganic", "metal"] = Field(alias="class", description="the material class it is coloured as")
    curve: list[CurvePoint] = Field(description="the fitted curve, R against A_high")
    points: list[CurvePoint] = Field(description="the wedge steps measured")
    undetermined: list[tuple[float, float]] = Field(description="area-density ranges the scanner cannot classify")


class CalibrationRms(Out):
    high: float
    low: float


class CalibrationReport(Out):
    model: str
    label: str
    source: Literal["nominal", "wedge"] = Field(description="nominal: no wedge seen; wedge: fitted from one")
    noise: float
    block: int
    rms: CalibrationRms | None = Field(description="the fit's residuals (a wedge fit only)")
    fitted_at: str | None = Field(description="ISO 8601, UTC (a wedge fit only)")
    materials: list[MaterialReport]


class CalibrationScanner(Out):
    id: int
    name: str
    site: str = Field(description="the site's code")
    energy_high_kev: int | None
    energy_low_kev: int | None


class ScannerCalibration(Out):
    scanner: CalibrationScanner
    material_source: str = Field(description='"cips-calibrated" (fitted from a wedge) or "default"')
    model: str | None = Field(description="the scanner type the calibration models")
    report: CalibrationReport | None
    models: dict[str, str] = Field(description="every scanner type a wedge may be fitted to: key -> label")
