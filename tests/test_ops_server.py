"""/healthz and /metrics served by a running ops server, scraped over HTTP.

A real Redis (the session's server, or one of our own that a test stops), the real
`Service` with the rules analyzer, and the real aiohttp server on a free port.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import InputError
from bot.ops.server import OpsServer, start_ops_server
from bot.records import Actor, Place, Team
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR, HARBOUR_FOLLOW_UP
from tests.support.redis_server import RedisServer

REPO = Path(__file__).resolve().parents[1]
NEWSROOM = Team(platform="slack", id="T0NEWS")


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def get_json(url: str) -> tuple[int, dict[str, str]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a /metrics page, keyed by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(page: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
          **labels: str) -> float:
    return page.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
async def ops(redis_settings: Settings, handle: RedisHandle) -> AsyncIterator[OpsServer]:
    server = await start_ops_server(
        redis_settings.model_copy(update={"metrics_port": 0}), handle, lambda: True,
        host="127.0.0.1",
    )
    yield server
    await server.close()


async def test_healthz_ok_with_redis_and_platform(ops: OpsServer) -> None:
    assert ops.url is not None and ops.port
    status, body = await get_json(f"{ops.url}/healthz")
    assert status == 200
    assert body == {"status": "ok", "redis": "ok", "platform": "connected"}


async def test_metrics_move_after_checks(
    ops: OpsServer, handle: RedisHandle, redis_settings: Settings
) -> None:
    rules = RulesAnalyzer()
    engine = {"analyzer": rules.name, "model": rules.model}
    service = Service(redis_settings, handle.client, rules)
    status, content_type, text = await get(f"{ops.url}/metrics")
    assert status == 200 and content_type.startswith("text/plain")
    before = samples(text)

    who, where = Actor(id="U1", name="Ana"), Place(channel="C-desk")
    first = await service.check(NEWSROOM, HARBOUR, who, where)
    again = await service.check(NEWSROOM, HARBOUR, who, where)
    await service.analyze(HARBOUR_FOLLOW_UP)
    with pytest.raises(InputError):
        await service.analyze("   ")
    assert first.saved and again.analysis.engine.cached

    after = samples((await get(f"{ops.url}/metrics"))[2])

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("factdesk_checks_total") == 4
    assert delta("factdesk_cache_lookups_total", result="miss") == 2
    assert delta("factdesk_cache_lookups_total", result="hit") == 1
    assert delta("factdesk_analyses_total", **engine) == 2
    assert delta("factdesk_analysis_seconds_count", analyzer="rules") == 2
    assert delta("factdesk_analysis_seconds_sum", analyzer="rules") > 0
    assert delta("factdesk_errors_total", kind="InputError") == 1
    # The rules engine calls no model: no tokens and no cost, but the series exist.
    assert delta("factdesk_model_tokens_total", direction="in", **engine) == 0
    assert ("factdesk_model_cost_usd_total", frozenset(engine.items())) in after
    assert value(after, "process_resident_memory_bytes") > 0


async def test_metrics_carry_no_article_text_or_ids(
    ops: OpsServer, handle: RedisHandle, redis_settings: Settings
) -> None:
    service = Service(redis_settings, handle.client, RulesAnalyzer())
    await service.check(NEWSROOM, HARBOUR, Actor(id="U1"), Place(channel="C-desk"))
    text = (await get(f"{ops.url}/metrics"))[2]
    for secret in ("Valmora", "T0NEWS", "C-desk", "U1\""):
        assert secret not in text


async def test_healthz_reports_platform_disconnected(
    redis_settings: Settings, handle: RedisHandle
) -> None:
    connected = {"now": False}

    def broken() -> bool:
        raise RuntimeError("the gateway object is gone")

    settings = redis_settings.model_copy(update={"metrics_port": 0})
    server = await start_ops_server(settings, handle.client, lambda: connected["now"],
                                    host="127.0.0.1")
    other = await start_ops_server(settings, handle, broken, host="127.0.0.1")
    try:
        status, body = await get_json(f"{server.url}/healthz")
        assert (status, body["platform"], body["redis"]) == (503, "disconnected", "ok")
        connected["now"] = True
        assert (await get_json(f"{server.url}/healthz"))[0] == 200
        status, body = await get_json(f"{other.url}/healthz")
        assert (status, body["platform"]) == (503, "disconnected")
    finally:
        await server.close()
        await other.close()


@pytest.mark.parametrize("given", ["client", "handle", "service"])
async def test_healthz_reports_redis_down_and_back(
    tmp_path: Path, settings: Settings, given: str
) -> None:
    """Whichever the platform process passes, /healthz sees Redis go and come back."""
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    settings = settings.model_copy(update={"redis_url": redis.url, "metrics_port": 0})
    handle = connect(settings)
    passed = {"client": handle.client, "handle": handle,
              "service": Service(settings, handle.client, RulesAnalyzer())}[given]
    server = await start_ops_server(settings, passed, lambda: True, host="127.0.0.1")
    try:
        assert (await get_json(f"{server.url}/healthz"))[0] == 200
        redis.stop()
        status, body = await get_json(f"{server.url}/healthz")
        assert status == 503
        assert body == {"status": "unavailable", "redis": "unreachable", "platform": "connected"}
        redis.start()  # same port: the client reconnects on its own
        assert (await get_json(f"{server.url}/healthz"))[0] == 200
    finally:
        await server.close()
        await handle.close()
        redis.stop()


async def test_no_port_serves_nothing(settings: Settings, handle: RedisHandle) -> None:
    server = await start_ops_server(settings, handle, lambda: True)
    assert server.url is None and server.port is None
    await server.close()  # a no-op, and safe


def ipv4_loopback_port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:`port`, found by binding it (no connection)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def test_the_metrics_address_is_a_setting(
    settings: Settings, handle: RedisHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FACTDESK_METRICS_HOST=::1 serves on [::1] only, whatever address the bot has."""
    monkeypatch.setenv("FACTDESK_METRICS_HOST", "::1")
    loaded = Settings(_env_file=None, metrics_port=0)  # type: ignore[call-arg]
    assert loaded.metrics_host == "::1"
    for bot_host in (None, "127.0.0.1", "0.0.0.0"):
        server = await start_ops_server(loaded, handle, lambda: True, host=bot_host)
        try:
            assert server.port is not None
            assert server.url == f"http://[::1]:{server.port}"
            assert (await get_json(f"{server.url}/healthz"))[0] == 200
            assert ipv4_loopback_port_is_free(server.port)  # not on 0.0.0.0, nor 127.0.0.1
        finally:
            await server.close()


