"""Operating the Slack app: the run command's digests, /healthz and /metrics, shutdown on
SIGTERM; the ack time of each request; one correlation id per request, the one users see.

`command.serve` runs as it does in production (HTTP mode and Socket Mode) against the
fake Slack Web API and a real Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import re
import signal
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import aiohttp
import pytest

from bot import keys
from bot.analyzers.rules import RulesAnalyzer
from bot.logs import ContextFilter
from bot.ops import metrics
from bot.records import Team, TeamSettings
from bot.redis_conn import RedisHandle
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import command
from tests.support.articles import HARBOUR
from tests.support.fake_slack import TEAM_ID, fake_slack
from tests.support.redis_server import free_port
from tests.support.slack_signing import Scenario, SlackDriver, signed_headers, slack_scenario
from tests.test_slack_command import running, slack_settings, wait_listening

TEAM = Team(platform="slack", id=TEAM_ID)
DAILY = TeamSettings(digest_channel="C0DIGEST", digest_hour=0, timezone="UTC")  # due already


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def ack_count() -> float:
    value = metrics.REGISTRY.get_sample_value("factdesk_ack_seconds_count",
                                              {"platform": "slack"})
    return value or 0.0


@pytest.fixture
async def slack(redis_settings: Settings, handle: RedisHandle) -> AsyncIterator[Scenario]:
    service = Service(redis_settings, handle.client, RulesAnalyzer())
    async with slack_scenario(redis_settings, service) as scenario:
        yield scenario


async def test_the_run_command_posts_digests_serves_health_and_stops_on_sigterm(
    redis_settings: Settings, handle: RedisHandle
) -> None:
    service = Service(redis_settings, handle.client, RulesAnalyzer())
    await service.save_team_settings(TEAM, DAILY)
    await service.save_team_settings(Team(platform="discord", id="81"), TeamSettings(
        digest_channel="700000000000000001", digest_hour=0, timezone="UTC"))  # not ours
    port, ops_port = free_port(), free_port()
    async with fake_slack() as fake:
        settings = slack_settings(redis_settings, fake).model_copy(
            update={"metrics_port": ops_port})
        args = argparse.Namespace(http=True, port=port, host="127.0.0.1", verbose=False)
        serving = asyncio.create_task(command.serve(settings, args, digest_interval=0.1))
        try:
            await wait_listening(port)
            [digest] = await fake.wait_for("chat.postMessage")
            assert digest["channel"] == "C0DIGEST"
            assert "nothing was checked" in digest["text"]

            status, body = await get(f"http://127.0.0.1:{ops_port}/healthz")
            assert status == 200, body
            assert '"redis": "ok"' in body and '"platform": "connected"' in body

            before = ack_count()
            async with aiohttp.ClientSession() as session:
                driver = SlackDriver(url=f"http://127.0.0.1:{port}/slack/events",
                                     session=session, response_url=fake.response_url)
                assert (await driver.command("digest-settings show")).status == 200
            await fake.wait_for("respond")
            status, body = await get(f"http://127.0.0.1:{ops_port}/metrics")
            assert status == 200
            assert 'factdesk_ack_seconds_count{platform="slack"}' in body
            assert ack_count() == before + 1

            await asyncio.sleep(0.3)  # a few more scheduler ticks
            assert not serving.done()
        finally:
            if serving.done():
                serving.result()  # it stopped by itself: show why
            # never send SIGTERM to the test run unless the app's handler is what receives it
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(serving, 10)
            gc.unfreeze()  # serve() froze the test process's objects; give them back
        assert [c["channel"] for c in fake.of("chat.postMessage")] == ["C0DIGEST"], \
            "once for the day, and only the Slack team's"
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(f"http://127.0.0.1:{ops_port}/healthz")  # the ops server was closed
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(f"http://127.0.0.1:{port}/slack/events")  # and the app
    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None), "handler removed"


async def test_in_socket_mode_health_follows_the_socket(redis_settings: Settings) -> None:
    ops_port = free_port()
    async with fake_slack() as fake:
        settings = slack_settings(redis_settings, fake).model_copy(
            update={"metrics_port": ops_port})
        async with running(settings):
            deadline = asyncio.get_running_loop().time() + 10
            while fake.socket_connections == 0:
                assert asyncio.get_running_loop().time() < deadline, "never connected"
                await asyncio.sleep(0.02)
            status, body = await get(f"http://127.0.0.1:{ops_port}/healthz")
            assert status == 200 and '"platform": "connected"' in body

            before = ack_count()  # a command over the socket is timed like one over HTTP
            driver = SlackDriver(url="unused", session=None,  # type: ignore[arg-type]
                                 response_url=fake.response_url)
            payload = dict(parse_qsl(driver.command_body("digest")))
            await fake.envelopes.put({"envelope_id": "env-1", "type": "slash_commands",
                                      "accepts_response_payload": True, "payload": payload})
            await fake.wait_for("respond")
            while not fake.socket_acks:  # answered on the socket once dispatch returned
                assert asyncio.get_running_loop().time() < deadline + 10, "no envelope ack"
                await asyncio.sleep(0.02)
            assert [a["envelope_id"] for a in fake.socket_acks] == ["env-1"]
            assert ack_count() == before + 1

            fake.fail("apps.connections.open", "internal_error", times=1000)
            await fake.drop_sockets()  # Slack closes the socket, and refuses a new one
            deadline = asyncio.get_running_loop().time() + 10
            while (await get(f"http://127.0.0.1:{ops_port}/healthz"))[0] != 503:
                assert asyncio.get_running_loop().time() < deadline, "still said connected"
                await asyncio.sleep(0.05)
            _, body = await get(f"http://127.0.0.1:{ops_port}/healthz")
            assert '"platform": "disconnected"' in body and '"redis": "ok"' in body


async def test_each_acknowledged_request_records_its_ack_once(slack: Scenario) -> None:
    before = ack_count()
    await slack.driver.command("digest")
    await slack.fake.wait_for("respond")
    assert ack_count() == before + 1

    body = slack.driver.command_body("digest")
    refused = await slack.driver.send(body, signed_headers(body, secret="not-the-secret"))
    assert refused.status == 401
    assert ack_count() == before + 1, "a refused request is not an acknowledgement"


async def test_the_reference_a_user_sees_is_the_requests_correlation_id(
    slack: Scenario, handle: RedisHandle, caplog: pytest.LogCaptureFixture
) -> None:
    await handle.client.set(keys.team_settings(TEAM), b"{not json")  # our fault, not theirs
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.INFO):
        await slack.driver.command("digest today")
        [reply] = await slack.fake.wait_for("respond")
    assert reply["response_type"] == "ephemeral"
    found = re.search(r"Reference: ([0-9a-f]{8})", reply["text"])
    assert found is not None, reply["text"]
    assert "not json" not in reply["text"] and "Error" not in reply["text"]
    assert "Traceback" not in reply["text"]
    [failure] = [r for r in caplog.records if r.getMessage().startswith("unexpected failure")]
    assert getattr(failure, "correlation_id", None) == found.group(1)
    assert getattr(failure, "team", None) == TEAM.key
    assert failure.exc_info is not None, "the log keeps the traceback the user does not see"


async def logged(caplog: pytest.LogCaptureFixture, prefix: str, count: int) -> None:
    """Wait (5 s at most) until `count` records of our team start with `prefix`."""
    deadline = asyncio.get_running_loop().time() + 5
    while sum(1 for r in caplog.records if getattr(r, "team", None) == TEAM.key
              and r.getMessage().startswith(prefix)) < count:
        assert asyncio.get_running_loop().time() < deadline, f"no {count} {prefix!r} lines"
        await asyncio.sleep(0.02)


async def test_a_checks_log_lines_share_the_requests_id(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.INFO):
        await slack.driver.command(HARBOUR)
        await slack.fake.wait_for("chat.update")
        await slack.driver.command(HARBOUR)  # a second request: an id of its own
        await slack.fake.wait_for("chat.update", count=2)
        # "check … posted" is logged once chat.update has answered: wait for it, not a race
        await logged(caplog, "check ", count=2)
    ours = [r for r in caplog.records if getattr(r, "team", None) == TEAM.key]
    [analyzed] = [r for r in ours if r.getMessage().startswith("analyzed ")]
    first, second = [r for r in ours if r.getMessage().startswith("check ")]
    assert getattr(first, "correlation_id", None) == getattr(analyzed, "correlation_id", None)
    assert getattr(first, "correlation_id", None) is not None
    assert getattr(second, "correlation_id", None) not in (None, first.correlation_id), \
        "the second request (served from the cache) has an id of its own"
