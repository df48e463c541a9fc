"""`docker stop` (SIGTERM, then a kill 10 s later) ends the chat processes in every state.

`factdesk slack` (Socket Mode) and `factdesk discord` run as real processes against the
local fakes, each brought into one state (Slack or Discord unreachable, a connection
that went silent, a reconnect loop, connected), then get SIGTERM: each must exit by
itself within 10 s, with status 0 and no traceback on standard error.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.inflight import stop_task
from bot.redis_conn import connect
from bot.settings import Settings
from tests.support.cli import ROOT, cli_environment
from tests.support.fake_discord import TOKEN, discord_api
from tests.support.fake_gateway import FakeGateway
from tests.support.fake_slack import FakeSlack, fake_slack
from tests.support.http_server import serve_local
from tests.support.redis_server import free_port

DOCKER_STOP_SECONDS = 10.0  # docker stop's default grace before SIGKILL
STATE_WITHIN = 30.0  # seconds for a process to start and reach the state under test


@dataclass
class Process:
    """A running `factdesk` process and what it wrote to standard error so far."""

    proc: asyncio.subprocess.Process
    stderr: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None

    def text(self) -> str:
        return "".join(self.stderr)

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for line in self.proc.stderr:
            self.stderr.append(line.decode(errors="replace"))

    async def until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + STATE_WITHIN
        while not condition():
            if self.proc.returncode is not None:
                raise AssertionError(f"exited ({self.proc.returncode}) before {what}:\n"
                                     + self.text()[-3000:])
            if time.monotonic() > deadline:
                raise AssertionError(f"not {what} within {STATE_WITHIN} s:\n"
                                     + self.text()[-3000:])
            await asyncio.sleep(0.05)

    async def stop_within(self, seconds: float) -> float:
        """SIGTERM; the seconds it took to exit (killed, and the test failed, if too long)."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), seconds)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(f"still running {seconds:.0f} s after SIGTERM:\n"
                                 + self.text()[-3000:]) from None
        if self._reader is not None:
            await self._reader
        return time.monotonic() - started


@contextlib.asynccontextmanager
async def factdesk(args: list[str], env: dict[str, str]) -> AsyncIterator[Process]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=env["FACTDESK_TEST_CWD"], env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    process = Process(proc)
    process._reader = asyncio.create_task(process._read())
    try:
        yield process
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await asyncio.gather(process._reader, return_exceptions=True)


def assert_clean_stop(process: Process, took: float) -> None:
    text = process.text()
    assert process.proc.returncode == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    assert took < DOCKER_STOP_SECONDS


def environment(tmp_path: Path, redis_url: str, **values: str) -> dict[str, str]:
    env = cli_environment(tmp_path)
    env.update({"REDIS_URL": redis_url, "LOG_LEVEL": "INFO", "LOG_FORMAT": "text"}, **values)
    return env


# ------------------------------------------------------------------ Slack, Socket Mode


def closed_port_url(scheme: str, path: str) -> str:
    return f"{scheme}://127.0.0.1:{free_port()}{path}"  # nothing listens there


def slack_unreachable(fake: FakeSlack) -> tuple[str, Callable[[Process], bool]]:
    return closed_port_url("http", "/api/"), lambda p: "Failed to connect" in p.text()


def slack_socket_unreachable(fake: FakeSlack) -> tuple[str, Callable[[Process], bool]]:
    fake.socket_url = closed_port_url("ws", "/socket")
    return fake.api_url, lambda p: "Failed to connect" in p.text()


def slack_connected(fake: FakeSlack) -> tuple[str, Callable[[Process], bool]]:
    return fake.api_url, lambda p: fake.socket_connections == 1


def slack_socket_silent(fake: FakeSlack) -> tuple[str, Callable[[Process], bool]]:
    fake.socket_silent = True
    return fake.api_url, lambda p: fake.socket_connections == 1


def slack_reconnecting(fake: FakeSlack) -> tuple[str, Callable[[Process], bool]]:
    def dropped_and_refused(p: Process) -> bool:
        if fake.socket_connections == 1 and not fake.errors:
            fake.fail("apps.connections.open", "internal_error", times=1000)
            asyncio.get_running_loop().create_task(fake.drop_sockets())
        return len(fake.of("apps.connections.open")) >= 2

    return fake.api_url, dropped_and_refused


@pytest.mark.slow
@pytest.mark.parametrize("state", [slack_unreachable, slack_socket_unreachable,
                                   slack_connected, slack_socket_silent,
                                   slack_reconnecting])
