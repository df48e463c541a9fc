"""`factdesk slack` as deployed: Socket Mode and HTTP mode, configured by the environment.

Both run the real command's `serve` (Redis, the service, the app) against the fake
Slack: over its Socket Mode WebSocket, and over signed HTTP on a free port.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import socket
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.settings import Settings
from handlers.slack_app import command, ids
from handlers.slack_app.pacing import AckFirst
from tests.support.articles import SCHOOLS, html_page
from tests.support.fake_slack import FakeSlack, fake_slack
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import free_port
from tests.support.slack_signing import SECRET, SlackDriver

MANIFEST = command.__file__.replace("command.py", "manifest.yaml")


@contextlib.asynccontextmanager
async def running(settings: Settings, **flags: Any) -> AsyncIterator[None]:
    args = argparse.Namespace(http=False, port=0, host="127.0.0.1", verbose=False)
    for name, value in flags.items():
        setattr(args, name, value)
    stop = asyncio.Event()
    task = asyncio.create_task(command.serve(settings, args, stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)  # stops cleanly, without being cancelled
        gc.unfreeze()  # serve() froze the test process's objects; give them back


async def wait_listening(port: int) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            assert time.monotonic() < deadline, "factdesk slack --http did not listen"
            await asyncio.sleep(0.05)


def slack_settings(settings: Settings, fake: FakeSlack) -> Settings:
    return settings.model_copy(update={
        "slack_api_url": fake.api_url,
        "slack_bot_token": SecretStr("xoxb-test"),
        "slack_app_token": SecretStr("xapp-test"),
        "slack_signing_secret": SecretStr(SECRET),
    })


async def test_socket_mode_takes_a_command_acks_the_envelope_and_answers(
    redis_settings: Settings,
) -> None:
    async with fake_slack() as fake, running(slack_settings(redis_settings, fake)):
        driver = SlackDriver(url="unused", session=None,  # type: ignore[arg-type]
                             response_url=fake.response_url)
        payload = dict(parse_qsl(driver.command_body(SCHOOLS)))
        await fake.envelopes.put({"envelope_id": "env-1", "type": "slash_commands",
                                  "accepts_response_payload": True, "payload": payload})

        update = (await fake.wait_for("chat.update"))[0]
        assert "Maria Santos" in str(update["blocks"])
        assert fake.socket_connections == 1
        assert [a["envelope_id"] for a in fake.socket_acks] == ["env-1"]
        opened = fake.of("apps.connections.open")[0]
        assert opened.token == "xapp-test", "the socket is opened with the app token"
        assert update.token == "xoxb-test", "messages are posted with the bot token"


async def test_http_mode_serves_signed_requests_on_the_port(redis_settings: Settings) -> None:
    port = free_port()
    async with fake_slack() as fake, running(slack_settings(redis_settings, fake),
                                            http=True, port=port):
        await wait_listening(port)
        async with aiohttp.ClientSession() as session:
            driver = SlackDriver(url=f"http://127.0.0.1:{port}/slack/events", session=session,
                                 response_url=fake.response_url)
            unsigned = await driver.send(
                driver.command_body(SCHOOLS),
                {"Content-Type": "application/x-www-form-urlencoded"})
            assert unsigned.status == 401
            answer = await driver.command(SCHOOLS)
            assert answer.status == 200
            update = (await fake.wait_for("chat.update"))[0]
            assert "Maria Santos" in str(update["blocks"])


def test_the_manifest_declares_what_the_app_listens_to() -> None:
    with open(MANIFEST, encoding="utf-8") as handle:
        manifest = handle.read()
    assert f"command: {ids.COMMAND}" in manifest
    assert f"callback_id: {ids.SHORTCUT}" in manifest
    for scope in ("commands", "chat:write"):
        assert f"- {scope} " in manifest or f"- {scope}\n" in manifest
    assert "socket_mode_enabled: true" in manifest
    assert "is_enabled: true" in manifest, "interactivity, for buttons and the modal"


async def test_slow_work_waits_for_pending_acknowledgements() -> None:
    pacing = AckFirst(quiet=0.02, max_wait=2.0)
    order: list[str] = []

    async def dispatch(name: str, seconds: float) -> None:
        with pacing.dispatching():
            await asyncio.sleep(seconds)
            order.append(f"ack {name}")

    async def work() -> None:
        await pacing.settled()
        order.append("work")

    await asyncio.gather(dispatch("a", 0.05), work(), dispatch("b", 0.1))
    assert order == ["ack a", "ack b", "work"]

    # steady traffic cannot hold the work back for longer than max_wait
    busy = AckFirst(quiet=0.02, max_wait=0.2)
    with busy.dispatching():
        started = time.monotonic()
        await busy.settled()
        assert 0.15 < time.monotonic() - started < 1.0


async def test_stopping_lets_running_checks_post_their_analysis(
    redis_settings: Settings, http_server: LocalHTTPServer
) -> None:
    async def slow_page(_request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(1.0)
        return web.Response(text=html_page("Council merges schools", SCHOOLS),
                            content_type="text/html")

    http_server.route("/slow", slow_page)
    port = free_port()
    async with fake_slack() as fake:
        stop = asyncio.Event()
        args = argparse.Namespace(http=True, port=port, host="127.0.0.1", verbose=False)
        task = asyncio.create_task(
            command.serve(slack_settings(redis_settings, fake), args, stop))
        await wait_listening(port)
        async with aiohttp.ClientSession() as session:
            driver = SlackDriver(url=f"http://127.0.0.1:{port}/slack/events",
                                 session=session, response_url=fake.response_url)
            assert (await driver.command(http_server.url("/slow"))).status == 200
        await fake.wait_for("chat.postMessage")  # the check is running
        stop.set()
        await asyncio.wait_for(task, 10)
        gc.unfreeze()
        updates = fake.of("chat.update")
        assert len(updates) == 1, "the analysis was posted before the app stopped"
        assert "\n*Council merges schools*" in updates[0]["blocks"][0]["text"]["text"]
