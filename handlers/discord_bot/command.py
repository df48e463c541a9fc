"""`factdesk discord`: run the Discord bot until interrupted.

Needs `DISCORD_TOKEN`; `DISCORD_GUILD_ID` syncs the commands to one server at once
(for testing) instead of globally. Wired into `bot.cli` by `register(commands)`.

Beside the bot, the process runs the daily digests (`bot.scheduler.DigestScheduler`,
Discord teams only, posting through the `DiscordSurface`), the reminders for stale
claims (`bot.reminders.ReminderScheduler`) and the ops server
(/healthz, /metrics on `FACTDESK_METRICS_PORT`). SIGTERM or SIGINT stops all three
cleanly at any point, Discord reachable or not (logging in, connecting, reconnecting):
the gateway and the digest task first, then what is left of 8 s for the interactions
being handled to post their answers, then the ops server, the Discord session and Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections.abc import Awaitable
from typing import Any

import discord

from bot.analyzers.factory import make_analyzer
from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    freeze_startup_objects,
    load_settings,
    on_signals,
    report_failure,
    setup_logging,
)
from bot.errors import CheckError, ConfigError
from bot.inflight import STOP_GRACE_SECONDS, stop_task
from bot.logs import OneLine
from bot.ops.server import start_ops_server
from bot.redis_conn import connect
from bot.reminders import ReminderScheduler
from bot.scheduler import DigestScheduler
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.reminders import DiscordReminders
from handlers.discord_bot.surface import DiscordSurface

log = logging.getLogger("factdesk.discord")

LOGIN_REFUSED = (
    "Discord refused DISCORD_TOKEN. Copy the bot token again from the Developer "
    "Portal (Bot → Reset Token) and set DISCORD_TOKEN to it."
)
DIGEST_INTERVAL = 60.0  # seconds between the scheduler's looks for due digests
REMINDER_INTERVAL = 300.0  # seconds between looks for stale claims to remind
FIRST_CONNECT_PAUSE = 1.0  # seconds, on top of discord.py's own back-off (see stay_connected)

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
    ws = bot.ws
    return not bot.is_closed() and bot.is_ready() and ws is not None and ws.open


async def serve(settings: Settings, choice: AnalyzerChoice | None = None,
                digest_interval: float = DIGEST_INTERVAL) -> int:
    """The bot, the digests and the ops server, until the Discord session ends or a
    SIGTERM/SIGINT asks to stop, whatever it is doing then: logging in, connecting,
    waiting to reconnect or connected."""
    discord_client_log.addFilter(_RECONNECT_ONE_LINE)
    await until_stopped(_run(settings, choice, digest_interval))
    log.info("stopped")
    return EXIT_OK


async def _run(settings: Settings, choice: AnalyzerChoice | None,
               digest_interval: float) -> None:
    """The service is built here rather than with `bot.cli.runtime.open_service` because
    the digest scheduler needs the Redis client itself, which the service keeps private.
    """
    assert settings.discord_token is not None
    handle = connect(settings)
    try:
        service = Service(settings, handle.client, make_analyzer(settings, choice))
        bot = FactdeskBot(service, guild_id=settings.discord_guild_id)
        async with bot:
            await bot.login(settings.discord_token.get_secret_value())
            ops = await start_ops_server(settings, service, lambda: connected(bot))
            freeze_startup_objects()
            scheduler = DigestScheduler(handle.client, service.desk,
                                        DiscordSurface(bot).post_digest, platform="discord")
            digests = asyncio.create_task(scheduler.run_forever(digest_interval),
                                          name="factdesk-digests")
            reminders = asyncio.create_task(ReminderScheduler(
                handle.client, service.desk, DiscordReminders(bot).send,
                platform="discord").run_forever(REMINDER_INTERVAL), name="factdesk-reminders")
            try:
                await stay_connected(bot)
            finally:
                stopping = time.monotonic()
                await stop_task(reminders)
                await stop_task(digests)
                # no new interactions arrive now (the gateway socket was dropped when its
                # task was cancelled: aiohttp does not wait for Discord's answer then);
                # those being handled may post theirs, in what is left of the grace
                await bot.inflight.drain(STOP_GRACE_SECONDS - (time.monotonic() - stopping))
                await ops.close()
    finally:
        await handle.close()


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


async def until_stopped(work: Awaitable[None]) -> None:
    """Run `work` until it ends or the process is asked to stop (SIGTERM, SIGINT)."""
    task = asyncio.ensure_future(work)
    stopping = False

    def stop() -> None:
        nonlocal stopping
        if stopping:
            return  # a second signal: the stop under way is not cut short
        log.info("stopping: closing the Discord session, digests and ops server")
        stopping = True
        task.cancel()

    with on_signals(stop):
        try:
            await task
        except asyncio.CancelledError:
            if not stopping:
                raise  # cancelled from outside: let the caller see it
