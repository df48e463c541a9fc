"""discord.py pointed at the fake, and our bot logged in to it: in the test's event loop,
or with the fake on a thread and loop of its own."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.service import Service
from handlers.discord_bot.client import FactdeskBot
from tests.support.fake_discord.payloads import GUILD_ID, TOKEN
from tests.support.fake_discord.server import FakeDiscord
from tests.support.redis_server import free_port


def point_discord_at(fake: FakeDiscord) -> str:
    """Send discord.py's REST calls to the fake; returns the previous base to restore."""
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = fake.base
    return previous


@asynccontextmanager
async def discord_api() -> AsyncIterator[FakeDiscord]:
    """The fake REST API, with discord.py's requests pointed at it meanwhile, and its
    gateway at a closed local port (never Discord's own, whatever a test starts)."""
    fake = FakeDiscord()
    await fake.start()
    previous = point_discord_at(fake)
    gateway = DiscordWebSocket.DEFAULT_GATEWAY
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{free_port()}/")
    try:
        yield fake
    finally:
        discord.http.Route.BASE = previous
        DiscordWebSocket.DEFAULT_GATEWAY = gateway
        await fake.stop()


@asynccontextmanager
async def logged_in(service: Service, guild_id: int | None = GUILD_ID
                    ) -> AsyncIterator[FactdeskBot]:
    """Our bot, logged in over HTTP (setup_hook runs: commands synced, buttons added)."""
    bot = FactdeskBot(service, guild_id=guild_id)
    await bot.login(TOKEN)
    try:
        yield bot
    finally:
        await bot.close()


class DiscordInAThread:
    """The fake on its own thread and event loop: for code that runs its own loop (the
    CLI's `asyncio.run`), and for timings not skewed by the bot's loop."""

    def __init__(self) -> None:
        self.fake = FakeDiscord()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.previous = discord.http.Route.BASE

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)
        self.previous = point_discord_at(self.fake)

    def stop(self) -> None:
        discord.http.Route.BASE = self.previous
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
