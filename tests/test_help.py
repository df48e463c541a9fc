"""`/factcheck help` on Slack and `/factcheck-help` on Discord: what factdesk does, privately."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.service import Service
from bot.settings import Settings
from tests.support.fake_discord import FakeDiscord, Interactions, discord_api, feed, logged_in
from tests.support.slack_signing import slack_scenario

SAYS = ("claims", "denials", "Discuss", "verdict", "digest")


async def test_slack_help_answers_privately_with_what_the_bot_does(
    redis_settings: Settings, service: Service
) -> None:
    async with slack_scenario(redis_settings, service) as slack:
        await slack.driver.command("help")
        [answer] = await slack.fake.wait_for("respond")
        assert answer["response_type"] == "ephemeral"
        text = answer["text"]
        assert all(word in text for word in SAYS)
        assert "`/factcheck digest`" in text and "`/factcheck digest-settings`" in text
        assert "too short" not in text
        assert not slack.fake.of("chat.postMessage"), "nothing posted in the channel"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


async def test_discord_help_answers_privately_with_what_the_bot_does(
    fake: FakeDiscord, service: Service
) -> None:
    async with logged_in(service) as bot:
        payload = Interactions(fake).slash("factcheck-help")
        feed(bot, payload)
        [answer] = await fake.wait_for(
            lambda c: c.method == "POST" and payload["token"] in c.path)
        assert answer.json["type"] == 4  # answered at once
        data = answer.json["data"]
        assert data["flags"] & 64, "only the person who asked sees it"
        assert all(word in data["content"] for word in SAYS)
        assert "/factcheck-digest" in data["content"]
