"""A fake Discord REST API on 127.0.0.1, and the gateway payloads that drive the bot.

The bot under test is discord.py's own client, logged in over HTTP (`bot.login`) against
this server (`discord.http.Route.BASE` points here; its gateway at a closed local port).
Interactions are fed through discord.py's own gateway parsing (`parse_interaction_create`)
with payloads shaped like Discord's INTERACTION_CREATE events; whatever the bot does then
arrives here as REST calls, which are recorded (method, path, JSON) for the test to assert
on.

Only the routes factdesk uses are served, with realistic answers: the bot's user and
application, command sync, interaction callbacks, webhook follow-ups, channel messages and
threads. Anything else answers 404, so an unexpected call shows up as a failure.
"""

from __future__ import annotations

import asyncio
import email.policy
import itertools
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import BytesParser
from typing import Any

import discord
import yarl
from aiohttp import web
from discord.gateway import DiscordWebSocket

from bot.service import Service
from handlers.discord_bot.client import FactdeskBot
from tests.support.http_server import serve_local
from tests.support.redis_server import free_port

APP_ID = 900000000000000001
BOT_USER_ID = APP_ID
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
TOKEN = "fake-bot-token"


def _now() -> str:
    return datetime.now(UTC).isoformat()


def user_payload(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


#: A member's permissions in the channel, as Discord resolves them: no Manage Server.
MEMBER_PERMISSIONS = 2248473465835073
#: The same with Manage Server (1 << 5): a server admin.
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 5)


def member_payload(user_id: int, name: str, permissions: int = MEMBER_PERMISSIONS,
                   roles: list[int] | None = None) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name),
        "nick": None,
        "roles": [str(role) for role in roles or []],
        "joined_at": "2030-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def text_channel_payload(channel_id: int = CHANNEL_ID, name: str = "fact-desk") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": "2248473465835073",
    }


def thread_payload(thread_id: int, parent_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(GUILD_ID),
        "parent_id": str(parent_id),
        "owner_id": str(BOT_USER_ID),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 10080,
            "archive_timestamp": _now(),
            "locked": False,
            "create_timestamp": _now(),
        },
        "permissions": "2248473465835073",
    }


def message_payload(
    message_id: int,
    channel_id: int,
    body: dict[str, Any],
    author: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A message as Discord returns it, from what the bot sent (content, embeds, components)."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "author": author or user_payload(BOT_USER_ID, "factdesk", bot=True),
        "content": body.get("content") or "",
        "timestamp": _now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": body.get("attachments", []),
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags", 0) or 0,
        "webhook_id": None,
        "application_id": str(APP_ID),
    }


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
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw)
            elif request.content_type.startswith("multipart/"):
                body = _multipart(raw, request.headers["Content-Type"])
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
        message["edited_timestamp"] = _now()
        self.messages[message_id] = message
        return message


def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    """A message sent with files, as discord.py sends it: `payload_json` and `files[n]`;
    the message's JSON with the files' names and contents under "files"."""
    parsed = BytesParser(policy=email.policy.default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    body: dict[str, Any] = {"multipart": True, "files": []}
    for part in parsed.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if name == "payload_json":
            body.update(json.loads(data))
        elif str(name).startswith("files["):
            body["files"].append({"filename": part.get_filename(), "content": data})
    return body


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json"})


# ------------------------------------------------------------------ interactions


class Interactions:
    """INTERACTION_CREATE payloads as Discord sends them, for one guild channel."""

    def __init__(self, fake: FakeDiscord, user_id: int = 300000000000000001,
                 user_name: str = "ana", permissions: int = MEMBER_PERMISSIONS,
                 roles: list[int] | None = None) -> None:
        self.fake = fake
        self.user_id = user_id
        self.user_name = user_name
        self.permissions = permissions  # the member's, in the channel
        self.roles = roles or []  # the member's role ids

    def _base(self, kind: int, data: dict[str, Any],
              channel: dict[str, Any] | None = None) -> dict[str, Any]:
        channel = channel or text_channel_payload()
        interaction_id = self.fake.new_id()
        return {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(GUILD_ID),
            "guild": {"id": str(GUILD_ID), "locale": "en-US", "features": []},
            "channel_id": channel["id"],
            "channel": channel,
            "member": member_payload(self.user_id, self.user_name, self.permissions,
                                     self.roles),
            "token": f"itoken-{interaction_id}",
            "version": 1,
            "app_permissions": "2248473465835073",
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10485760,
        }

    def slash(self, name: str, options: dict[str, str] | None = None,
              attachment: dict[str, Any] | None = None) -> dict[str, Any]:
        """A chat-input command; `attachment` becomes its `file` option, resolved."""
        data: dict[str, Any] = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()],
        }
        if attachment is not None:
            data["options"].append({"name": "file", "type": 11, "value": attachment["id"]})
            data["resolved"] = {"attachments": {attachment["id"]: attachment}}
        return self._base(2, data)

    def command(self, name: str, options: list[dict[str, Any]],
                resolved: dict[str, Any] | None = None) -> dict[str, Any]:
        """A chat-input command with typed options as Discord sends them
        (`{"name", "type", "value"}`), and `resolved` data for channel options."""
        data: dict[str, Any] = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": options,
        }
        if resolved is not None:
            data["resolved"] = resolved
        return self._base(2, data)

    def autocomplete(self, name: str, options: list[dict[str, Any]]) -> dict[str, Any]:
        """An autocomplete request: the option being typed has `"focused": True`."""
        data = {"id": str(self.fake.new_id()), "name": name, "type": 1,
                "guild_id": str(GUILD_ID), "options": options}
        return self._base(4, data)

    def message_menu(self, name: str, target: dict[str, Any]) -> dict[str, Any]:
        """A message context-menu command on `target` (a message payload)."""
        data = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 3,
            "guild_id": str(GUILD_ID),
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return self._base(2, data)

    def button(self, message: dict[str, Any], custom_id: str,
               channel: dict[str, Any] | None = None) -> dict[str, Any]:
        """A button press on `message` (as the fake stored it)."""
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base(3, data, channel)
        payload["message"] = message
        return payload

    def select(self, message: dict[str, Any], custom_id: str, values: list[str],
               channel: dict[str, Any] | None = None) -> dict[str, Any]:
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        payload = self._base(3, data, channel)
        payload["message"] = message
        return payload

    def modal_submit(self, custom_id: str, values: dict[str, str],
                     message: dict[str, Any] | None = None,
                     channel: dict[str, Any] | None = None) -> dict[str, Any]:
        """A form submitted; `message`: the message whose button opened it, if one did."""
        data = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in values.items()
            ],
        }
        payload = self._base(5, data, channel)
        if message is not None:
            payload["message"] = message
        return payload

    def user_message(self, content: str, attachments: list[dict[str, Any]] | None = None
                     ) -> dict[str, Any]:
        """A message someone posted in the channel (the target of a context menu)."""
        author = user_payload(400000000000000001, "reporter")
        body = {"content": content, "attachments": attachments or []}
        return message_payload(self.fake.new_id(), CHANNEL_ID, body, author=author)

    def attachment(self, url: str, filename: str, size: int,
                   content_type: str = "text/plain; charset=utf-8") -> dict[str, Any]:
        attachment_id = str(self.fake.new_id())
        return {
            "id": attachment_id,
            "filename": filename,
            "size": size,
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }


