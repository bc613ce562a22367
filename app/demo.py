"""Demo data: one headquarters, two centres, four sites, nine scanners of
different vendors and kinds, a person for every role, and the academy's
library, question bank and exam (certificates for the demo analysts).

Idempotent: every record is looked up by its natural key first, so running the
demo twice changes nothing."""

from __future__ import annotations

import json
import os
from typing import Any
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.blueprints.auth.services import create_user, issue_token
from app.blueprints.calibration.services import calibrate_from_synthetic_wedge
from app.blueprints.equipment.services import create_scanner
from app.demo_scans import seed_demo_scans
from app.demo_training import grant_demo_certificates, seed_demo_training
from app.extensions import db
from app.models import ApiToken, Centre, Headquarters, Scanner, Site, User

HQ = ("HQ", "National NII Headquarters")
CENTRES = (("NBC", "Ningbo Image Interpretation Centre"), ("SHC", "Shanghai Image Interpretation Centre"))
SITES = (
    ("NB-BEI", "Ningbo Beilun Port", "NBC"),
    ("NB-DAX", "Ningbo Daxie Terminal", "NBC"),
    ("SH-WGQ", "Shanghai Waigaoqiao Port", "SHC"),
    ("SH-YSH", "Shanghai Yangshan Port", "SHC"),
)
# site, name, vendor key, manufacturer, model, kind, source, high keV, low keV, spacing x/y mm
SCANNERS = (
    ("NB-BEI", "Beilun Gate 1", "dicos", "Orion Imaging", "OR-9000", "fixed", "linac", 9000, 6000, 5.0, 5.0),
    ("NB-BEI", "Beilun Gate 2", "tiff", "Helix Scan", "HX-6M", "drive_through", "linac", 6000, 4000, 6.0, 5.0),
    ("NB-BEI", "Beilun Rail", "raw", "Polaris NII", "PR-Rail", "rail", "betatron", 7500, None, 8.0, 6.0),
    ("NB-DAX", "Daxie Mobile", "png", "Tessera Security", "TS-Mobile", "mobile", "linac", 6000, 4000, 5.0, 5.0),
    ("NB-DAX", "Daxie Relocatable", "dicos", "Orion Imaging", "OR-R6", "relocatable", "linac", 6000, 4000, 5.0, 5.0),
    ("SH-WGQ", "Waigaoqiao Gate A", "tiff", "Helix Scan", "HX-9M", "fixed", "linac", 9000, 6000, 5.0, 5.0),
    ("SH-WGQ", "Waigaoqiao Cars", "png", "Tessera Security", "TS-Car", "passenger_car", "xray_tube", 450, 160, 2.0, 2.0),
    ("SH-YSH", "Yangshan Fast-scan", "raw", "Polaris NII", "PR-Fast", "drive_through", "betatron", 4000, None, 6.0, 5.0),
    ("SH-YSH", "Yangshan Isotope", "dicos", "Orion Imaging", "OR-Co60", "relocatable", "isotope", 1250, None, 10.0, 8.0),
)
# username, display name, roles, affiliation kind, code
PEOPLE = (
    ("analyst", "Li Wei (analyst)", ("analyst",), "centre", "NBC"),
    ("analyst2", "Chen Jing (analyst)", ("analyst",), "centre", "SHC"),
    ("expert", "Wang Fang (expert)", ("analyst", "expert"), "centre", "NBC"),
    ("expert2", "Huang Yu (expert)", ("analyst", "expert"), "centre", "NBC"),
    # Works for the Ningbo centre from the Beilun site: never gets Beilun's scans.
    ("analyst3", "Xu Ming (analyst at Beilun)", ("analyst",), "site", "NB-BEI"),
    ("officer", "Zhang Min (site officer)", ("site_officer",), "site", "NB-BEI"),
    ("officer2", "Liu Yang (site officer)", ("site_officer",), "site", "SH-WGQ"),
    ("trainee", "Zhao Lei (trainee)", ("trainee",), "centre", "NBC"),
    ("instructor", "Ma Lin (instructor)", ("instructor",), "headquarters", "HQ"),
    ("supervisor", "Sun Hui (centre supervisor)", ("supervisor",), "centre", "NBC"),
    ("hqsupervisor", "Zhou Qiang (HQ supervisor)", ("supervisor",), "headquarters", "HQ"),
    ("admin", "System administrator", ("admin",), "headquarters", "HQ"),
    ("auditor", "Qian Li (auditor)", ("auditor",), "headquarters", "HQ"),
    ("cos", "Customs operation system", ("integration",), "headquarters", "HQ"),
)
_MODELS: dict[str, Any] = {"site": Site, "centre": Centre, "headquarters": Headquarters}


