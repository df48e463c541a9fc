"""One chat platform's process, assembled by the core: Redis, the service, the platform's
session, the digest scheduler, the ops server, and a clean stop.

Platforms are plugins: each distribution names its own under the entry-point group
`factdesk.platforms` (see pyproject.toml), as a `Platform` whose `register` adds its
`factdesk <name>` command; that command builds a `Session` and hands it to `serve`. The
core never imports a platform.

The order, once for every platform: Redis; the service; the session opens (a login);
the ops server (/healthz asks the session whether it is connected); the digests and reminders of
the platform's teams; the session runs until its platform ends it or the process is asked
to stop (`until_stopped`: SIGTERM, SIGINT or a `stop` event cancel it at any point, even
while logging in or connecting). Then, within `STOP_GRACE_SECONDS` in all: the digests
stop, the session stops taking requests, the work it acknowledged finishes (drain), the
ops server, the session and Redis close.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol

import redis.asyncio as aioredis

from bot import lemmas
from bot.analyzers.factory import make_analyzer
from bot.cli.runtime import chat_service, freeze_startup_objects, on_signals
from bot.errors import ConfigError
from bot.inflight import STOP_GRACE_SECONDS, InFlight, stop_task
from bot.ops.server import start_ops_server
from bot.redis_conn import connect
from bot.reminders import ReminderScheduler
from bot.reminders import Sender as ReminderSender
from bot.scheduler import DigestScheduler
from bot.scheduler import Poster as DigestPost
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings

log = logging.getLogger(__name__)

GROUP = "factdesk.platforms"
DIGEST_INTERVAL = 60.0  # seconds between the scheduler's looks for due digests
REMINDER_INTERVAL = 300.0  # seconds between looks for stale claims to remind


class Session(Protocol):
    """A platform's running side, as `serve` drives it."""

    name: str  # the platform of the teams whose digests it posts ("slack")
    inflight: InFlight  # requests acknowledged and not yet finished

    @property
    def send_reminder(self) -> ReminderSender:
        """How a stale claim's reminder reaches its thread."""
        ...

    @property
    def post_digest(self) -> DigestPost:
        """How a team's digest is posted (in Slack's OAuth mode, with its workspace's
        token)."""
        ...

    def connected(self) -> bool:
        """For /healthz: connected to the platform right now (called synchronously)."""
        ...

    async def open(self) -> None:
        """Get ready (log in); may fail with the platform's own errors."""
        ...

    async def run(self) -> None:
        """Take the platform's requests until it ends the session (or forever)."""
        ...

    async def stop(self) -> None:
        """Stop taking requests (the work already acknowledged goes on)."""
        ...

    async def close(self) -> None:
        """Release what `open` took."""
        ...


@dataclass(frozen=True)
class Platform:
    """What an entry point of `factdesk.platforms` names."""

    name: str
    register: Callable[[Any], None]  # adds `factdesk <name>` to the CLI's subcommands


def platform_names() -> list[str]:
    """The installed platforms, without importing them."""
    return sorted(ep.name for ep in entry_points(group=GROUP))


def platforms() -> list[Platform]:
    """The installed platforms (each imported now)."""
    found: list[Platform] = []
    for ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
        platform = ep.load()
        if not isinstance(platform, Platform):
            raise TypeError(f"entry point {ep.name!r} of {GROUP} is not a bot.serve.Platform")
        found.append(platform)
    return found


def register_platforms(commands: argparse._SubParsersAction[Any]) -> None:
    for platform in platforms():
        platform.register(commands)


async def serve(settings: Settings,
                session_for: Callable[[Service, aioredis.Redis], Session],
                choice: AnalyzerChoice | None = None,
                digest_interval: float = DIGEST_INTERVAL,
                ops_host: str | None = None) -> None:
    """Run one platform's process until its session ends or this is cancelled (see
    `until_stopped`), then stop it cleanly, in the order the module says."""
    handle = connect(settings)
    try:
        service = chat_service(settings, handle.client, make_analyzer(settings, choice))
        session = session_for(service, handle.client)
        try:
            await session.open()
            ops = await start_ops_server(settings, service, session.connected, host=ops_host)
            try:
                _load_search_tables()
                freeze_startup_objects()
                scheduler = DigestScheduler(handle.client, service.desk,
                                            session.post_digest, platform=session.name)
                digests = asyncio.create_task(scheduler.run_forever(digest_interval),
                                              name="factdesk-digests")
                reminders = asyncio.create_task(ReminderScheduler(
                    handle.client, service.desk, session.send_reminder, platform=session.name,
                ).run_forever(REMINDER_INTERVAL), name="factdesk-reminders")
                try:
                    await session.run()
                finally:
                    stopping = time.monotonic()
                    await stop_task(reminders)
                    await stop_task(digests)
                    await session.stop()
                    # the whole stop fits in docker stop's 10 s, however long closing took
                    await session.inflight.drain(
                        STOP_GRACE_SECONDS - (time.monotonic() - stopping))
            finally:
                await ops.close()
        finally:
            await session.close()
            await service.close()
    finally:
        await handle.close()


async def until_stopped(work: Awaitable[None], stop: asyncio.Event | None = None) -> None:
    """Run `work` until it ends, or until the process is asked to stop — SIGTERM or
    SIGINT, or `stop` set when one is given — then cancel it and wait for its cleanup.
    A second signal does not cut the stop under way short. Given `stop`, no signal
    handler is installed (the caller stops it)."""
    task = asyncio.ensure_future(work)
    stopping = False

    def cancel() -> None:
        nonlocal stopping
        if stopping:
            return
        log.info("stopping: digests, the platform's requests, then the work under way")
        stopping = True
        task.cancel()

    waiter = asyncio.ensure_future(stop.wait()) if stop is not None else None
    if waiter is not None:
        waiter.add_done_callback(lambda done: None if done.cancelled() else cancel())
    signals = on_signals(cancel) if stop is None else contextlib.nullcontext()
    try:
        with signals:
            try:
                await task
            except asyncio.CancelledError:
                if not stopping:
                    raise  # cancelled from outside: let the caller see it
    finally:
        if waiter is not None:
            waiter.cancel()


def _load_search_tables() -> None:
    """The desk's search terms need spaCy's tables: read them before the first request
    (`lemmas.load`). Without them the chat still works; search says what is missing."""
    try:
        lemmas.load()
    except ConfigError as exc:
        log.warning("desk search is unavailable: %s", exc)