async def test_factdesk_slack_stops_on_sigterm_in_every_state(
    tmp_path: Path, redis_url: str,
    state: Callable[[FakeSlack], tuple[str, Callable[[Process], bool]]],
) -> None:
    async with fake_slack() as fake:
        api_url, reached = state(fake)
        env = environment(tmp_path, redis_url, SLACK_API_URL=api_url,
                          SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN="xapp-test")
        async with factdesk(["-m", "bot.cli", "slack", "--analyzer", "rules"], env) as process:
            await process.until(lambda: reached(process), state.__name__)
            took = await process.stop_within(DOCKER_STOP_SECONDS + 5)
    assert_clean_stop(process, took)
    assert "factdesk slack: stopped" in process.text()
    if state in (slack_unreachable, slack_socket_unreachable):
        [failed] = [line for line in process.stderr if "Failed to connect" in line][:1]
        assert "Connect call failed" in failed or "Cannot connect" in failed, failed


# ------------------------------------------------------------------ Discord


def discord_state(mode: str, gateway: FakeGateway, asked: list[str]
                  ) -> Callable[[Process], bool]:
    if mode == "logging_in":  # Discord's API took the login and does not answer
        return lambda p: bool(asked)
    if mode == "unreachable":
        return lambda p: "could not be reached yet" in p.text()
    if mode == "drop":
        return lambda p: gateway.connections >= 3  # dropped, then refused twice
    return lambda p: "connected to Discord as" in p.text()  # ready, or silent since


@contextlib.asynccontextmanager
async def unanswering_api() -> AsyncIterator[tuple[str, list[str]]]:
    """A REST API that takes requests and never answers them: (its base, paths asked)."""
    asked: list[str] = []
    stopping = asyncio.Event()

    async def hang(request: web.Request) -> web.StreamResponse:
        asked.append(request.path)
        await stopping.wait()
        return web.Response(status=503)

    app = web.Application()
    app.router.add_route("*", "/api/v10/{tail:.*}", hang)
    runner, port = await serve_local(app)
    try:
        yield f"http://127.0.0.1:{port}/api/v10", asked
    finally:
        stopping.set()
        await runner.cleanup()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["logging_in", "unreachable", "ready", "drop", "silent"])
async def test_factdesk_discord_stops_on_sigterm_in_every_state(
    tmp_path: Path, redis_url: str, mode: str
) -> None:
    gateway = FakeGateway(mode if mode not in ("unreachable", "logging_in") else "ready")
    await gateway.start()
    try:
        async with discord_api() as api, unanswering_api() as (silent_api, asked):
            reached = discord_state(mode, gateway, asked)
            gateway_url = closed_port_url("ws", "/") if mode == "unreachable" else gateway.url
            env = environment(tmp_path, redis_url, DISCORD_TOKEN=TOKEN,
                              FACTDESK_TEST_DISCORD_API=(
                                  silent_api if mode == "logging_in" else api.base),
                              FACTDESK_TEST_DISCORD_GATEWAY=gateway_url,
                              PYTHONPATH=str(ROOT))
            args = ["-m", "tests.support.discord_process", "--analyzer", "rules"]
            async with factdesk(args, env) as process:
                await process.until(lambda: reached(process), f"gateway {mode}")
                took = await process.stop_within(DOCKER_STOP_SECONDS + 5)
    finally:
        await gateway.stop()
    assert_clean_stop(process, took)



# ------------------------------------------------------------------ stopping a task


async def test_a_task_in_a_redis_call_stops_although_redis_py_can_lose_a_cancellation(
    redis_settings: Settings,
) -> None:
    """redis-py 8.1 swallows a cancellation that lands while it opens a connection (a
    third of these tries here): the digest task then went on, and the stop waited."""

    async def ticking(client: Any) -> None:
        while True:
            await client.smembers("fd:teams")
            await asyncio.sleep(60)

    for attempt in range(40):
        handle = connect(redis_settings)
        try:
            task = asyncio.create_task(ticking(handle.client), name=f"tick-{attempt}")
            await asyncio.sleep(attempt % 8 * 0.0005)
            await stop_task(task, within=2.0)
            assert task.cancelled(), f"attempt {attempt}: still running"
        finally:
            await handle.close()


# ------------------------------------------------------------------ Slack, HTTP mode


async def test_factdesk_slack_in_http_mode_keeps_its_metrics_on_its_own_address(
    tmp_path: Path, redis_url: str,
) -> None:
    """`factdesk slack --http --host ::1`: /metrics is served on [::1] only, not on every
    interface (FACTDESK_METRICS_HOST unset)."""
    metrics_port = free_port()
    async with fake_slack() as fake:
        env = environment(tmp_path, redis_url, SLACK_API_URL=fake.api_url,
                          SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s3cret",
                          FACTDESK_METRICS_PORT=str(metrics_port))
        env.pop("FACTDESK_METRICS_HOST", None)
        args = ["-m", "bot.cli", "slack", "--analyzer", "rules", "--http", "--host", "::1",
                "--port", str(free_port())]
        async with factdesk(args, env) as process:
            await process.until(lambda: _answers(("::1", metrics_port)), "metrics on [::1]")
            assert not _answers(("127.0.0.1", metrics_port)), "not on every interface"
            took = await process.stop_within(DOCKER_STOP_SECONDS + 5)
    assert_clean_stop(process, took)


def _answers(address: tuple[str, int]) -> bool:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(address) == 0
