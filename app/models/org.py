"""The three tiers (headquarters -> image interpretation centres -> sites) and
the scanners at the sites."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.extensions import db
from app.database import UTCDateTime, in_list, utcnow

SCANNER_KINDS = ("fixed", "relocatable", "mobile", "drive_through", "rail", "passenger_car")
SOURCE_KINDS = ("linac", "betatron", "isotope", "xray_tube")


class Headquarters(db.Model):
    __tablename__ = "headquarters"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))

    centres: so.WriteOnlyMapped["Centre"] = so.relationship(back_populates="headquarters")


class Centre(db.Model):
    """An image interpretation centre: analysts judge the scans of its sites."""

    __tablename__ = "centres"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    headquarters_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("headquarters.id"), index=True)
    # Anti-corruption: never give a scan to an analyst affiliated with its site.
    exclude_own_site: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    # Share of clear verdicts sent to an expert at random (every suspect one is).
    review_share: so.Mapped[float] = so.mapped_column(default=0.1, server_default="0.1")
    # Bumped by every dispatch: the UPDATE takes the row lock (PostgreSQL) or the write
    # lock (SQLite), so the centre's dispatches run one at a time across all processes.
    dispatch_seq: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # The centre's own clock: its wall, queue and reports read in this zone.
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="UTC", server_default="UTC")
    # Threat image projection (issue 19): the chance that an assignment gets a fictional threat.
    tip_probability: so.Mapped[float] = so.mapped_column(default=0.02, server_default="0.02")
    # Queue alarms (the wall): more scans waiting than this, or one waiting longer; None: off.
    queue_alarm_waiting: so.Mapped[int | None] = so.mapped_column(default=20, server_default="20")
    queue_alarm_wait_seconds: so.Mapped[int | None] = so.mapped_column(default=300, server_default="300")

    headquarters: so.Mapped[Headquarters] = so.relationship(back_populates="centres")
    sites: so.WriteOnlyMapped["Site"] = so.relationship(back_populates="centre")


class Site(db.Model):
    """A customs site at a port: scanners and site officers."""

    __tablename__ = "sites"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    centre_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("centres.id"), index=True)
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="UTC")

    centre: so.Mapped[Centre] = so.relationship(back_populates="sites")
    scanners: so.WriteOnlyMapped["Scanner"] = so.relationship(back_populates="site")


class Scanner(db.Model):
    """One NII scanner. `vendor` is the key of the format plug-in its files need;
    `calibration` holds the dual-energy material thresholds (see app.tiles)."""

    __tablename__ = "scanners"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "name", name="uq_scanners_site_id_name"),
        sa.CheckConstraint(in_list("kind", SCANNER_KINDS), name="kind"),
        sa.CheckConstraint(in_list("source", SOURCE_KINDS), name="source"),
        sa.CheckConstraint("pixel_spacing_x_mm > 0 AND pixel_spacing_y_mm > 0", name="pixel_spacing"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    site_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("sites.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    vendor: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    manufacturer: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    model: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), default="fixed")
    source: so.Mapped[str] = so.mapped_column(sa.String(20), default="linac")
    # Nominal end-point energies; a single-energy scanner has no low energy.
    energy_high_kev: so.Mapped[int | None] = so.mapped_column()
    energy_low_kev: so.Mapped[int | None] = so.mapped_column()
    # x: along the scan direction (image width); y: along the detector line.
    pixel_spacing_x_mm: so.Mapped[float] = so.mapped_column(default=5.0)
    pixel_spacing_y_mm: so.Mapped[float] = so.mapped_column(default=5.0)
    calibration: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    site: so.Mapped[Site] = so.relationship(back_populates="scanners")

    @property
    def dual_energy(self) -> bool:
        return self.energy_low_kev is not None
