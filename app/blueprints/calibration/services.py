"""Calibrating a scanner from its step-wedge scan, and the calibration a scan is coloured by.

HTTP routes and ``cips scanner calibrate`` both call these; they own the transaction.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from flask_babel import gettext as _

from app.errors import ApiError
from app.extensions import db
from app.models import Scanner
from app.synthetic_wedge import generate_wedge
from app.tiles.material_map import CALIBRATED, DEFAULT
from app.tiles.physics.calibrate import calibrate
from app.tiles.physics.calibration import PhysicsCalibration, is_physics
from app.tiles.physics.report import calibration_report
from app.tiles.physics.scanners import SCANNER_TYPES, type_for_energies
from app.tiles.physics.wedge import WedgeDescription
from app.vendors.base import InputFile
from app.vendors.errors import InvalidScanFile, UnsupportedFormat, VendorError
from app.vendors.registry import default_registry

FILE_ROLES = ("high", "low", "single", "sidecar")


def get_scanner(scanner_id: int) -> Scanner:
    scanner = db.session.get(Scanner, scanner_id)
    if scanner is None:
        raise ApiError(404, "not_found", _("No scanner %(scanner_id)s.", scanner_id=scanner_id))
    return scanner


def material_calibration(scanner: Scanner) -> dict[str, Any]:
    """What colours this scanner's scans: its fitted calibration, else the nominal model
    of the type its energies name, else the constant thresholds ({} = their defaults)."""
    stored = scanner.calibration or {}
    if stored:
        return dict(stored)
    kind = type_for_energies(scanner.energy_high_kev, scanner.energy_low_kev)
    return PhysicsCalibration(kind.key).to_dict() if kind is not None else {}


def describe(scanner: Scanner) -> dict[str, Any]:
    """The scanner's calibration as the admin page shows it."""
    effective = material_calibration(scanner)
    body: dict[str, Any] = {"scanner": {"id": scanner.id, "name": scanner.name, "site": scanner.site.code,
                                        "energy_high_kev": scanner.energy_high_kev,
                                        "energy_low_kev": scanner.energy_low_kev},
                            "material_source": DEFAULT, "model": None, "report": None}
    if is_physics(effective):
        cal = PhysicsCalibration.from_dict(effective)
        body |= {"material_source": CALIBRATED if cal.source == "wedge" else DEFAULT, "model": cal.model,
                 "report": calibration_report(cal)}
    body["models"] = {key: t.label for key, t in SCANNER_TYPES.items()}
    return body


def parse_wedge(raw: str | bytes | None) -> Any:
    if not raw:
        raise ApiError(422, "invalid_data", _("Give the wedge description (JSON with 'steps')."), field="wedge")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(422, "invalid_data", _("The wedge description is not valid JSON."), field="wedge") from None


def calibrate_scanner(scanner_id: int, files: list[tuple[str, Path]], wedge_raw: Any,
                      model: str | None = None, fmt: str | None = None) -> Scanner:
    """Decode the wedge scan (any vendor format), fit, store on the scanner."""
    scanner = get_scanner(scanner_id)
    high, low = _decode(files, fmt)
    try:
        wedge = WedgeDescription.from_dict(wedge_raw, high.shape[1], high.shape[0])
    except ValueError as exc:
        raise ApiError(422, "invalid_data", _("Wedge description: %(exc)s", exc=exc), field="wedge") from None
    key = model or wedge.model or _model_of(scanner)
    if key not in SCANNER_TYPES:
        raise ApiError(422, "invalid_data", _("model must be one of %(value)s.", value=', '.join(SCANNER_TYPES)), field="model")
    try:
        cal = calibrate(high, low, wedge, key)
    except ValueError as exc:
        raise ApiError(422, "invalid_data", _("Calibration failed: %(exc)s", exc=exc)) from None
    scanner.calibration = cal.to_dict()
    db.session.commit()
    return scanner


def calibrate_from_synthetic_wedge(scanner: Scanner, seed: int = 0) -> bool:
    """Demo only: calibrate a dual-energy scanner of a known type from a synthetic wedge
    scan, as its installer would from a real one. False if it has no known type."""
    kind = type_for_energies(scanner.energy_high_kev, scanner.energy_low_kev)
    if kind is None:
        return False
    high, low, wedge = generate_wedge(kind.key, seed)
    scanner.calibration = calibrate(high, low, wedge, kind.key).to_dict()
    db.session.commit()
    return True


def reset_calibration(scanner_id: int) -> Scanner:
    scanner = get_scanner(scanner_id)
    scanner.calibration = {}
    db.session.commit()
    return scanner


def _model_of(scanner: Scanner) -> str:
    kind = type_for_energies(scanner.energy_high_kev, scanner.energy_low_kev)
    if kind is None:
        raise ApiError(422, "invalid_data", _("This scanner has no nominal energies: name the model (%(value)s).", value=', '.join(SCANNER_TYPES)), field="model")
    return kind.key


def _decode(files: list[tuple[str, Path]], fmt: str | None) -> tuple[np.ndarray, np.ndarray]:
    if not files:
        raise ApiError(422, "invalid_data", _("Send the wedge scan's file(s)."), field="files")
    try:
        image = default_registry().read([InputFile(path, role, path.name) for role, path in files], fmt)
    except UnsupportedFormat as exc:
        raise ApiError(415, "unsupported_media_type", str(exc)) from None
    except (InvalidScanFile, VendorError) as exc:
        raise ApiError(422, "invalid_data", str(exc)) from None
    if "low" not in image.channels:
        raise ApiError(422, "invalid_data", _("The wedge scan must be dual energy (a high and a low image)."))
    return image.channels["high"], image.channels["low"]


class SavedParts:
    """Uploaded parts written to a temporary folder for the vendor plug-ins to read."""

    def __init__(self, parts: list[tuple[str, Any]]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cips-wedge-"))
        self.files: list[tuple[str, Path]] = []
        for role, storage in parts:
            name = Path(storage.filename or role).name or role
            path = self.folder / f"{role}-{name}"
            storage.save(path)
            self.files.append((role, path))

    def __enter__(self) -> list[tuple[str, Path]]:
        return self.files

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
