"""The analysis cache: one entry per article and analyzer configuration, expiring.

An entry is the analysis JSON in an envelope with the article's content hash and the
time it was stored. Errors reaching Redis are not handled here: the caller decides
what an unreachable cache means (see `bot.singleflight`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import redis.asyncio as aioredis
from pydantic import ValidationError

from bot.models import Analysis

_FORMAT = 1


class AnalysisCache:
    def __init__(self, client: aioredis.Redis, ttl_seconds: int) -> None:
        self._client = client
        self._ttl = ttl_seconds

    async def get(self, key: str) -> Analysis | None:
        raw = await self._client.get(key)
        if raw is None:
            return None
        try:
            envelope = json.loads(raw)
            if envelope.get("format") != _FORMAT:
                return None
            return Analysis.model_validate(envelope["analysis"])
        except (ValueError, KeyError, ValidationError):
            return None  # an entry from an older version: a miss, replaced on store

    async def put(self, key: str, analysis: Analysis) -> None:
        envelope = {
            "format": _FORMAT,
            "content_hash": analysis.article.content_hash,
            "stored_at": datetime.now(UTC).isoformat(),
            "analysis": analysis.model_dump(mode="json"),
        }
        await self._client.set(key, json.dumps(envelope, ensure_ascii=False), ex=self._ttl)

    async def ttl(self, key: str) -> int:
        """Seconds left before `key` expires (-2: absent)."""
        return int(await self._client.ttl(key))