def seed_demo(password: str, with_scans: bool = True) -> str:

    hq = _get_or_add(Headquarters, HQ[0], name=HQ[1])
    # The demo is set in China: the centres keep the same clock as their ports.
    centres = {code: _get_or_add(Centre, code, name=name, headquarters=hq, timezone="Asia/Shanghai")
               for code, name in CENTRES}
    for code, name, centre in SITES:
        _get_or_add(Site, code, name=name, centre=centres[centre], timezone="Asia/Shanghai")
    db.session.commit()

    new_tokens: dict[str, str] = {}
    for site, name, vendor, maker, model, kind, source, high, low, sx, sy in SCANNERS:
        site_id = db.session.scalar(sa.select(Site.id).where(Site.code == site))
        if db.session.scalar(sa.select(Scanner.id).where(Scanner.site_id == site_id, Scanner.name == name)):
            continue
        scanner, token = create_scanner(
            site_code=site, name=name, vendor=vendor, kind=kind, source=source,
            energy_high_kev=high, energy_low_kev=low, manufacturer=maker, model=model,
            pixel_spacing_x_mm=sx, pixel_spacing_y_mm=sy,
        )
        new_tokens[f"scanner:{name}"] = token
        # Installed and calibrated from a (synthetic) step wedge, as a real one would be;
        # "Daxie Mobile" is left uncalibrated to show the nominal default.
        if name != "Daxie Mobile":
            calibrate_from_synthetic_wedge(scanner)

    for username, display, roles, kind, code in PEOPLE:
        if db.session.scalar(sa.select(User.id).where(User.username == username)) is None:
            org = db.session.scalar(sa.select(_MODELS[kind]).where(_MODELS[kind].code == code))
            create_user(username, password, roles, display, org)
    cos = db.session.scalar(sa.select(User).where(User.username == "cos"))
    if db.session.scalar(sa.select(ApiToken.id).where(ApiToken.user_id == cos.id)) is None:
        new_tokens["integration:cos"] = issue_token("COS demo", user=cos)

    tokens_file = _save_tokens(new_tokens)
    grant_demo_certificates()
    if with_scans:
        seed_demo_scans()
        seed_demo_training()
    return _report(password, tokens_file)


def _get_or_add(model, code: str, **fields):
    row = db.session.scalar(sa.select(model).where(model.code == code))
    if row is None:
        row = model(code=code, **fields)
        db.session.add(row)
        db.session.flush()
    return row


def _save_tokens(new_tokens: dict[str, str]) -> Path:
    """Demo only: keep the demo's tokens in the (git-ignored, private) instance
    folder so the demo scanners and integration client can be driven later.
    Real tokens are shown once and never written anywhere."""
    path = Path(current_app.instance_path) / "demo_tokens.json"
    tokens = json.loads(path.read_text()) if path.exists() else {}
    if new_tokens:
        tokens.update(new_tokens)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(tokens, fh, indent=2)
        os.replace(tmp, path)
    return path


def _report(password: str, tokens_file: Path) -> str:
    lines = ["Demo logins (password for all: %s):" % password]
    for username, display, roles, kind, code in PEOPLE:
        lines.append(f"  {username:<13} {', '.join(roles):<20} {kind + ' ' + code:<16} {display}")
    lines.append(f"Scanner and integration tokens of the demo: {tokens_file}")
    return "\n".join(lines)
