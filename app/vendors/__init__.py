"""Vendor scan formats: decode what a scanner exports into uint16 channels plus metadata.

Pure library (numpy, Pillow, pydicom, tifffile, stdlib; no Flask).  The web layer calls
``default_registry().read(files)`` and answers ``VendorError.status`` (415 for
:class:`UnsupportedFormat`, 422 for :class:`InvalidScanFile`) with the error's message.
Third parties add formats through the entry-point group ``cips.vendors``; see
``docs/vendor-plugins.md``.
"""

from .base import InputFile, ScanImage, VendorPlugin, channel_files, data_files, pair_roles
from .errors import InvalidScanFile, UnsupportedFormat, VendorError
from .registry import BUILTINS, GROUP, Registry, default_registry
from .validate import DEFAULT_LIMITS, Limits, check_channels, check_dimensions, check_same_size

__all__ = [
    "BUILTINS",
    "DEFAULT_LIMITS",
    "GROUP",
    "InputFile",
    "InvalidScanFile",
    "Limits",
    "Registry",
    "ScanImage",
    "UnsupportedFormat",
    "VendorError",
    "VendorPlugin",
    "channel_files",
    "check_channels",
    "check_dimensions",
    "check_same_size",
    "data_files",
    "default_registry",
    "pair_roles",
]