def components_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message payload, rows flattened."""
    found: list[dict[str, Any]] = []
    for row in message.get("components") or []:
        found.extend(row.get("components") or [])
    return found


def embed_chars(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6,000 per message."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def point_discord_at(fake: FakeDiscord) -> str:
    """Send discord.py's REST calls to the fake; returns the previous base to restore."""
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = fake.base
    return previous


def feed(bot: discord.Client, payload: dict[str, Any]) -> None:
    """Hand an INTERACTION_CREATE payload to discord.py's own gateway parsing."""
    bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]


def allowed_mentions_of(call: Call) -> Any:
    return call.message.get("allowed_mentions")


def sent_messages(fake: FakeDiscord) -> list[Call]:
    """Every call that posted or edited a message, interaction replies included."""
    return [c for c in fake.calls if c.sends_message()]


def is_followup(call: Call) -> bool:
    return call.method == "POST" and bool(re.fullmatch(r"/webhooks/\d+/[^/]+", call.path))


def channel_option(name: str, channel_id: int, channel_name: str, kind: int = 0
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A channel option and its resolved data (kind 0: text, 2: voice, 5: announcement)."""
    option = {"name": name, "type": 7, "value": str(channel_id)}
    resolved = {"channels": {str(channel_id): {
        "id": str(channel_id), "name": channel_name, "type": kind,
        "permissions": str(MEMBER_PERMISSIONS), "parent_id": None, "guild_id": str(GUILD_ID),
    }}}
    return option, resolved


#: Article text with masked links Discord would render: two on one line (discord.py's
#: escape_markdown escapes only the first) and one split across a line break.
MASKED_LINKS = ("see [the notice](https://gov.example/n) and "
                "[https://www.valmora.gov/port](https://evil.example/phish), or "
                "[https://who.int/r\n](https://evil.example/two)")


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    run = len(text[:index]) - len(text[:index].rstrip("\\"))
    return run % 2 == 1


def live_masked_links(text: str) -> list[tuple[str, str]]:
    """(label, URL) of every `[label](url)` in `text` that Discord would render as a link."""
    found = []
    for match in re.finditer(r"\[([^\[\]]*)\]\(<?([^)\s>]+)", text):
        close = match.start() + 1 + len(match.group(1))
        if not _escaped(text, match.start()) and not _escaped(text, close):
            found.append((match.group(1), match.group(2)))
    return found


def all_text(message: dict[str, Any]) -> str:
    """A message's content and embed text, for asserting on what a reader sees."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or "",
                  (embed.get("author") or {}).get("name") or ""]
        for item in embed.get("fields") or []:
            parts += [item.get("name") or "", item.get("value") or ""]
    return "\n".join(parts)


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


def role_option(name: str, role_id: int, role_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A role option and its resolved data, as Discord sends them."""
    option = {"name": name, "type": 8, "value": str(role_id)}
    resolved = {"roles": {str(role_id): {
        "id": str(role_id), "name": role_name, "color": 0, "hoist": False, "position": 1,
        "permissions": "0", "managed": False, "mentionable": True, "flags": 0,
    }}}
    return option, resolved


async def give_verdict(fake: FakeDiscord, bot: discord.Client, users: Interactions,
                       card: dict[str, Any], claim_id: str, status: str,
                       thread: dict[str, Any],
                       reason: str = "The port authority's filing says otherwise.") -> str:
    """Press a verdict button on the claim's card, then fill in its reason form and
    submit it; the submission's token (its answers come through it)."""
    press = users.button(card, f"factdesk:verdict:{claim_id}:{status}", channel=thread)
    feed(bot, press)
    [form] = await fake.wait_for(lambda c: c.path.endswith(f"/{press['token']}/callback"))
    assert form.json["type"] == 9, "a verdict asks for its reason (a modal)"
    reason_input = form.json["data"]["components"][0]["components"][0]["custom_id"]
    submit = users.modal_submit(form.json["data"]["custom_id"], {reason_input: reason},
                                message=card, channel=thread)
    feed(bot, submit)
    token: str = submit["token"]
    return token
