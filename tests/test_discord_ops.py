"""Operating the Discord bot: the run command's digests, /healthz and /metrics, shutdown on
SIGTERM; the ack time of each interaction; one correlation id per event, the one users see.

`command.serve` runs as it does in production, against the fake Discord REST API (whose
gateway is a closed port, so the bot stays "disconnected" and /healthz says so) and a
real Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
from pydantic import SecretStr

from bot import keys
from bot.cli.runtime import EXIT_OK
from bot.logs import ContextFilter
from bot.ops import metrics
from bot.records import Team, TeamSettings
from bot.redis_conn import RedisHandle
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings
from handlers.discord_bot import command
from handlers.discord_bot.digests import DIGEST_COMMAND, SETTINGS_COMMAND
from tests.support.articles import HARBOUR, html_page
from tests.support.fake_discord import (
    GUILD_ID,
    TOKEN,
    Call,
    FakeDiscord,
    Interactions,
    discord_api,
    feed,
    logged_in,
)
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import free_port

TEAM = Team(platform="discord", id=str(GUILD_ID))
DIGEST_CHANNEL = 700000000000000099


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


@contextlib.contextmanager
def logged(text: str) -> Iterator[asyncio.Event]:
    """An event set once factdesk.discord logs a line containing `text`."""
    seen = asyncio.Event()

    class Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if text in record.getMessage():
                seen.set()

    logger = logging.getLogger("factdesk.discord")
    watch = Watch(logging.INFO)
    logger.addHandler(watch)
    try:
        yield seen
    finally:
        logger.removeHandler(watch)


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_the_run_command_posts_digests_serves_health_and_stops_on_sigterm(
    fake: FakeDiscord, redis_settings: Settings, service: Service,
    caplog: pytest.LogCaptureFixture
) -> None:
    await service.save_team_settings(TEAM, TeamSettings(
        digest_channel=str(DIGEST_CHANNEL), digest_hour=0, timezone="UTC"))  # due already
    await service.save_team_settings(Team(platform="slack", id="T1"), TeamSettings(
        digest_channel="C1", digest_hour=0, timezone="UTC"))  # not ours to post
    port = free_port()
    settings = redis_settings.model_copy(update={
        "discord_token": SecretStr(TOKEN), "discord_guild_id": GUILD_ID, "metrics_port": port,
    })
    retried = contextlib.ExitStack()
    seen = retried.enter_context(logged("could not be reached"))
    running = asyncio.create_task(command.serve(settings, AnalyzerChoice.RULES,
                                                digest_interval=0.1))
    try:
        [digest] = await fake.wait_for(
            lambda c: c.method == "POST" and c.path == f"/channels/{DIGEST_CHANNEL}/messages")
        assert "nothing was checked" in digest.json["content"]

        status, body = await get(f"http://127.0.0.1:{port}/healthz")
        assert status == 503, "no gateway in the fake: not connected, and /healthz says so"
        assert '"redis": "ok"' in body and '"platform": "disconnected"' in body
        status, body = await get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200 and "factdesk_ack_seconds" in body

        # The gateway cannot be reached (a closed port): the first connection fails, which
        # discord.py 2.7.1 would let end the process; the bot keeps trying instead.
        await asyncio.wait_for(seen.wait(), 15)
        await asyncio.sleep(0.3)  # a few more scheduler ticks meanwhile
        assert not running.done()
        assert (await get(f"http://127.0.0.1:{port}/healthz"))[0] == 503
    finally:
        retried.close()
        if running.done():
            running.result()  # it stopped by itself: show why
        # never send SIGTERM to the test run unless the bot's handler is what receives it
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
        os.kill(os.getpid(), signal.SIGTERM)
        code = await asyncio.wait_for(running, 10)
    assert code == EXIT_OK
    posts = fake.find("POST", r"/channels/\d+/messages")
    assert [c.path for c in posts] == [f"/channels/{DIGEST_CHANNEL}/messages"], \
        "once for the day, and only the Discord team's"
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(f"http://127.0.0.1:{port}/healthz")  # the ops server was closed


def ack_count() -> float:
    value = metrics.REGISTRY.get_sample_value("factdesk_ack_seconds_count",
                                              {"platform": "discord"})
    return value or 0.0


async def test_each_interaction_records_its_ack_once(fake: FakeDiscord, service: Service) -> None:
    async with logged_in(service) as bot:
        users = Interactions(fake)
        before = ack_count()
        digest = users.command(DIGEST_COMMAND, [])  # deferred, then answered
        feed(bot, digest)
        await fake.wait_for(lambda c: digest["token"] in c.path and c.sends_message())
        assert ack_count() == before + 1

        refused = users.command(SETTINGS_COMMAND, [{"name": "hour", "type": 4, "value": 5}])
        feed(bot, refused)  # answered at once with a refusal
        await fake.wait_for(lambda c: refused["token"] in c.path and c.sends_message())
        assert ack_count() == before + 2


async def test_the_reference_a_user_sees_is_the_events_correlation_id(
    fake: FakeDiscord, service: Service, handle: RedisHandle, caplog: pytest.LogCaptureFixture
) -> None:
    await handle.client.set(keys.team_settings(TEAM), b"{not json")  # our fault, not theirs
    caplog.handler.addFilter(ContextFilter())
    async with logged_in(service) as bot:
        payload = Interactions(fake).command(DIGEST_COMMAND, [])
        with caplog.at_level(logging.INFO):
            feed(bot, payload)

            def private(call: Call) -> bool:
                return payload["token"] in call.path and bool(call.message.get("flags", 0) & 64)

            [reply] = await fake.wait_for(lambda c: c.sends_message() and private(c))
    found = re.search(r"Reference: ([0-9a-f]{8})", reply.message["content"])
    assert found is not None, reply.message
    [failure] = [r for r in caplog.records if r.getMessage().startswith("unexpected failure")]
    assert getattr(failure, "correlation_id", None) == found.group(1)
    assert getattr(failure, "team", None) == TEAM.key
    assert "not json" not in reply.message["content"]


async def test_a_checks_log_lines_share_one_id_and_name_the_article(
    fake: FakeDiscord, service: Service, http_server: LocalHTTPServer,
    caplog: pytest.LogCaptureFixture
) -> None:
    http_server.page("/ports/valmora", html_page("Valmora terminal to close", HARBOUR))
    url = http_server.url("/ports/valmora")
    caplog.handler.addFilter(ContextFilter())
    async with logged_in(service) as bot:
        payload = Interactions(fake).slash("factcheck", {"link": url})
        with caplog.at_level(logging.INFO), logged("check ") as seen:
            feed(bot, payload)
            await asyncio.wait_for(seen.wait(), 10)  # logged once the analysis is posted
    ours = [r for r in caplog.records if getattr(r, "team", None) == TEAM.key]
    assert len(ours) >= 2, [(r.name, r.getMessage()) for r in caplog.records]
    assert len({getattr(r, "correlation_id", None) for r in ours}) == 1
    [done] = [r for r in ours if r.name == "factdesk.discord" and r.getMessage().startswith(
        "check ")]
    assert getattr(done, "canonical_url", None) == url
