"""What the benchmarks share: percentiles, and the slow model the acknowledgement
benchmarks run against (with the invented ferry articles it answers about; kept with the
tests' fake model server, which the job queue's tests use too)."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.support.redis_server import RedisServer
from tests.support.slow_model import article, slow_model

__all__ = ["article", "listening", "percentile", "slow_model", "with_own_redis"]


def listening(process: subprocess.Popen[bytes], port: int, name: str,
              within: float = 30.0) -> subprocess.Popen[bytes]:
    """`process` once it accepts connections on 127.0.0.1:`port` (stopped if it never does)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"{name} did not start listening within {within:.0f} s")


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0 to 1) of `values` in order, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def with_own_redis(measure: Callable[[int, str], Awaitable[None]], rounds: int) -> None:
    """`measure(rounds, url)` against a Redis server of its own, stopped afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        redis = RedisServer(Path(tmp) / "redis")
        redis.start()
        try:
            await measure(rounds, redis.url)
        finally:
            redis.stop()
