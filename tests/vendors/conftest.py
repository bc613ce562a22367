"""Fixtures for the vendor format tests: a small synthetic dual-energy scan, a registry."""

from __future__ import annotations

import numpy as np
import pytest

from app.synthetic import generate_scan
from app.vendors import Registry


@pytest.fixture(scope="session")
def scan() -> tuple[np.ndarray, np.ndarray]:
    """(high, low) uint16 images of 160 x 96 px (width x height)."""
    s = generate_scan(7, 160, 96)
    return s.high, s.low


@pytest.fixture
def registry() -> Registry:
    """The built-ins only, whatever plug-ins are installed."""
    reg = Registry()
    reg.load_builtins()
    assert not reg.failed
    return reg


@pytest.fixture
def peak_memory():
    """Context manager failing the test if Python/numpy allocate more than ``max_mib``."""
    import contextlib
    import tracemalloc

    @contextlib.contextmanager
    def check(max_mib: float):
        tracemalloc.start()
        try:
            yield
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < max_mib * 2**20, f"peak allocation {peak / 2**20:.1f} MiB"

    return check
