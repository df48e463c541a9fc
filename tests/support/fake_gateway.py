"""A fake Discord gateway (WebSocket) on 127.0.0.1, for the bot's connection states.

`mode` says how it treats each connection: "ready" (HELLO, then READY on IDENTIFY, and
heartbeats acknowledged: connected), "drop" (the first connection is closed right after
READY, and every later one refused before the WebSocket opens: discord.py's reconnect
loop, with its back-off) or "silent" (READY, then nothing is read or answered any more,
not even a close: a connection gone dead). discord.py is pointed here with
`DiscordWebSocket.DEFAULT_GATEWAY`; messages are JSON text frames, which it accepts
whatever compression it asked for.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.fake_discord import APP_ID, BOT_USER_ID, user_payload
from tests.support.http_server import serve_local

HELLO, IDENTIFY, RESUME, HEARTBEAT, HEARTBEAT_ACK, DISPATCH = 10, 2, 6, 1, 11, 0


class FakeGateway:
    def __init__(self, mode: str = "ready") -> None:
        self.mode = mode
        self.connections = 0
        self.identified = 0
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._socket)
        self._runner, self.port = await serve_local(app)

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        if self.mode == "drop" and self.connections > 1:
            return web.Response(status=503, text="gateway unavailable")  # no WebSocket
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": HELLO, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload: dict[str, Any] = message.json()
            if payload.get("op") == HEARTBEAT:
                await ws.send_json({"op": HEARTBEAT_ACK, "d": None})
            elif payload.get("op") in (IDENTIFY, RESUME):
                self.identified += 1
                await ws.send_json({"op": DISPATCH, "t": "READY", "s": 1, "d": self._ready()})
                if self.mode == "drop":
                    await ws.close(code=1000)
                elif self.mode == "silent":
                    await self._stopping.wait()  # nothing read or answered any more
                    break
        return ws

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": user_payload(BOT_USER_ID, "factdesk", bot=True),
            "guilds": [],
            "session_id": "fake-session",
            "resume_gateway_url": self.url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
