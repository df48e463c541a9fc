"""Slash commands over HTTP are answered once their signature is checked, handled after.

Driven with signed HTTP requests against the real app (`factdesk slack --http`'s web
app) and the fake Slack Web API; the extra commands below are registered on the real
app with Bolt's own decorator, as any listener is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.inflight import STOP_GRACE_SECONDS
from bot.service import Service
from bot.settings import Settings
from tests.support.slack_signing import Scenario, slack_scenario

PRIVATE_NOTE = "Only the person who asked sees this note about the ferry timetable."


@pytest.fixture
async def slack(redis_settings: Settings, service: Service) -> AsyncIterator[Scenario]:
    async with slack_scenario(redis_settings, service) as scenario:
        yield scenario


async def test_a_command_is_answered_before_its_listener_has_acknowledged(
    slack: Scenario,
) -> None:
    release = asyncio.Event()
    ran: list[str] = []

    @slack.app.command("/slowcheck")
    async def slow(ack: AsyncAck) -> None:
        await release.wait()
        await ack()
        ran.append("slow")

    answer = await asyncio.wait_for(
        slack.driver.send(slack.driver.command_body("anything", command="/slowcheck")), 2.0)
    assert answer.status == 200 and answer.text == ""
    assert ran == [], "Slack had its answer while the listener was still waiting"
    assert len(slack.app.inflight) >= 1, "the handling is work in flight: a stop waits for it"

    release.set()
    await slack.app.inflight.drain(STOP_GRACE_SECONDS)
    assert ran == ["slow"]


async def test_what_a_listener_acknowledges_with_reaches_the_user_through_response_url(
    slack: Scenario,
) -> None:
    @slack.app.command("/note")
    async def note(ack: AsyncAck) -> None:
        await ack(text=PRIVATE_NOTE)

    answer = await slack.driver.send(slack.driver.command_body("", command="/note"))
    assert answer.status == 200 and PRIVATE_NOTE not in answer.text
    [sent] = await slack.fake.wait_for("respond")
    assert sent.get("text") == PRIVATE_NOTE


async def test_a_command_no_listener_takes_is_answered_and_logged(
    slack: Scenario, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        answer = await slack.driver.send(
            slack.driver.command_body("hello", command="/nobody-listens"))
        await slack.app.inflight.drain(STOP_GRACE_SECONDS)
    assert answer.status == 200
    assert "not handled" in caplog.text and "/nobody-listens" in caplog.text
    assert [c.method for c in slack.fake.calls if c.method != "auth.test"] == [], \
        "nothing was posted or answered"


async def test_the_check_command_still_posts_its_analysis(slack: Scenario) -> None:
    answer = await slack.driver.command(
        "The harbour board said on Monday that ferry fares will rise by 12 per cent in May.")
    assert answer.status == 200 and answer.text == ""
    [update] = await slack.fake.wait_for("chat.update")
    assert update.get("channel") == slack.driver.channel
