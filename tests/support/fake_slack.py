"""A fake Slack Web API on 127.0.0.1, and a helper that serves our real Bolt app.

The fake answers the methods factdesk calls (`auth.test`, `chat.postMessage`,
`chat.update`, `chat.postEphemeral`, `chat.delete`, `chat.getPermalink`, `views.open`,
`views.update`, the external file upload (`files.getUploadURLExternal`, the bytes sent to
the upload URL it gives, recorded as the method `upload`, and
`files.completeUploadExternal`; files kept in `uploads`),
`users.info` and `usergroups.users.list` from the workspace's `admins`, `owners` and
`groups`, `conversations.info` (a plain channel of the workspace unless `channels` says
otherwise), `apps.connections.open` with its own Socket Mode WebSocket (or `socket_url`;
`socket_silent`: one that goes quiet after its hello), `oauth.v2.access` (an install's
code `code-T…` gives workspace T…'s bot token `xoxb-T…`; `org-E…` an Enterprise Grid
organization's install), `auth.test` for whichever workspace's token it is called
with, anything else with a bare `{"ok": true}`) and records every call: method, the body
(JSON, form or query, merged) and the token. Tests assert on what it received, as
bolt-python's own scenario tests do; a test can script an error for a method, and for
the response URL (recorded as the method `respond`), or hold a method's answers.
It runs on the test's event loop; `serve_app` runs the app's aiohttp server there too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from slack_bolt.async_app import AsyncApp

from tests.support.http_server import serve_local

BOT_USER = "UBOT"
TEAM_ID = "T0FACT"
WORKSPACE = "https://factdesk-test.slack.com"


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    token: str | None
    answer: dict[str, Any] = field(default_factory=dict)  # what the fake replied

    def __getitem__(self, key: str) -> Any:
        return self.body[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default)


@dataclass
class Upload:
    """A file sent through Slack's external upload flow."""

    filename: str
    length: int
    content: bytes | None = None  # once the bytes were sent to the upload URL
    completed: Call | None = None  # the files.completeUploadExternal that shared it

    @property
    def text(self) -> str:
        return (self.content or b"").decode()


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: dict[str, Upload] = {}  # by file id
        self.errors: dict[str, list[tuple[str, Callable[[Call], bool] | None]]] = {}
        self.port = 0
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        # Socket Mode: envelopes to push to a connected app, and the acks it sent back
        self.envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.socket_acks: list[dict[str, Any]] = []
        self.socket_connections = 0
        self._sockets: set[web.WebSocketResponse] = set()
        # the workspace's people: admins and owners by user id, user groups by group id
        self.admins: set[str] = set()
        self.owners: set[str] = set()
        self.groups: dict[str, list[str]] = {}
        # methods whose answers wait until their event is set (see `hold`)
        self.holds: dict[str, asyncio.Event] = {}
        # conversations.info: what differs from a plain channel of this workspace, by id
        self.channels: dict[str, dict[str, Any]] = {}
        # calls taken (recorded and answered) whose connection is then closed unanswered
        self.dropped: list[Callable[[Call], bool]] = []
        # apps.connections.open: another socket URL (e.g. a closed port) instead of ours
        self.socket_url: str | None = None
        # a Socket Mode connection gone silent: after hello, nothing is read or answered
        self.socket_silent = False
        self._stopping = asyncio.Event()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def response_url(self) -> str:
        """Where "respond" answers go; recorded as calls of the method `respond`."""
        return f"http://127.0.0.1:{self.port}/respond/T0FACT/1/abc"

    def fail(self, method: str, error: str, times: int = 1,
             where: Callable[[Call], bool] | None = None) -> None:
        """Answer the next `times` calls of `method` (matching `where`) with an error."""
        self.errors.setdefault(method, []).extend([(error, where)] * times)

    def hold(self, method: str) -> asyncio.Event:
        """Keep every answer to `method` (the calls are recorded) until the event is set."""
        return self.holds.setdefault(method, asyncio.Event())

    def drop_when(self, predicate: Callable[[Call], bool]) -> None:
        """Take the calls matching `predicate` (recorded, so a message counts as posted),
        then close the connection without answering: the caller cannot tell."""
        self.dropped.append(predicate)

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(
        self, method: str, count: int = 1, where: Callable[[Call], bool] | None = None,
        within: float = 15.0,
    ) -> list[Call]:
        """The calls of `method` (matching `where`) once there are `count` of them."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            found = [c for c in self.of(method) if where is None or where(c)]
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"{count} x {method} not received in {within} s: {seen}")
            await asyncio.sleep(0.02)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body.update(await request.json())
        elif request.can_read_body:
            body.update(await request.post())
        auth = request.headers.get("Authorization", "")
        call = Call(method, body, auth.removeprefix("Bearer ") or None)
        self.calls.append(call)
        if method in self.holds:
            await self.holds[method].wait()
        error = self._scripted_error(call)
        call.answer = self._answer(call) if error is None else {"ok": False, "error": error}
        if any(drop(call) for drop in self.dropped) and request.transport:
            request.transport.close()
        return web.json_response(call.answer)

    def _scripted_error(self, call: Call) -> str | None:
        """The error scripted with `fail` for this call, used up; None if none is."""
        pending = self.errors.get(call.method, [])
        for index, (error, where) in enumerate(pending):
            if where is None or where(call):
                del pending[index]
                return error
        return None

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Slack's Socket Mode endpoint: hello, then queued envelopes; records acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.socket_connections += 1
        self._sockets.add(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "AFACT"},
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
        if self.socket_silent:
            await self._stopping.wait()
            return ws

        async def push() -> None:
            while True:
                await ws.send_json(await self.envelopes.get())

        pusher = asyncio.create_task(push())
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.socket_acks.append(json.loads(message.data))
        finally:
            pusher.cancel()
            self._sockets.discard(ws)
        return ws

    async def drop_sockets(self) -> None:
        """Close every Socket Mode connection from Slack's side (as when Slack restarts)."""
        for ws in list(self._sockets):
            await ws.close()

    async def _respond(self, request: web.Request) -> web.Response:
        """A response URL: "ok", or, scripted with `fail("respond", …)`, Slack's refusal
        of an expired or used-up URL (HTTP 404 and the error in JSON)."""
        call = Call("respond", dict(await request.json()), None, {"ok": True})
        self.calls.append(call)
        error = self._scripted_error(call)
        if error is not None:
            call.answer = {"ok": False, "error": error}
            return web.json_response(call.answer, status=404)
        return web.Response(text="ok")

    def _answer(self, call: Call) -> dict[str, Any]:
        channel = call.get("channel")
        if call.method == "auth.test":
            return self._auth_test(call.token)
        if call.method == "oauth.v2.access":
            return self._oauth_access(str(call.get("code", "")))
        if call.method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"text": call.get("text"), "ts": ts, "user": BOT_USER}}
        if call.method == "chat.update":
            return {"ok": True, "channel": channel, "ts": call.get("ts"),
                    "text": call.get("text")}
        if call.method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if call.method == "chat.getPermalink":
            ts = str(call.get("message_ts", "")).replace(".", "")
            return {"ok": True, "channel": channel,
                    "permalink": f"{WORKSPACE}/archives/{channel}/p{ts}"}
        if call.method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url or f"ws://127.0.0.1:{self.port}/socket"}
        if call.method == "users.info":
            user = str(call.get("user", ""))
            return {"ok": True, "user": {"id": user, "team_id": TEAM_ID, "name": user.lower(),
                                         "is_admin": user in self.admins or user in self.owners,
                                         "is_owner": user in self.owners,
                                         "is_primary_owner": False, "is_bot": False}}
        if call.method == "usergroups.users.list":
            group = str(call.get("usergroup", ""))
            if group not in self.groups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": self.groups[group]}
        if call.method == "conversations.info":
            return {"ok": True, "channel": self._channel(str(channel or ""))}
        if call.method in ("views.open", "views.update"):
            return {"ok": True, "view": {"id": "VFACT", "type": "modal", "hash": "h1"}}
        if call.method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            self.uploads[file_id] = Upload(str(call.get("filename")), int(call.get("length", 0)))
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}
        if call.method == "files.completeUploadExternal":
            files = call.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            done = []
            for entry in listed:
                upload = self.uploads.get(entry.get("id"))
                if upload is None or upload.content is None:
                    return {"ok": False, "error": "file_not_found"}
                upload.completed = call
                done.append({"id": entry["id"], "title": entry.get("title"),
                             "name": upload.filename})
            return {"ok": True, "files": done}
        return {"ok": True}

    async def _upload(self, request: web.Request) -> web.Response:
        """Where `files.getUploadURLExternal` sends the bytes: kept, and checked against
        the length announced (Slack refuses a mismatch)."""
        upload = self.uploads.get(request.match_info["file_id"])
        data = await request.read()
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"],
                                          "bytes": len(data)}, None))
        if upload is None or len(data) != upload.length:
            return web.Response(status=400, text="bad upload")
        upload.content = data
        return web.Response(text="OK - uploaded")

    @staticmethod
    def _auth_test(token: str | None) -> dict[str, Any]:
        """Installed workspaces' tokens are `xoxb-<team>`; any other is the test desk's."""
        team = (token or "").removeprefix("xoxb-")
        if not team.startswith(("T", "E")) or team == token:
            team = TEAM_ID
        return {"ok": True, "url": WORKSPACE + "/", "team": f"Desk {team}", "user": "factdesk",
                "team_id": team, "user_id": BOT_USER, "bot_id": f"B{team}",
                "is_enterprise_install": team.startswith("E")}

    @staticmethod
    def _oauth_access(code: str) -> dict[str, Any]:
        """Slack's answer to an install's code: a workspace's, or an organization's."""
        if code.startswith("code-T"):
            team = code.removeprefix("code-")
            return {"ok": True, "app_id": "AFACT", "access_token": f"xoxb-{team}",
                    "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": BOT_USER, "team": {"id": team, "name": f"Desk {team}"},
                    "enterprise": None, "is_enterprise_install": False,
                    "authed_user": {"id": "UINSTALLER"}}
        if code.startswith("org-E"):
            org = code.removeprefix("org-")
            return {"ok": True, "app_id": "AFACT", "access_token": f"xoxb-{org}",
                    "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": BOT_USER, "team": None,
                    "enterprise": {"id": org, "name": f"Org {org}"},
                    "is_enterprise_install": True, "authed_user": {"id": "UINSTALLER"}}
        return {"ok": False, "error": "invalid_code"}

    def _channel(self, channel: str) -> dict[str, Any]:
        plain = {"id": channel, "name": channel.lower(), "is_channel": True,
                 "is_private": False, "is_archived": False, "is_member": True,
                 "is_shared": False, "is_ext_shared": False, "is_org_shared": False,
                 "is_pending_ext_shared": False, "context_team_id": TEAM_ID}
        return plain | self.channels.get(channel, {})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_post("/respond/{tail:.*}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner, self.port = await serve_local(app)

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()


@asynccontextmanager
async def fake_slack() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def serve_app(app: AsyncApp) -> AsyncIterator[str]:
    """Serve the Bolt app over HTTP on 127.0.0.1; yields its events URL."""
    runner, port = await serve_local(app.web_app(path="/slack/events"))
    try:
        yield f"http://127.0.0.1:{port}/slack/events"
    finally:
        await runner.cleanup()

