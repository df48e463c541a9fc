"""How Slack's requests reach the app: Socket Mode or HTTP, started, probed and closed alike.

`connected()` is the liveness the ops server's /healthz reports: in Socket Mode, the
WebSocket to Slack is open right now (Slack can deliver); over HTTP, the web server is
listening (whether Slack can reach it through the proxy is the proxy's health check).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.inflight import stop_task
from bot.logs import OneLine

log = logging.getLogger("handlers.slack_app")
# slack_sdk's Socket Mode client logs here: a failed connection is one line, not a
# traceback at each retry
socket_log = logging.getLogger("handlers.slack_app.socket")
socket_log.addFilter(OneLine())

EVENTS_PATH = "/slack/events"


class Transport(Protocol):
    async def start(self) -> None: ...

    def connected(self) -> bool: ...

    async def close(self) -> None: ...


class HttpTransport:
    """Slack's signed requests served at /slack/events by aiohttp."""

    #: Connections waiting to be accepted. aiohttp's 128 made a burst of 200 commands
    #: lose the connections past it, which the kernel then retried a second later.
    BACKLOG = 1024

    def __init__(self, app: AsyncApp, host: str, port: int) -> None:
        self._runner = web.AppRunner(app.web_app(path=EVENTS_PATH, port=port), access_log=None)
        self._host = host
        self._port = port
        self._listening = False

    async def start(self) -> None:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self._host, self._port,
                              backlog=self.BACKLOG).start()
        except OSError:
            await self._runner.cleanup()
            raise
        self._listening = True
        log.info("factdesk slack: listening on http://%s:%d%s", self._host, self._port,
                 EVENTS_PATH)

    def connected(self) -> bool:
        return self._listening

    async def close(self) -> None:
        self._listening = False
        await self._runner.cleanup()


class SocketTransport:
    """An outgoing WebSocket to Slack (no public URL), reconnected by slack_sdk.

    `start` returns at once: connecting (and, while Slack cannot be reached, retrying
    every `PING_SECONDS`, one log line each) goes on in a task that `close` ends, so a
    stop is never held up by Slack. Closing the socket waits at most `CLOSE_SECONDS`
    for Slack's answer (a connection gone silent would be waited on for 10 s).
    """

    PING_SECONDS = 10.0
    CLOSE_SECONDS = 2.0

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        self._handler = AsyncSocketModeHandler(app, app_token, logger=socket_log,
                                               ping_interval=self.PING_SECONDS)
        self._connecting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        log.info("factdesk slack: connecting in Socket Mode")
        self._connecting = asyncio.create_task(
            self._handler.connect_async(),  # type: ignore[no-untyped-call]
            name="factdesk-slack-socket")

    def connected(self) -> bool:
        # What slack_sdk's async `is_connected()` checks, less its ping bookkeeping,
        # read without awaiting: /healthz calls this synchronously.
        client: Any = self._handler.client
        session = getattr(client, "current_session", None)
        return (not client.closed and not getattr(client, "stale", False)
                and session is not None and not session.closed)

    async def close(self) -> None:
        if self._connecting is not None:
            await stop_task(self._connecting, self.CLOSE_SECONDS)
        try:
            async with asyncio.timeout(self.CLOSE_SECONDS):
                await self._handler.close_async()  # type: ignore[no-untyped-call]
        except TimeoutError:
            log.warning("Slack did not answer the socket's close within %.0f s; dropped it",
                        self.CLOSE_SECONDS)
            # the socket is closed now (aiohttp aborts it when cancelled): the rest is quick
            await self._handler.close_async()  # type: ignore[no-untyped-call]
