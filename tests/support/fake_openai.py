"""An OpenAI-compatible HTTP server on 127.0.0.1 that plays scripted answers.

The real `openai` client talks to it over a real socket (openai 3.x runs on httpx2, so
respx cannot stand in). It serves `POST /v1/chat/completions` from a queue of `Reply`
objects, or from a `responder` function when the order of requests is not fixed (parts of
a long article are sent concurrently), and records every request it receives, headers
and JSON body, so tests assert on what our code sent. It runs in its own thread and event
loop, like `tests.support.http_server`, so any test can use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from bot.settings import Settings
from tests.support.http_server import serve_local


@dataclass
class Reply:
    """One scripted answer: a JSON body, or raw text; a status; a delay before answering."""

    status: int = 200
    json: Any = None
    text: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    json: Any

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.json["messages"]
        return messages

    def message(self, role: str, index: int = 0) -> str:
        """The text of the `index`th message with `role`."""
        content: str = [m for m in self.messages if m["role"] == role][index]["content"]
        return content


def completion(
    content: str | dict[str, Any] | None,
    *,
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str = "test-model",
) -> dict[str, Any]:
    """A chat.completion body; a dict `content` is sent as its JSON text."""
    text = json.dumps(content) if isinstance(content, dict) else content
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": refusal},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def error_body(message: str, kind: str = "server_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


class FakeOpenAI:
    """Start, script, inspect, stop. `base_url` is what the client is pointed at."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.responder: Callable[[Received], Reply] | None = None
        self.received: list[Received] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server was answering at once
        self.port = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def queue_completion(self, content: str | dict[str, Any] | None, **kwargs: Any) -> None:
        self.queue(Reply(json=completion(content, **kwargs)))

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        seen = Received(path=request.path, headers=dict(request.headers), json=body)
        with self._lock:
            self.received.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.replies:
                reply = self.replies.popleft()
            elif self.responder is not None:
                reply = self.responder(seen)
            else:
                reply = Reply(status=500, json=error_body("the fake has no answer scripted"))
        try:
            if reply.delay:
                assert self._stopping is not None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), reply.delay)
        finally:
            with self._lock:
                self.in_flight -= 1
        if reply.text is not None:
            return web.Response(
                status=reply.status,
                text=reply.text,
                content_type="application/json",
                headers=reply.headers,
            )
        return web.json_response(reply.json, status=reply.status, headers=reply.headers)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)

    async def _start(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner, self.port = await serve_local(app, shutdown_timeout=1.0)

    async def _stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()  # end any scripted delay still running
        if self._runner is not None:
            await self._runner.cleanup()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()


def serve() -> Iterator[FakeOpenAI]:
    """For a fixture: `yield from serve()` gives a started server and stops it after."""
    server = FakeOpenAI()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def llm_settings(base: Settings, server: FakeOpenAI, **changes: Any) -> Settings:
    """`base` pointed at `server` with a test key and model; `changes` override."""
    update: dict[str, Any] = {
        "llm_base_url": server.base_url,
        "llm_api_key": SecretStr("test"),
        "llm_model": "test-model",
        **changes,
    }
    return base.model_copy(update=update)
