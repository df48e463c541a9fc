"""A background job's loop: one tick every so often, a failed tick logged, never fatal."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(interval: float, tick: Callable[[], Awaitable[object]], what: str) -> None:
    """Run `tick` every `interval` seconds until cancelled; errors (Redis down) are
    logged and the loop goes on."""
    while True:
        try:
            await tick()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s tick failed; retrying in %.0f s", what, interval)
        await asyncio.sleep(interval)
