"""The process's Prometheus metrics, and the only place the core touches prometheus-client.

The core calls the small functions below (one line at each point of interest), so
`bot/service.py` and `bot/singleflight.py` never import prometheus-client themselves
and the metric names live in one file. Every metric is registered in `REGISTRY`, one
registry per process: the Slack app and the Discord bot are separate processes (and
containers), each serving its own `/metrics`, so nothing here needs multiprocess mode.

Label values are bounded on purpose: error kinds are exception class names of
`bot.errors` (or "internal"), analyzers and models are the few the settings allow.
Nothing user-supplied (URLs, team ids, text) ever becomes a label.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Final, ParamSpec, TypeVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.errors import CheckError
from bot.models import CacheState, Engine

P = ParamSpec("P")
R = TypeVar("R")

REGISTRY: Final = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

#: The media type of `render()`, for the /metrics response.
CONTENT_TYPE: Final = CONTENT_TYPE_LATEST

CHECKS = Counter(
    "factdesk_checks", "Checks requested (an article or link to analyze), whatever the outcome.",
    registry=REGISTRY,
)
CACHE = Counter(
    "factdesk_cache_lookups",
    "How each check's analysis was found: hit (cache), miss (analyzed and stored), "
    "refresh (re-analyzed on request), unavailable (Redis unreachable, analyzed uncached).",
    ["result"], registry=REGISTRY,
)
ANALYSES = Counter(
    "factdesk_analyses", "Analyses made (not served from the cache), by analyzer and model.",
    ["analyzer", "model"], registry=REGISTRY,
)
TOKENS = Counter(
    "factdesk_model_tokens", "Model tokens used by analyses, by direction (in or out).",
    ["analyzer", "model", "direction"], registry=REGISTRY,
)
COST = Counter(
    "factdesk_model_cost_usd", "Cost of model requests in USD, from the configured prices.",
    ["analyzer", "model"], registry=REGISTRY,
)
ERRORS = Counter(
    "factdesk_errors",
    "Failures by kind: a bot.errors class name for user-actionable ones, 'internal' for "
    "our own faults, and operational kinds such as redis_unavailable or not_saved.",
    ["kind"], registry=REGISTRY,
)
ANALYSIS_SECONDS = Histogram(
    "factdesk_analysis_seconds",
    "Time to fetch (for links) and analyze one article, cache misses only.",
    ["analyzer"], registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300),
)
ACK_SECONDS = Histogram(
    "factdesk_ack_seconds",
    "Time from a chat event's arrival to the bot's first visible answer (the placeholder).",
    ["platform"], registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5, 10),
)

_CACHE_RESULT: Final = {
    CacheState.HIT: "hit",
    CacheState.STORED: "miss",
    CacheState.REFRESHED: "refresh",
    CacheState.UNAVAILABLE: "unavailable",
    CacheState.OFF: "off",
}


def counted_check(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Decorate the check entry point: count each call, and each failure by its kind."""

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        CHECKS.inc()
        try:
            return await func(*args, **kwargs)
        except Exception as exc:
            count_error(error_kind(exc))
            raise

    return wrapper


def error_kind(exc: BaseException) -> str:
    """A bounded label for a failure: the CheckError subclass name, else 'internal'."""
    return type(exc).__name__ if isinstance(exc, CheckError) else "internal"


def count_error(kind: str) -> None:
    ERRORS.labels(kind=kind).inc()


def cache_result(state: CacheState) -> None:
    CACHE.labels(result=_CACHE_RESULT[state]).inc()


def analysis_done(engine: Engine, seconds: float) -> None:
    """An analysis made now: count it, its tokens and cost, and how long it took."""
    labels = {"analyzer": engine.analyzer, "model": engine.model}
    ANALYSES.labels(**labels).inc()
    TOKENS.labels(direction="in", **labels).inc(engine.tokens_in)
    TOKENS.labels(direction="out", **labels).inc(engine.tokens_out)
    COST.labels(**labels).inc(engine.cost_usd)
    ANALYSIS_SECONDS.labels(analyzer=engine.analyzer).observe(seconds)


def observe_ack(platform: str, seconds: float) -> None:
    """For the chat handlers: how long a user waited for the first sign of life."""
    ACK_SECONDS.labels(platform=platform).observe(seconds)


def render() -> bytes:
    """The registry in Prometheus's text exposition format."""
    return generate_latest(REGISTRY)
