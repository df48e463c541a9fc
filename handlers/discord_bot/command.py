"""`factdesk discord`: run the Discord bot until interrupted.

Needs `DISCORD_TOKEN`; `DISCORD_GUILD_ID` syncs the commands to one server at once
(for testing) instead of globally. Found by the core through the `factdesk.platforms`
entry point (`DISCORD`), whose `register` adds the command.

The process is the core's (`bot.serve`): beside the bot, the daily digests of Discord
teams (posted through the `DiscordSurface`), the reminders for stale claims
(`bot.reminders`) and the ops server (/healthz, /metrics on
`FACTDESK_METRICS_PORT`); this module is the `DiscordSession` it drives. SIGTERM or
SIGINT stops all three cleanly at any point, Discord reachable or not (logging in,
connecting, reconnecting): the gateway and the digest task first, then what is left of
8 s for the interactions being handled to post their answers, then the ops server, the
Discord session and Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

import discord

from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    load_settings,
    report_failure,
    setup_logging,
)
from bot.errors import CheckError, ConfigError
from bot.inflight import stop_task
from bot.logs import OneLine
from bot.reminders import Sender as ReminderSender
from bot.scheduler import Poster as DigestPost
from bot.serve import DIGEST_INTERVAL, Platform, until_stopped
from bot.serve import serve as core_serve
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings
from handlers.discord_bot.client import make_bot
from handlers.discord_bot.reminders import DiscordReminders
from handlers.discord_bot.shards import shard_plan
from handlers.discord_bot.surface import DiscordSurface

log = logging.getLogger("factdesk.discord")

LOGIN_REFUSED = (
    "Discord refused DISCORD_TOKEN. Copy the bot token again from the Developer "
    "Portal (Bot → Reset Token) and set DISCORD_TOKEN to it."
)
FIRST_CONNECT_PAUSE = 1.0  # seconds, on top of discord.py's own back-off (see stay_connected)
GATEWAY_STOP_SECONDS = 2.0  # for the gateway task to end once cancelled

# discord.py logs a traceback at each failed reconnection: one line each instead
discord_client_log = logging.getLogger("discord.client")
_RECONNECT_ONE_LINE = OneLine(only="Attempting a reconnect")


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "discord",
        help="run the Discord bot (needs DISCORD_TOKEN)",
        description="Run the Discord bot: /factcheck, the message menu, claim threads, "
                    "digests.",
    )
    add_analyzer_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        settings.require("discord_token")
        shard_plan(settings)  # a malformed DISCORD_SHARDS fails here, in plain words
    except CheckError as exc:
        return report_failure(exc)
    setup_logging(settings, args.verbose)
    choice = analyzer_choice(args)
    try:
        return asyncio.run(serve(settings, choice))
    except KeyboardInterrupt:
        return EXIT_OK
    except discord.LoginFailure:
        return report_failure(ConfigError(LOGIN_REFUSED))
    except Exception as exc:
        return report_failure(exc)


def connected(bot: discord.Client) -> bool:
    """For /healthz: logged in, READY received, and the gateway socket open right now."""
    if isinstance(bot, discord.AutoShardedClient):  # every shard of this process open
        return (not bot.is_closed() and bot.is_ready() and bool(bot.shards)
                and not any(shard.is_closed() for shard in bot.shards.values()))
    ws = bot.ws
    return not bot.is_closed() and bot.is_ready() and ws is not None and ws.open


async def serve(settings: Settings, choice: AnalyzerChoice | None = None,
                digest_interval: float = DIGEST_INTERVAL) -> int:
    """The bot, the digests and the ops server (the core's `bot.serve` with a
    `DiscordSession`), until the Discord session ends or a SIGTERM/SIGINT asks to stop,
    whatever it is doing then: logging in, connecting, waiting to reconnect or connected."""
    discord_client_log.addFilter(_RECONNECT_ONE_LINE)
    await until_stopped(core_serve(
        settings, lambda service, _redis: DiscordSession(settings, service), choice,
        digest_interval))
    log.info("stopped")
    return EXIT_OK


class DiscordSession:
    """The discord.py client, as `bot.serve` drives it: log in, stay connected; on stop
    the gateway task is cancelled (no new interactions), and the session is closed."""

    name = "discord"

    def __init__(self, settings: Settings, service: Service) -> None:
        assert settings.discord_token is not None
        self.token = settings.discord_token.get_secret_value()
        self.bot = make_bot(service, settings)  # one connection, or shards
        self.inflight = self.bot.inflight
        self._surface = DiscordSurface(self.bot)
        self._reminders = DiscordReminders(self.bot)

    @property
    def post_digest(self) -> DigestPost:
        return self._surface.post_digest

    @property
    def send_reminder(self) -> ReminderSender:
        return self._reminders.send

    def connected(self) -> bool:
        return connected(self.bot)

    async def open(self) -> None:
        await self.bot.__aenter__()
        await self.bot.login(self.token)

    async def run(self) -> None:
        """Stay connected until cancelled. The gateway runs in a task of its own and is
        stopped with `stop_task`: discord.py's reconnect loop can lose a cancellation
        that lands as a connection attempt fails (it then logs "Attempting a reconnect"
        and carries on), and the process would not stop."""
        gateway = asyncio.create_task(stay_connected(self.bot), name="factdesk-discord-gateway")
        try:
            await asyncio.wait({gateway})
        except asyncio.CancelledError:
            await stop_task(gateway, GATEWAY_STOP_SECONDS)
            raise
        gateway.result()  # its failure, if it ended by one

    async def stop(self) -> None:
        # no new interactions arrive now (the gateway socket was dropped when its task
        # was cancelled: aiohttp does not wait for Discord's answer then)
        return None

    async def close(self) -> None:
        await self.bot.__aexit__(None, None, None)


async def stay_connected(bot: discord.Client) -> None:
    """`bot.connect()`, which reconnects by itself, also when the first connection fails.

    discord.py 2.7.1 turns a failed *first* gateway connection (Discord or the network
    briefly unavailable as the bot starts) into an AttributeError that ends its retry
    loop (Rapptz/discord.py#10520) after it waited its back-off. Until it is fixed,
    that case is retried here; any other failure is raised.
    """
    while True:
        try:
            await bot.connect()
            return
        except AttributeError:
            if bot.ws is not None or bot.is_closed():
                raise
            log.warning("the Discord gateway could not be reached yet; trying again")
            await asyncio.sleep(FIRST_CONNECT_PAUSE)


#: The entry point of `factdesk.platforms` (pyproject.toml): how the core finds Discord.
DISCORD = Platform(name="discord", register=register)
