"""The analysis cache through the service, on a real Redis server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.models import CacheState
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import Settings
from tests.support.analyzers import CountingAnalyzer
from tests.support.articles import HARBOUR, html_page
from tests.support.http_server import LocalHTTPServer

ServiceFactory = Callable[..., Service]


@pytest.fixture
async def make_service(redis_settings: Settings) -> AsyncIterator[ServiceFactory]:
    handles: list[RedisHandle] = []

    def factory(analyzer: CountingAnalyzer | None = None, **overrides: object) -> Service:
        settings = redis_settings.model_copy(update=overrides)
        handle = connect(settings)
        handles.append(handle)
        return Service(settings, handle.client, analyzer or CountingAnalyzer(RulesAnalyzer()))

    yield factory
    for handle in handles:
        await handle.close()


@pytest.fixture
def article_link(http_server: LocalHTTPServer) -> str:
    http_server.page("/ports/valmora-closure", html_page("Valmora terminal to close", HARBOUR))
    return http_server.url("/ports/valmora-closure?utm_source=newsletter")


def fetches(server: LocalHTTPServer) -> int:
    return sum(1 for path in server.requests if path.startswith("/ports/valmora-closure"))


async def test_miss_then_hit_served_without_fetching(
    make_service: ServiceFactory, article_link: str, http_server: LocalHTTPServer
) -> None:
    analyzer = CountingAnalyzer(RulesAnalyzer())
    service = make_service(analyzer)
    first = await service.analyze(article_link)
    assert first.analysis.engine.cache is CacheState.STORED
    assert first.analysis.engine.cached is False
    second = await service.analyze(article_link.replace("?utm_source=newsletter", ""))
    assert second.analysis.engine.cache is CacheState.HIT
    assert second.analysis.engine.cached is True
    assert second.key == first.key  # tracking parameters are not part of the identity
    assert analyzer.runs == 1
    assert fetches(http_server) == 1
    assert second.analysis.claims == first.analysis.claims


async def test_pasted_text_is_cached_by_its_content(make_service: ServiceFactory) -> None:
    analyzer = CountingAnalyzer(RulesAnalyzer())
    service = make_service(analyzer)
    await service.analyze(HARBOUR)
    again = await service.analyze("  " + HARBOUR.replace("\n\n", "\n\n\n") + "\n")
    assert again.analysis.engine.cached is True
    assert analyzer.runs == 1


async def test_entry_expires(make_service: ServiceFactory) -> None:
    analyzer = CountingAnalyzer(RulesAnalyzer())
    service = make_service(analyzer, cache_ttl_seconds=1)
    first = await service.analyze(HARBOUR)
    assert 0 < await service.cache.ttl(first.key) <= 1
    await asyncio.sleep(1.3)
    again = await service.analyze(HARBOUR)
    assert again.analysis.engine.cache is CacheState.STORED
    assert analyzer.runs == 2


async def test_default_expiry_is_seven_days(make_service: ServiceFactory) -> None:
    service = make_service()
    analyzed = await service.analyze(HARBOUR)
    ttl = await service.cache.ttl(analyzed.key)
    assert 7 * 24 * 3600 - 60 < ttl <= 7 * 24 * 3600


async def test_refresh_bypasses_and_replaces(
    make_service: ServiceFactory, article_link: str, http_server: LocalHTTPServer
) -> None:
    analyzer = CountingAnalyzer(RulesAnalyzer())
    service = make_service(analyzer)
    first = await service.analyze(article_link)
    refreshed = await service.analyze(article_link, refresh=True)
    assert refreshed.analysis.engine.cache is CacheState.REFRESHED
    assert analyzer.runs == 2
    assert fetches(http_server) == 2
    stored = await service.cache.get(first.key)
    assert stored is not None
    assert stored.engine.analyzed_at == refreshed.analysis.engine.analyzed_at
    assert stored.engine.analyzed_at != first.analysis.engine.analyzed_at


async def test_changed_prompt_or_model_is_a_miss(make_service: ServiceFactory) -> None:
    rules = RulesAnalyzer()
    before = CountingAnalyzer(rules, prompt_hash="prompt-v1")
    after = CountingAnalyzer(rules, prompt_hash="prompt-v2")
    first = await make_service(before).analyze(HARBOUR)
    second = await make_service(after).analyze(HARBOUR)
    assert first.key != second.key
    assert second.analysis.engine.cache is CacheState.STORED
    assert (before.runs, after.runs) == (1, 1)
    assert "prompt-v1" in first.key and "prompt-v2" in second.key
