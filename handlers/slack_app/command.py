"""`factdesk slack`: run the Slack app in Socket Mode (default) or over HTTP.

Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN and no public URL; HTTP mode
(`--http --port N`, behind a TLS-terminating proxy) needs SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET and serves Slack's requests at /slack/events.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
from typing import Any

from aiohttp import web

from bot.cli.runtime import (
    EXIT_OK,
    load_settings,
    open_service,
    report_failure,
    setup_logging,
)
from bot.settings import Settings
from handlers.slack_app.app import FactdeskApp, build_app

log = logging.getLogger("handlers.slack_app")

EVENTS_PATH = "/slack/events"
STOP_GRACE_SECONDS = 8.0  # docker stop waits 10 s before it kills


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "slack",
        help="run the Slack app (Socket Mode by default, or --http)",
        description="Run factdesk's Slack app. Socket Mode needs SLACK_BOT_TOKEN and "
        "SLACK_APP_TOKEN; --http needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.",
    )
    parser.add_argument("--http", action="store_true",
                        help=f"serve Slack's HTTP requests at {EVENTS_PATH} instead of "
                        "Socket Mode")
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    # every address by default: the proxy is usually another container; requests are
    # verified with the signing secret whatever their origin.
    parser.add_argument("--host", default="0.0.0.0",  # noqa: S104
                        help="HTTP address to listen on (default 0.0.0.0)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        settings.require("slack_bot_token",
                         "slack_signing_secret" if args.http else "slack_app_token")
    except Exception as exc:
        return report_failure(exc)
    setup_logging(settings, args.verbose)
    try:
        asyncio.run(serve(settings, args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report_failure(exc)
    return EXIT_OK


async def serve(settings: Settings, args: argparse.Namespace,
                stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set (by default: on SIGTERM or SIGINT), then close cleanly."""
    if stop is None:
        stop = _stop_on_signals()
    async with open_service(settings) as service:
        app = build_app(settings, service, socket_mode=not args.http)
        _freeze_startup_objects()
        if args.http:
            await _serve_http(app.web_app(path=EVENTS_PATH, port=args.port), args.host,
                              args.port, stop)
        else:
            await _serve_socket_mode(app, settings, stop)
        if isinstance(app, FactdeskApp):
            await app.inflight.drain(STOP_GRACE_SECONDS)
    log.info("factdesk slack: stopped")


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM (docker stop) or SIGINT, so connections close in order."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


def _freeze_startup_objects() -> None:
    """Keep the garbage collector off what start-up built (modules, models, clients).

    A full collection scans every live object; after importing Bolt, openai and pydantic
    that took over 100 ms, and one landing in a burst of commands delayed every
    acknowledgement behind it (bench/slack_ack.py: p99 from ~200 ms to ~50 ms).
    """
    gc.collect()
    gc.freeze()


async def _serve_http(web_app: web.Application, host: str, port: int,
                      stop: asyncio.Event) -> None:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("factdesk slack: listening on http://%s:%d%s", host, port, EVENTS_PATH)
        await stop.wait()
    finally:
        await runner.cleanup()


async def _serve_socket_mode(app: Any, settings: Settings, stop: asyncio.Event) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    assert settings.slack_app_token is not None
    handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
    log.info("factdesk slack: connecting in Socket Mode")
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        await stop.wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
