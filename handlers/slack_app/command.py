"""`factdesk slack`: run the Slack app in Socket Mode (default) or over HTTP.

Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN and no public URL; HTTP mode
(`--http --port N`, behind a TLS-terminating proxy) needs SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET and serves Slack's requests at /slack/events. OAuth mode (HTTP,
many workspaces: SLACK_CLIENT_ID instead of SLACK_BOT_TOKEN) also serves
/slack/install and /slack/oauth_redirect (`handlers.slack_app.oauth`).

The process is the core's (`bot.serve`): beside the app, the daily digests of Slack
teams (posted through the `SlackSurface`), the reminders for stale claims
(`bot.reminders`, for teams that turned them on) and, when FACTDESK_METRICS_PORT is set, the
ops server (/healthz, /metrics). SIGTERM or SIGINT stops it all cleanly, whether Slack
can be reached or not: the digest task is cancelled, Slack's requests stop coming (the
socket, connected or still trying to, is closed), the checks already running get what
is left of 8 seconds to post their analysis, then the ops server and Redis are closed.
This module is only the `SlackSession` the core drives, and the command.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

import redis.asyncio as aioredis

from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    load_settings,
    report_failure,
    setup_logging,
)
from bot.reminders import Sender as ReminderSender
from bot.scheduler import Poster as DigestPost
from bot.serve import DIGEST_INTERVAL, Platform, until_stopped
from bot.serve import serve as core_serve
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app.app import (
    FactdeskApp,
    build_app,
    digest_poster,
    reminder_sender,
    required_settings,
)
from handlers.slack_app.ids import PLATFORM
from handlers.slack_app.transport import EVENTS_PATH, HttpTransport, SocketTransport, Transport

log = logging.getLogger("handlers.slack_app")



def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "slack",
        help="run the Slack app (Socket Mode by default, or --http)",
        description="Run factdesk's Slack app. Socket Mode needs SLACK_BOT_TOKEN and "
        "SLACK_APP_TOKEN; --http needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or (OAuth: "
        "many workspaces) SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, FACTDESK_TOKEN_KEY and "
        "SLACK_SIGNING_SECRET.",
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
        settings.require(*required_settings(settings, args.http))
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
    """Run until `stop` is set (by default: on SIGTERM or SIGINT), then close cleanly:
    the core's `bot.serve` with a `SlackSession`."""
    # in HTTP mode the metrics follow the app's own --host (FACTDESK_METRICS_HOST wins)
    await until_stopped(core_serve(
        settings, lambda service, redis: SlackSession(settings, service, args, redis),
        analyzer_choice(args), digest_interval, ops_host=args.host if args.http else None,
    ), stop)
    log.info("factdesk slack: stopped")


class SlackSession:
    """The Bolt app and its transport (Socket Mode or HTTP), as `bot.serve` drives them."""

    name = PLATFORM

    def __init__(self, settings: Settings, service: Service, args: argparse.Namespace,
                 redis: aioredis.Redis | None = None) -> None:
        app = build_app(settings, service, socket_mode=not args.http, redis=redis)
        assert isinstance(app, FactdeskApp)
        self.app = app
        self.inflight = app.inflight
        self.transport = _transport(app, settings, args)
        self._post_digest = digest_poster(app)  # OAuth mode: with each workspace's token
        self._send_reminder = reminder_sender(app)

    @property
    def post_digest(self) -> DigestPost:
        return self._post_digest

    @property
    def send_reminder(self) -> ReminderSender:
        return self._send_reminder

    def connected(self) -> bool:
        return self.transport.connected()

    async def open(self) -> None:
        return None  # the token is checked by Slack on the first request

    async def run(self) -> None:
        await self.transport.start()
        await asyncio.Event().wait()  # Slack's requests come until we stop

    async def stop(self) -> None:
        await self.transport.close()

    async def close(self) -> None:
        return None


def _transport(app: Any, settings: Settings, args: argparse.Namespace) -> Transport:
    if args.http:
        return HttpTransport(app, args.host, args.port)
    assert settings.slack_app_token is not None
    return SocketTransport(app, settings.slack_app_token.get_secret_value())


#: The entry point of `factdesk.platforms` (pyproject.toml): how the core finds Slack.
SLACK = Platform(name=PLATFORM, register=register)
