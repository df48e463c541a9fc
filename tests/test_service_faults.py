"""Redis stopped mid-run and started again: checks answered, verdicts refused plainly."""

from __future__ import annotations

import logging

import pytest

from bot.errors import StorageUnavailableError
from bot.models import CacheState
from bot.records import Actor, ClaimStatus, Place, Team
from bot.service import Service
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.redis_server import RedisServer

TEAM = Team(platform="slack", id="T1")
ANA = Actor(id="U1", name="Ana")
WHERE = Place(channel="C1")


async def test_redis_down_then_back(
    own_redis: RedisServer, own_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    service = own_service
    before = await service.check(TEAM, HARBOUR, ANA, WHERE)
    claim_id = before.flagged[0].claim.id

    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        down = await service.check(TEAM, SCHOOLS, ANA, WHERE)
        down_again = await service.check(TEAM, SCHOOLS, ANA, WHERE)
    assert down.analysis.claims, "the check is still answered"
    assert down.analysis.engine.cache is CacheState.UNAVAILABLE
    assert down.analysis.engine.cached is False
    assert not down.saved
    assert down.notice is not None
    assert "not saved" in down.notice
    assert down_again.analysis.claims == down.analysis.claims
    cache_warnings = [r for r in caplog.records if "without the cache" in r.getMessage()]
    assert len(cache_warnings) == 1, "one warning per outage, not one per check"

    with pytest.raises(StorageUnavailableError) as refused:
        await service.set_verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA)
    assert "NOT saved" in refused.value.message

    own_redis.start()  # same port, empty data: the client reconnects by itself
    back = await service.check(TEAM, SCHOOLS, ANA, WHERE)
    assert back.saved
    assert back.analysis.engine.cache is CacheState.STORED
    cached = await service.check(TEAM, SCHOOLS, ANA, WHERE)
    assert cached.analysis.engine.cache is CacheState.HIT
    claim = back.flagged[0].claim.id
    saved = await service.set_verdict(TEAM, claim, ClaimStatus.VERIFIED, ANA)
    assert saved.history[-1].status is ClaimStatus.VERIFIED
    assert (await service.claim(TEAM, claim)).status is ClaimStatus.VERIFIED