async def test_the_metrics_address_follows_the_bots_by_default(
    settings: Settings, handle: RedisHandle
) -> None:
    unset = settings.model_copy(update={"metrics_port": 0, "metrics_host": None})
    server = await start_ops_server(unset, handle, lambda: True, host="::1")
    try:
        assert server.port is not None and server.host == "::1"
        assert (await get_json(f"http://[::1]:{server.port}/healthz"))[0] == 200
        assert ipv4_loopback_port_is_free(server.port)
    finally:
        await server.close()
    everywhere = await start_ops_server(unset, handle, lambda: True)  # a bot with no address
    try:
        assert everywhere.host == "0.0.0.0" and everywhere.port is not None
        assert not ipv4_loopback_port_is_free(everywhere.port)
        assert (await get_json(f"{everywhere.url}/healthz"))[0] == 200
    finally:
        await everywhere.close()


def run_probe(port: int | None, host: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FACTDESK_METRICS_PORT", "FACTDESK_METRICS_HOST")}
    if port is not None:
        env["FACTDESK_METRICS_PORT"] = str(port)
    if host is not None:
        env["FACTDESK_METRICS_HOST"] = host
    return subprocess.run([sys.executable, "-m", "bot.ops.probe"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=30, check=False)


async def test_container_probe_follows_healthz(tmp_path: Path, settings: Settings) -> None:
    """The Dockerfile's HEALTHCHECK command, run as Docker would, against a live server."""
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    settings = settings.model_copy(update={"redis_url": redis.url, "metrics_port": 0})
    handle = connect(settings)
    server = await start_ops_server(settings, handle, lambda: True, host="127.0.0.1")
    try:
        assert server.port is not None
        healthy = await asyncio.to_thread(run_probe, server.port)
        assert healthy.returncode == 0, healthy.stderr
        redis.stop()
        sick = await asyncio.to_thread(run_probe, server.port)
        assert sick.returncode == 1 and "503" in sick.stderr
    finally:
        await server.close()
        await handle.close()
        redis.stop()
    assert (await asyncio.to_thread(run_probe, None)).returncode == 0  # nothing served: no verdict
    assert (await asyncio.to_thread(run_probe, server.port)).returncode == 1  # closed: refused


async def test_container_probe_asks_the_metrics_address(
    settings: Settings, handle: RedisHandle
) -> None:
    """Served on ::1 only (here: the bot's address), probed there when the setting says so."""
    server = await start_ops_server(settings.model_copy(update={"metrics_port": 0}), handle,
                                    lambda: True, host="::1")
    try:
        assert server.port is not None
        done = await asyncio.to_thread(run_probe, server.port, "::1")
        assert done.returncode == 0, done.stderr
    finally:
        await server.close()



async def test_healthz_gives_up_on_a_hung_redis(tmp_path: Path, settings: Settings) -> None:
    """A Redis that accepts but never answers (stopped with SIGSTOP) is reported down."""
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    settings = settings.model_copy(update={"redis_url": redis.url, "metrics_port": 0})
    handle = connect(settings)
    server = await start_ops_server(settings, handle, lambda: True, host="127.0.0.1")
    assert redis.process is not None
    try:
        assert (await get_json(f"{server.url}/healthz"))[0] == 200
        redis.process.send_signal(signal.SIGSTOP)
        try:
            status, body = await asyncio.wait_for(get_json(f"{server.url}/healthz"), 10)
        finally:
            redis.process.send_signal(signal.SIGCONT)
        assert (status, body["redis"]) == (503, "unreachable")
        assert (await get_json(f"{server.url}/healthz"))[0] == 200
    finally:
        await server.close()
        await handle.close()
        redis.stop()
