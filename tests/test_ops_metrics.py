"""The counters move for what really happens in a check: model tokens and cost, each
kind of failure, an unreachable Redis. Read from the process's registry (the same one
/metrics serves; tests/test_ops_server.py scrapes it over HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.analyzers.llm import LLMAnalyzer
from bot.analyzers.rules import RulesAnalyzer
from bot.errors import AnalyzerError, CheckError, FetchError, InputError
from bot.ops import metrics
from bot.records import Actor, Place, Team
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import Settings
from tests.support.analyzers import CountingAnalyzer, model_refused
from tests.support.articles import HARBOUR, HARBOUR_FOLLOW_UP
from tests.support.fake_openai import FakeOpenAI, llm_settings, serve
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import RedisServer
from tests.test_llm_analyzer import ARTICLE, DRAFT

NEWSROOM = Team(platform="discord", id="81234")
RULES = {"analyzer": RulesAnalyzer().name, "model": RulesAnalyzer().model}


def sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


class Delta:
    """Sample values now; `of(...)` is how much one has moved since."""

    def __init__(self) -> None:
        self._before = {
            (s.name, frozenset(s.labels.items())): s.value
            for family in metrics.REGISTRY.collect() for s in family.samples
        }

    def of(self, name: str, **labels: str) -> float:
        return sample(name, **labels) - self._before.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    yield from serve()


async def test_model_tokens_and_cost_are_counted_once_per_analysis(
    redis_settings: Settings, handle: RedisHandle, fake: FakeOpenAI
) -> None:
    settings = llm_settings(redis_settings, fake, llm_price_in_per_mtok=2.0,
                            llm_price_out_per_mtok=8.0)
    analyzer = LLMAnalyzer(settings)
    service = Service(settings, handle.client, analyzer)
    labels = {"analyzer": analyzer.name, "model": "test-model"}
    fake.queue_completion(DRAFT, prompt_tokens=1200, completion_tokens=300)
    delta = Delta()
    try:
        first = await service.analyze(ARTICLE)
        again = await service.analyze(ARTICLE)  # from the cache: no tokens, no cost
    finally:
        await analyzer.aclose()
    assert not first.analysis.engine.cached and again.analysis.engine.cached
    assert delta.of("factdesk_analyses_total", **labels) == 1
    assert delta.of("factdesk_model_tokens_total", direction="in", **labels) == 1200
    assert delta.of("factdesk_model_tokens_total", direction="out", **labels) == 300
    assert delta.of("factdesk_model_cost_usd_total", **labels) == pytest.approx(
        1200 * 2.0 / 1e6 + 300 * 8.0 / 1e6
    )
    assert delta.of("factdesk_cache_lookups_total", result="hit") == 1
    assert len(fake.received) == 1


async def test_failures_are_counted_by_kind(
    redis_settings: Settings, handle: RedisHandle, http_server: LocalHTTPServer
) -> None:
    delta = Delta()
    rules = Service(redis_settings, handle.client, RulesAnalyzer())
    with pytest.raises(InputError):
        await rules.analyze("")
    with pytest.raises(FetchError) as fetch_failure:
        await rules.analyze(http_server.url("/no-such-article"))
    refusing = Service(redis_settings, handle.client,
                       CountingAnalyzer(RulesAnalyzer(), fail_with=model_refused()))
    with pytest.raises(AnalyzerError):
        await refusing.analyze(HARBOUR)
    broken = Service(redis_settings, handle.client,
                     CountingAnalyzer(RulesAnalyzer(), fail_with=RuntimeError("a bug")))
    with pytest.raises(RuntimeError):
        await broken.analyze(HARBOUR_FOLLOW_UP)
    assert delta.of("factdesk_checks_total") == 4
    assert delta.of("factdesk_errors_total", kind="InputError") == 1
    # the FetchError subclass's own name (e.g. a 404) is the label
    assert delta.of("factdesk_errors_total", kind=type(fetch_failure.value).__name__) == 1
    assert delta.of("factdesk_errors_total", kind="AnalyzerError") == 1
    assert delta.of("factdesk_errors_total", kind="internal") == 1
    assert delta.of("factdesk_analyses_total", **RULES) == 0


async def test_an_unreachable_redis_is_counted(tmp_path: Path, settings: Settings) -> None:
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    settings = settings.model_copy(update={"redis_url": redis.url})
    handle = connect(settings)
    service = Service(settings, handle.client, RulesAnalyzer())
    redis.stop()
    delta = Delta()
    try:
        result = await service.check(NEWSROOM, HARBOUR, Actor(id="1"), Place(channel="2"))
    finally:
        await handle.close()
    assert not result.saved
    assert delta.of("factdesk_cache_lookups_total", result="unavailable") == 1
    assert delta.of("factdesk_errors_total", kind="redis_unavailable") == 1
    assert delta.of("factdesk_errors_total", kind="not_saved") == 1
    assert delta.of("factdesk_analyses_total", **RULES) == 1


def test_error_kinds_are_bounded() -> None:
    assert metrics.error_kind(InputError("x")) == "InputError"
    assert metrics.error_kind(CheckError("x")) == "CheckError"
    assert metrics.error_kind(KeyError("https://news.example/a")) == "internal"


def test_acknowledgement_time_is_a_histogram_per_platform() -> None:
    delta = Delta()
    metrics.observe_ack("slack", 0.3)
    metrics.observe_ack("slack", 4.0)
    assert delta.of("factdesk_ack_seconds_count", platform="slack") == 2
    assert delta.of("factdesk_ack_seconds_bucket", platform="slack", le="0.5") == 1
    assert delta.of("factdesk_ack_seconds_sum", platform="slack") == pytest.approx(4.3)
    assert b'factdesk_ack_seconds_count{platform="slack"}' in metrics.render()


def test_only_the_metrics_module_imports_prometheus() -> None:
    """The core reaches Prometheus through bot/ops/metrics.py and nothing else."""
    bot = Path(__file__).resolve().parents[1] / "bot"
    importers = sorted(
        str(path.relative_to(bot.parent)) for path in bot.rglob("*.py")
        if "prometheus_client" in path.read_text("utf-8")
    )
    assert importers == ["bot/ops/metrics.py"]
