"""Discord shards: the settings reach discord.py's own client (`AutoShardedClient` with its
shard count and ids, or the plain one-connection `Client`), and bad values are refused in
words before anything connects."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
import redis.asyncio as aioredis

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import ConfigError
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot.client import FactdeskBot, make_bot
from handlers.discord_bot.command import connected
from tests.support.cli import factdesk


@pytest.fixture
async def offline(settings: Settings) -> AsyncIterator[Service]:
    """A service whose Redis is never reached (building a client only)."""
    client = aioredis.Redis(host="127.0.0.1", port=1)
    yield Service(settings, client, RulesAnalyzer())
    await client.aclose()


async def test_unset_is_one_connection(settings: Settings, offline: Service) -> None:
    bot = make_bot(offline, settings)
    assert type(bot) is FactdeskBot and not isinstance(bot, discord.AutoShardedClient)
    assert bot.shard_count is None
    await bot.close()


async def test_auto_lets_discord_choose_the_shards(settings: Settings, offline: Service) -> None:
    bot = make_bot(offline, settings.model_copy(update={"discord_shards": "auto"}))
    assert isinstance(bot, discord.AutoShardedClient) and isinstance(bot, FactdeskBot)
    assert bot.shard_count is None and bot.shard_ids is None
    assert bot.intents.value == discord.Intents(guilds=True).value  # still no privileged ones
    async with bot:  # as `factdesk discord` opens and closes it
        assert not connected(bot)  # no shard launched yet: /healthz says not connected


async def test_a_process_runs_its_range_of_the_shards(settings: Settings,
                                                      offline: Service) -> None:
    first = make_bot(offline, settings.model_copy(
        update={"discord_shards": "6", "discord_shard_ids": "0-2"}))
    second = make_bot(offline, settings.model_copy(
        update={"discord_shards": "6", "discord_shard_ids": "3,4,5"}))
    assert isinstance(first, discord.AutoShardedClient)
    assert isinstance(second, discord.AutoShardedClient)
    assert (first.shard_count, first.shard_ids) == (6, [0, 1, 2])
    assert (second.shard_count, second.shard_ids) == (6, [3, 4, 5])
    everyone = make_bot(offline, settings.model_copy(update={"discord_shards": "2"}))
    assert isinstance(everyone, discord.AutoShardedClient)
    assert (everyone.shard_count, everyone.shard_ids) == (2, None)
    for bot in (first, second, everyone):
        async with bot:
            pass


@pytest.mark.parametrize(("shards", "ids", "says"), [
    ("many", None, "must be `auto` or a number"),
    ("0", None, "must be `auto` or a number"),
    ("4", "2-5", "from 0 to DISCORD_SHARDS - 1"),
    ("4", "1,1", "from 0 to DISCORD_SHARDS - 1"),
    ("4", "3-1", "from 0 to DISCORD_SHARDS - 1"),
    (None, "0-1", "needs DISCORD_SHARDS"),
    ("auto", "0", "needs DISCORD_SHARDS"),
])
def test_malformed_shard_settings_are_refused(settings: Settings, offline: Service,
                                              shards: str | None, ids: str | None,
                                              says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        make_bot(offline, settings.model_copy(
            update={"discord_shards": shards, "discord_shard_ids": ids}))


def test_factdesk_discord_refuses_bad_shards_before_connecting(
        cli_env: dict[str, str]) -> None:
    env = {**cli_env, "DISCORD_TOKEN": "not-used", "DISCORD_SHARDS": "4",
           "DISCORD_SHARD_IDS": "7"}
    done = factdesk("discord", env=env)
    assert done.returncode == 2
    assert "DISCORD_SHARD_IDS must list shards from 0 to DISCORD_SHARDS - 1" in done.stderr
    assert "Traceback" not in done.stderr
