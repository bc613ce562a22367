"""Errors a vendor plug-in raises; each carries the HTTP status the web layer answers with."""

from __future__ import annotations

from typing import ClassVar


class VendorError(Exception):
    """A scan upload the system cannot take; ``status`` is the HTTP status to answer with."""

    status: ClassVar[int] = 422
    code: ClassVar[str] = "invalid_data"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnsupportedFormat(VendorError):
    """No installed plug-in reads these files (unknown format or unknown plug-in key)."""

    status = 415
    code = "unsupported_media_type"


class InvalidScanFile(VendorError):
    """The format is known but the file is truncated, corrupt, inconsistent or absurd."""

    status = 422
    code = "invalid_data"
