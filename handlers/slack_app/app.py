"""The Bolt `AsyncApp` for factdesk: built from settings, listeners registered explicitly.

`build_app` needs the bot token; HTTP mode also needs the signing secret (Slack signs
every request with it), Socket Mode does not (the app token authenticates the socket).
The Web API client points at `SLACK_API_URL`, so tests and GovSlack can redirect it.

Every request Slack sends (HTTP or Socket Mode) is dispatched inside a
`bot.logs.check_context`: its log lines, and those of the work its listener goes on
with after acknowledging, carry one correlation id, the one a user sees on a failure.
The time from its arrival to the acknowledgement (the HTTP response, or the envelope's
answer on the socket) is recorded in `factdesk_ack_seconds{platform="slack"}`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot import logs
from bot.digest import Digest
from bot.errors import ConfigError, user_message
from bot.inflight import InFlight
from bot.ops import metrics
from bot.records import Team, TeamSettings
from bot.reminders import Reminder
from bot.reminders import Sender as ReminderSender
from bot.replay import Deliveries
from bot.scheduler import Poster as DigestPost
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import (
    checking,
    desk_commands,
    digests,
    full,
    home,
    oauth,
    signing,
    threads,
    verdict_group,
)
from handlers.slack_app.deferred import ACKNOWLEDGED, DeferredCommands
from handlers.slack_app.ids import PLATFORM
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.post import Poster
from handlers.slack_app.reminders import SlackReminders
from handlers.slack_app.surface import SlackSurface

log = logging.getLogger("handlers.slack_app")



class FactdeskApp(AsyncApp):
    """Bolt's app, telling `pacing` when a request is being dispatched (HTTP and socket),
    giving each request its log context and ack time, and keeping the work acknowledged
    but unfinished (checks, verdicts, settings) in flight for a clean stop."""

    def __init__(self, *args: Any, deliveries: Deliveries | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacing = AckFirst()
        self.inflight = InFlight()
        self.deliveries = deliveries  # HTTP mode: signatures taken, to ignore replays
        self.secret: str = kwargs.get("signing_secret") or ""

    def web_app(self, path: str = "/slack/events", port: int = 3000) -> web.Application:
        """Slack's HTTP requests at `path`, their signature checked before they are read
        and replays ignored (`signing.web_app`), for every server of this app."""
        if not self.secret:
            raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET.")
        deferred = DeferredCommands(self.async_dispatch, self.pacing, self.inflight)
        served = signing.web_app(self, self.secret, path, self.deliveries, deferred)
        if self.oauth_flow is not None:
            oauth.add_routes(served, self.oauth_flow)
        return served

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        if req.context.get(ACKNOWLEDGED):  # a command answered before (`deferred`)
            with logs.check_context(team=team_key(req),
                                    correlation_id=logs.current_correlation_id()):
                return await super().async_dispatch(req)
        started = time.perf_counter()
        # Bolt runs the listener in a task made during dispatch: it keeps this context.
        with logs.check_context(team=team_key(req)), self.pacing.dispatching():
            response: BoltResponse = await super().async_dispatch(req)
        if response.status == 200:  # acknowledged (not refused: bad signature, no listener)
            metrics.observe_ack(PLATFORM, time.perf_counter() - started)
        return response


def team_key(req: AsyncBoltRequest) -> str | None:
    """The workspace as a team key for logs (Bolt reads it from the payload)."""
    team_id = req.context.team_id
    return f"{PLATFORM}:{team_id}" if team_id else None


def api_url(settings: Settings) -> str:
    base_url = settings.slack_api_url
    return base_url if base_url.endswith("/") else base_url + "/"


def required_settings(settings: Settings, http: bool) -> tuple[str, ...]:
    """The settings `factdesk slack` needs in the mode the others choose."""
    if oauth.oauth_mode(settings):
        return ("slack_client_id", "slack_client_secret", "token_key", "slack_signing_secret")
    return ("slack_bot_token", "slack_signing_secret" if http else "slack_app_token")


def build_app(settings: Settings, service: Service, *, socket_mode: bool = False,
              redis: aioredis.Redis | None = None) -> AsyncApp:
    """The app with every factdesk listener; ConfigError names a missing variable.
    One workspace with SLACK_BOT_TOKEN, or OAuth mode (many workspaces, `redis` keeping
    their installations) with SLACK_CLIENT_ID."""
    if oauth.oauth_mode(settings):
        app = _oauth_app(settings, service, socket_mode, redis)
    else:
        app = _single_workspace_app(settings, service, socket_mode)
    # Bolt copies the base URL into the client each request gets; set here, it reaches
    # every Web API call (passing our own client instead makes Bolt warn at each start).
    app.client.base_url = api_url(settings)
    register(app, service)
    return app


def _oauth_app(settings: Settings, service: Service, socket_mode: bool,
               redis: aioredis.Redis | None) -> FactdeskApp:
    if socket_mode:
        raise ConfigError("OAuth mode (SLACK_CLIENT_ID) serves its install pages over HTTP: "
                          "run `factdesk slack --http`.")
    if settings.slack_bot_token is not None:
        raise ConfigError("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                          "SLACK_CLIENT_SECRET (OAuth, many workspaces), not both.")
    settings.require("slack_signing_secret")
    assert settings.slack_signing_secret is not None and redis is not None
    secret = settings.slack_signing_secret.get_secret_value()
    flow = oauth.oauth_flow(settings, redis, api_url(settings))
    app = FactdeskApp(signing_secret=secret, oauth_flow=flow,
                      authorize=oauth.authorize(flow),
                      request_verification_enabled=False,
                      before_authorize=signing.SignatureCheck(secret),
                      deliveries=service.deliveries)
    app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked
    return app


def _single_workspace_app(settings: Settings, service: Service, socket_mode: bool
                          ) -> FactdeskApp:
    settings.require("slack_bot_token")
    assert settings.slack_bot_token is not None
    token = settings.slack_bot_token.get_secret_value()
    if socket_mode:
        app = FactdeskApp(token=token, request_verification_enabled=False, signing_secret="")
    else:
        settings.require("slack_signing_secret")
        assert settings.slack_signing_secret is not None
        secret = settings.slack_signing_secret.get_secret_value()
        # Bolt's own check logs a refused request's body: ours instead, at the same place
        app = FactdeskApp(token=token, signing_secret=secret,
                          request_verification_enabled=False,
                          before_authorize=signing.SignatureCheck(secret),
                          deliveries=service.deliveries)
    return app


ClientFor = Callable[[Team], Awaitable[AsyncWebClient]]


def workspace_client(app: AsyncApp) -> ClientFor:
    """The Web API client that reaches a team outside any request (digests, reminders):
    the one token's, or (OAuth mode) the team's workspace's."""
    if app.oauth_flow is None:
        async def the_one(_team: Team) -> AsyncWebClient:
            return app.client

        return the_one
    return oauth.WorkspaceClients(app.oauth_flow, app.client.base_url).client


