"""How Slack's requests reach the app: Socket Mode or HTTP, started, probed and closed alike.

`connected()` is the liveness the ops server's /healthz reports: in Socket Mode, the
WebSocket to Slack is open right now (Slack can deliver); over HTTP, the web server is
listening (whether Slack can reach it through the proxy is the proxy's health check).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.async_app import AsyncApp

log = logging.getLogger("handlers.slack_app")

EVENTS_PATH = "/slack/events"


class Transport(Protocol):
    async def start(self) -> None: ...

    def connected(self) -> bool: ...

    async def close(self) -> None: ...


class HttpTransport:
    """Slack's signed requests served at /slack/events by aiohttp."""

    def __init__(self, app: AsyncApp, host: str, port: int) -> None:
        self._runner = web.AppRunner(app.web_app(path=EVENTS_PATH, port=port), access_log=None)
        self._host = host
        self._port = port
        self._listening = False

    async def start(self) -> None:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self._host, self._port).start()
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
    """An outgoing WebSocket to Slack (no public URL), reconnected by slack_sdk."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        self._handler = AsyncSocketModeHandler(app, app_token)

    async def start(self) -> None:
        log.info("factdesk slack: connecting in Socket Mode")
        await self._handler.connect_async()  # type: ignore[no-untyped-call]

    def connected(self) -> bool:
        # What slack_sdk's async `is_connected()` checks, less its ping bookkeeping,
        # read without awaiting: /healthz calls this synchronously.
        client: Any = self._handler.client
        session = getattr(client, "current_session", None)
        return (not client.closed and not getattr(client, "stale", False)
                and session is not None and not session.closed)

    async def close(self) -> None:
        await self._handler.close_async()  # type: ignore[no-untyped-call]
