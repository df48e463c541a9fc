"""`factdesk slack`: run the Slack app in Socket Mode (default) or over HTTP.

Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN and no public URL; HTTP mode
(`--http --port N`, behind a TLS-terminating proxy) needs SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET and serves Slack's requests at /slack/events.

Beside the app, the process runs the daily digests (`bot.scheduler.DigestScheduler`,
Slack teams only, posting through the `SlackSurface`), the reminders for stale claims
(`bot.reminders.ReminderScheduler`, for teams that turned them on) and, when
FACTDESK_METRICS_PORT is set, the ops server (/healthz, /metrics). SIGTERM or SIGINT
stops it all cleanly, whether Slack can be reached or not: the digest task is
cancelled, Slack's requests stop coming (the socket, connected or still trying to,
is closed), the checks already running get what is left of 8 seconds to post their
analysis, then the ops server and Redis are closed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import time
from typing import Any

from bot.analyzers.factory import make_analyzer
from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    freeze_startup_objects,
    load_settings,
    on_signals,
    report_failure,
    setup_logging,
)
from bot.inflight import STOP_GRACE_SECONDS, stop_task
from bot.ops.server import start_ops_server
from bot.redis_conn import connect
from bot.reminders import ReminderScheduler
from bot.scheduler import DigestScheduler
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app.app import FactdeskApp, build_app
from handlers.slack_app.post import Poster
from handlers.slack_app.reminders import SlackReminders
from handlers.slack_app.surface import SlackSurface
from handlers.slack_app.transport import EVENTS_PATH, HttpTransport, SocketTransport, Transport

log = logging.getLogger("handlers.slack_app")

DIGEST_INTERVAL = 60.0  # seconds between the scheduler's looks for due digests
REMINDER_INTERVAL = 300.0  # seconds between looks for stale claims to remind


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
    add_analyzer_option(parser)
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
                stop: asyncio.Event | None = None,
                digest_interval: float = DIGEST_INTERVAL) -> None:
    """Run until `stop` is set (by default: on SIGTERM or SIGINT), then close cleanly.

    The service is built here rather than with `bot.cli.runtime.open_service` because
    the digest scheduler needs the Redis client itself, which the service keeps private.
    """
    signals: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if stop is None:
        stop = asyncio.Event()
        signals = on_signals(stop.set)
    with signals:
        handle = connect(settings)
        try:
            analyzer = make_analyzer(settings, analyzer_choice(args))
            service = Service(settings, handle.client, analyzer)
            app = build_app(settings, service, socket_mode=not args.http)
            transport = _transport(app, settings, args)
            # in HTTP mode the metrics follow the app's own --host (FACTDESK_METRICS_HOST wins)
            ops = await start_ops_server(settings, service, transport.connected,
                                         host=args.host if args.http else None)
            try:
                freeze_startup_objects()
                await transport.start()
                scheduler = DigestScheduler(handle.client, service.desk,
                                            SlackSurface(Poster(app.client)).post_digest,
                                            platform="slack")
                digests = asyncio.create_task(scheduler.run_forever(digest_interval),
                                              name="factdesk-digests")
                reminders = asyncio.create_task(ReminderScheduler(
                    handle.client, service.desk, SlackReminders(app.client).send,
                    platform="slack").run_forever(REMINDER_INTERVAL), name="factdesk-reminders")
                try:
                    await stop.wait()
                    log.info("stopping: digests, Slack's requests, then running checks")
                finally:
                    stopping = time.monotonic()
                    await stop_task(reminders)
                    await stop_task(digests)
                    await transport.close()
                if isinstance(app, FactdeskApp):
                    # the whole stop fits in docker stop's 10 s, however long closing took
                    await app.inflight.drain(STOP_GRACE_SECONDS - (time.monotonic() - stopping))
            finally:
                await ops.close()
        finally:
            await handle.close()
    log.info("factdesk slack: stopped")


def _transport(app: Any, settings: Settings, args: argparse.Namespace) -> Transport:
    if args.http:
        return HttpTransport(app, args.host, args.port)
    assert settings.slack_app_token is not None
    return SocketTransport(app, settings.slack_app_token.get_secret_value())
