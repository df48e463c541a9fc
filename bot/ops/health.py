"""What /healthz reports: can this process reach Redis, and is it connected to its platform.

Redis is asked with one PING under a short deadline of its own, so a dead or hung Redis
makes /healthz answer 503 within about a second rather than hang the health checker
(Docker's HEALTHCHECK, a load balancer) until its own timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.exceptions import RedisError

from bot.redis_conn import UNAVAILABLE

log = logging.getLogger(__name__)

PING_TIMEOUT = 1.0  # seconds


@dataclass(frozen=True)
class Health:
    redis: bool
    platform: bool

    @property
    def ok(self) -> bool:
        return self.redis and self.platform

    @property
    def http_status(self) -> int:
        return 200 if self.ok else 503

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "redis": "ok" if self.redis else "unreachable",
            "platform": "connected" if self.platform else "disconnected",
        }


#: One round trip to Redis (PING, or any cheap command); its answer does not matter.
Ping = Callable[[], Awaitable[object]]


async def redis_reachable(ping: Ping, within: float = PING_TIMEOUT) -> bool:
    """True when Redis answers within `within` seconds (an error answer is false)."""
    try:
        async with asyncio.timeout(within):
            await ping()
            return True
    except (TimeoutError, RedisError, *UNAVAILABLE) as exc:
        log.debug("health: redis ping failed (%s)", type(exc).__name__)
        return False


async def check_health(
    ping: Ping, platform_connected: Callable[[], bool],
    within: float = PING_TIMEOUT,
) -> Health:
    try:
        connected = bool(platform_connected())
    except Exception:  # a broken probe must not take /healthz down with it
        log.exception("health: the platform_connected probe failed")
        connected = False
    return Health(redis=await redis_reachable(ping, within), platform=connected)