def digest_poster(app: AsyncApp) -> DigestPost:
    """How the daily digest reaches a team (see `workspace_client`)."""
    client_for = workspace_client(app)

    async def post(team: Team, settings: TeamSettings, digest: Digest) -> None:
        await SlackSurface(Poster(await client_for(team))).post_digest(team, settings, digest)

    return post


def reminder_sender(app: AsyncApp) -> ReminderSender:
    """How a stale claim's reminder reaches its thread (see `workspace_client`)."""
    client_for = workspace_client(app)

    async def send(reminder: Reminder) -> None:
        await SlackReminders(await client_for(reminder.team)).send(reminder)

    return send


def register(app: AsyncApp, service: Service) -> None:
    """Wire factdesk's listeners into `app` (one call per feature)."""
    pacing = app.pacing if isinstance(app, FactdeskApp) else AckFirst(max_wait=0)
    inflight = app.inflight if isinstance(app, FactdeskApp) else InFlight()
    digests.register(app, service, pacing, inflight)  # before checking: its subcommands only
    verdict_group.register(app, service, pacing, inflight)  # likewise
    desk_commands.register(app, service, pacing, inflight)  # likewise
    checking.register(app, service, pacing, inflight)
    threads.register(app, service, pacing, inflight)
    full.register(app, service, pacing, inflight)
    home.register(app, service)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        # Reached only by failures outside our listeners' own handling (middleware,
        # a listener that failed before it could answer): log with a reference.
        user_message(error, log, logs.current_correlation_id())
        return None
