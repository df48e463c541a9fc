"""Signed requests taken once: a replay of one is recognised and not acted on.

Slack signs an HTTP request with a timestamp and the body, nothing unique, so anyone
who sees a request (a proxy's log, a debugging dump) can send it again while its
timestamp is accepted (five minutes either side) and it passes the signature check.
`Deliveries.first` remembers each signature in Redis for exactly that long, with one
`SET NX EX` per request: the first delivery sets the key, a replay finds it.

When Redis cannot answer (down, or slower than `CHECK_SECONDS`), requests are taken
unchecked ("fail open"): a check must still be answerable while the database is away,
and a replay can then only repeat what the user asked for. One warning is logged when
that starts, and one line when checking works again.
"""

from __future__ import annotations

import asyncio
import logging
import math

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot import keys

log = logging.getLogger(__name__)

CHECK_SECONDS = 0.5  # of Slack's 3 s to acknowledge, what the replay check may take


class Deliveries:
    def __init__(self, client: aioredis.Redis, check_seconds: float = CHECK_SECONDS) -> None:
        self._client = client
        self._check_seconds = check_seconds
        self._unchecked = False  # Redis could not answer the last time: warned already

    async def first(self, platform: str, signature: str, valid_for: float) -> bool:
        """False if this signature was taken before; True the first time, or when Redis
        cannot tell. `valid_for`: seconds its signature is still accepted."""
        key = keys.delivery(platform, signature)
        try:
            async with asyncio.timeout(self._check_seconds):
                taken = await self._client.set(key, b"1", nx=True,
                                               ex=max(1, math.ceil(valid_for)))
        except (RedisError, OSError, TimeoutError) as exc:
            if not self._unchecked:
                log.warning("replayed requests cannot be recognised while Redis is "
                            "unreachable (%s); taking every signed request until it is back",
                            type(exc).__name__)
            self._unchecked = True
            return True
        if self._unchecked:
            log.info("Redis is back: replayed requests are recognised again")
            self._unchecked = False
        return bool(taken)
