"""The fake REST API itself: aiohttp on 127.0.0.1, recording every call (method, path,
JSON) and answering only the routes factdesk uses; anything else answers 404."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import BodyPartReader, web

from tests.support.fake_discord.payloads import (
    APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    GUILD_ID,
    message_payload,
    now_iso,
    text_channel_payload,
    thread_payload,
    user_payload,
)
from tests.support.http_server import serve_local


@dataclass
class Call:
    """One request the fake received."""

    method: str
    path: str
    json: Any
    query: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)  # when it arrived

    def sends_message(self) -> bool:
        """Whether this call posts or edits a message (or an interaction's reply)."""
        if self.method not in ("POST", "PATCH") or not isinstance(self.json, dict):
            return False
        if self.path.endswith("/callback"):
            return self.json.get("type") in (4, 7)
        return "/messages" in self.path or bool(re.fullmatch(r"/webhooks/\d+/[^/]+", self.path))

    @property
    def message(self) -> dict[str, Any]:
        """The message body of a message call (for a callback: its `data`)."""
        if self.path.endswith("/callback"):
            data: dict[str, Any] = self.json.get("data") or {}
            return data
        body: dict[str, Any] = self.json
        return body


Route = tuple[str, re.Pattern[str], Callable[..., Any]]


class FakeDiscord:
    """The REST API, served by aiohttp on a free port in the test's own event loop."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self.interaction_replies: dict[str, int] = {}  # token -> original response message
        self._ids = itertools.count(int(datetime.now(UTC).timestamp() * 1000) << 22)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._changed = asyncio.Event()
        self.refused: list[tuple[Callable[[Call], bool], int]] = []  # calls answered 40x
        self.dropped: list[Callable[[Call], bool]] = []  # taken, then no answer at all
        self.channel_guilds: dict[int, int] = {}  # a channel's server, if not GUILD_ID
        self.routes: list[Route] = [
            ("GET", re.compile(r"/users/@me"), self._me),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._application),
            ("PUT", re.compile(r"/applications/(\d+)(?:/guilds/\d+)?/commands"), self._sync),
            ("POST", re.compile(r"/interactions/(\d+)/([^/]+)/callback"), self._callback),
            ("POST", re.compile(r"/webhooks/(\d+)/([^/]+)"), self._followup),
            ("PATCH", re.compile(r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)"),
             self._edit_webhook_message),
            ("DELETE", re.compile(r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)"),
             self._delete_webhook_message),
            ("POST", re.compile(r"/channels/(\d+)/threads"), self._thread),
            ("POST", re.compile(r"/channels/(\d+)/messages/(\d+)/threads"),
             self._thread_from_message),
            ("POST", re.compile(r"/channels/(\d+)/messages"), self._post_message),
            ("PATCH", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._edit_message),
            ("GET", re.compile(r"/channels/(\d+)/messages/(\d+)"), self._get_message),
            ("GET", re.compile(r"/channels/(\d+)"), self._get_channel),
        ]

    # ------------------------------------------------------------------ serving

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._dispatch)
        self._runner, self.port = await serve_local(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def refuse(self, method: str, pattern: str, status: int = 403) -> None:
        """Answer these calls 403 Missing Permissions (or 401, a token Discord refuses)."""
        compiled = re.compile(pattern)
        self.refused.append(
            (lambda c: c.method == method and bool(compiled.fullmatch(c.path)), status))

    def refuse_when(self, predicate: Callable[[Call], bool]) -> None:
        """Answer the calls matching `predicate` 403 Missing Permissions."""
        self.refused.append((predicate, 403))

    def drop_when(self, predicate: Callable[[Call], bool]) -> None:
        """Take the calls matching `predicate` (they are recorded, and a message is kept),
        then close the connection without answering: the caller cannot tell."""
        self.dropped.append(predicate)

    def new_id(self) -> int:
        return next(self._ids)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body and request.content_type.startswith("multipart/"):
            body = await _multipart(request)
        elif request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw)
        call = Call(request.method, path, body, dict(request.query))
        self.calls.append(call)
        self._changed.set()
        for refuse, status in self.refused:
            if refuse(call):
                if status == 401:
                    return _json({"message": "401: Unauthorized", "code": 0}, status=401)
                return _json({"message": "Missing Permissions", "code": 50013}, status=status)
        for method, pattern, handler in self.routes:
            found = pattern.fullmatch(path)
            if method == request.method and found:
                result = handler(body, *found.groups())
                if any(drop(call) for drop in self.dropped) and request.transport:
                    request.transport.close()
                if result is None:
                    return web.Response(status=204)
                return _json(result)
        return _json({"message": "Unknown route", "code": 0}, status=404)

    # ------------------------------------------------------------------ waiting

    async def wait_for(self, predicate: Callable[[Call], bool], count: int = 1,
                       within: float = 10.0) -> list[Call]:
        """The calls matching `predicate`, once there are at least `count` of them."""
        async def poll() -> list[Call]:
            while True:
                found = [c for c in self.calls if predicate(c)]
                if len(found) >= count:
                    return found
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(poll(), within)

    def find(self, method: str, pattern: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]

    # ------------------------------------------------------------------ routes

    def _me(self, _body: Any) -> dict[str, Any]:
        return user_payload(BOT_USER_ID, "factdesk", bot=True)

    def _application(self, _body: Any) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "factdesk",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user_payload(100, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
            "rpc_origins": [],
            "team": None,
            "summary": "",
            "interactions_endpoint_url": None,
        }

    def _sync(self, body: Any, app_id: str) -> list[dict[str, Any]]:
        commands = []
        for command in body or []:
            commands.append({
                **command,
                "description": command.get("description") or "",
                "id": str(self.new_id()),
                "application_id": app_id,
                "version": str(self.new_id()),
                "default_member_permissions": command.get("default_member_permissions"),
                "dm_permission": True,
                "nsfw": False,
            })
        return commands

    def _callback(self, body: Any, interaction_id: str, token: str) -> dict[str, Any]:
        kind = body.get("type") if isinstance(body, dict) else None
        data = (body or {}).get("data") or {}
        reply: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(data.get("flags", 0) & 64),
            }
        }
        if kind in (4, 5):
            message_id = self.new_id()
            self.interaction_replies[token] = message_id
            reply["interaction"]["response_message_id"] = str(message_id)
            if kind == 4:
                message = message_payload(message_id, CHANNEL_ID, data)
                self.messages[message_id] = message
                reply["resource"] = {"type": 4, "message": message}
        return reply

    def _followup(self, body: Any, _app_id: str, token: str) -> dict[str, Any]:
        message_id = self.new_id()
        message = message_payload(message_id, CHANNEL_ID, body or {})
        self.messages[message_id] = message
        return message

    def _edit_webhook_message(self, body: Any, _app: str, token: str,
                              which: str) -> dict[str, Any]:
        message_id = self.interaction_replies.get(token, 0) if which == "@original" else int(which)
        return self._edit(message_id, CHANNEL_ID, body)

    def _delete_webhook_message(self, _body: Any, _app: str, _token: str, _which: str) -> None:
        return None

    def _thread(self, body: Any, channel_id: str) -> dict[str, Any]:
        thread_id = self.new_id()
        thread = thread_payload(thread_id, int(channel_id), body["name"])
        self.threads[thread_id] = thread
        return thread

    def _thread_from_message(self, body: Any, channel_id: str, _message: str) -> dict[str, Any]:
        return self._thread(body, channel_id)

    def _post_message(self, body: Any, channel_id: str) -> dict[str, Any]:
        message_id = self.new_id()
        message = message_payload(message_id, int(channel_id), body or {})
        self.messages[message_id] = message
        return message

    def _get_channel(self, _body: Any, channel_id: str) -> dict[str, Any]:
        payload = text_channel_payload(int(channel_id))
        payload["guild_id"] = str(self.channel_guilds.get(int(channel_id), GUILD_ID))
        return payload

    def _edit_message(self, body: Any, channel_id: str, message_id: str) -> dict[str, Any]:
        return self._edit(int(message_id), int(channel_id), body)

    def _get_message(self, _body: Any, channel_id: str, message_id: str) -> dict[str, Any]:
        return self.messages.get(int(message_id)) or message_payload(
            int(message_id), int(channel_id), {}
        )

    def _edit(self, message_id: int, channel_id: int, body: Any) -> dict[str, Any]:
        message = self.messages.get(message_id) or message_payload(message_id, channel_id, {})
        for key in ("content", "embeds", "components"):
            if isinstance(body, dict) and key in body:
                message[key] = body[key]
        message["edited_timestamp"] = now_iso()
        self.messages[message_id] = message
        return message


async def _multipart(request: web.Request) -> dict[str, Any]:
    """A message with files, as discord.py sends it: its JSON in `payload_json`, and
    each file as `files[n]`, kept as `{"filename", "content"}` under `files`."""
    body: dict[str, Any] = {"multipart": True, "files": []}
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body.update(json.loads(await part.text()))
        else:
            body["files"].append({"filename": part.filename, "content": await part.read()})
    return body


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json"})
