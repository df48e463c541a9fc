"""The Discord client: no privileged intents, no pings, commands and buttons set up at start.

`setup_hook` (run by discord.py right after login) registers the commands and the
persistent buttons (`add_dynamic_items`, so buttons posted before a restart keep
working) and syncs the commands: to one guild when `DISCORD_GUILD_ID` is set (instant,
for testing), else globally (Discord may take a while to show them everywhere).
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.errors import CheckError
from bot.inflight import InFlight
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot import checking, digests, help, verdict_role
from handlers.discord_bot.events import handling
from handlers.discord_bot.replies import NO_PINGS, report_failure
from handlers.discord_bot.shards import shard_plan
from handlers.discord_bot.threads import ClaimThreads
from handlers.discord_bot.views import DYNAMIC_ITEMS

log = logging.getLogger("factdesk.discord")


def intents() -> discord.Intents:
    """Guild events only: no members, presences or message content (all privileged)."""
    return discord.Intents(guilds=True)


OUTDATED_COMMAND = ("That command is out of date: factdesk has been updated since your Discord "
                    "loaded it. Reload Discord (Ctrl+R) and try again.")


class Tree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction[Any],
                       error: app_commands.AppCommandError, /) -> None:
        """A command that failed before our code could answer: never a traceback."""
        with handling(interaction):
            if isinstance(error, app_commands.CommandNotFound
                          | app_commands.CommandSignatureMismatch):
                await report_failure(interaction, CheckError(OUTDATED_COMMAND))
                return
            await report_failure(interaction, getattr(error, "original", error))


class FactdeskBot(discord.Client):
    def __init__(self, service: Service, guild_id: int | None = None,
                 sync_commands: bool = True, **options: Any) -> None:
        super().__init__(intents=intents(), allowed_mentions=NO_PINGS, **options)
        self.service = service
        self.guild_id = guild_id
        self.sync_commands = sync_commands
        self.tree = Tree(self)
        self.threads = ClaimThreads(self, service)
        self.inflight = InFlight()  # interactions being handled (events.handling)

    async def setup_hook(self) -> None:
        checking.setup(self)
        digests.setup(self)
        help.setup(self)
        verdict_role.setup(self)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if not self.sync_commands:
            return
        if self.guild_id is not None:
            guild = discord.Object(id=self.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), self.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take a while to appear)", len(synced))

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s", self.user)


class ShardedFactdeskBot(FactdeskBot, discord.AutoShardedClient):
    """The same bot on discord.py's auto-sharded client: one process runs several gateway
    shards (all of them, or its range of them, `handlers.discord_bot.shards`)."""


def make_bot(service: Service, settings: Settings) -> FactdeskBot:
    """The bot the settings ask for: one connection, or shards (ConfigError if malformed)."""
    plan = shard_plan(settings)
    if plan is None:
        return FactdeskBot(service, guild_id=settings.discord_guild_id)
    log.info("discord: %s", plan.describe())
    return ShardedFactdeskBot(service, guild_id=settings.discord_guild_id,
                              shard_count=plan.count, shard_ids=plan.ids)
