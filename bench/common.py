"""What the benchmarks share: percentiles, and the slow model the acknowledgement
benchmarks run against (with the invented ferry articles it answers about; kept with the
tests' fake model server, which the job queue's tests use too)."""

from __future__ import annotations

from tests.support.slow_model import article, slow_model

__all__ = ["article", "percentile", "slow_model"]


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0 to 1) of `values` in order, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
