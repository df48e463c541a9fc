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
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot import logs
from bot.errors import ConfigError, user_message
from bot.inflight import InFlight
from bot.ops import metrics
from bot.replay import Deliveries
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import checking, desk_commands, digests, home, signing, threads
from handlers.slack_app.pacing import AckFirst

log = logging.getLogger("handlers.slack_app")

PLATFORM = "slack"


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
        return signing.web_app(self, self.secret, path, self.deliveries)

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
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


def build_app(settings: Settings, service: Service, *, socket_mode: bool = False) -> AsyncApp:
    """The app with every factdesk listener; ConfigError names a missing variable."""
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
    # Bolt copies the base URL into the client each request gets; set here, it reaches
    # every Web API call (passing our own client instead makes Bolt warn at each start).
    app.client.base_url = api_url(settings)
    register(app, service)
    return app


def register(app: AsyncApp, service: Service) -> None:
    """Wire factdesk's listeners into `app` (one call per feature)."""
    pacing = app.pacing if isinstance(app, FactdeskApp) else AckFirst(max_wait=0)
    inflight = app.inflight if isinstance(app, FactdeskApp) else InFlight()
    digests.register(app, service, pacing, inflight)  # before checking: its subcommands only
    desk_commands.register(app, service, pacing, inflight)  # likewise
    checking.register(app, service, pacing, inflight)
    threads.register(app, service, pacing, inflight)
    home.register(app, service)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        # Reached only by failures outside our listeners' own handling (middleware,
        # a listener that failed before it could answer): log with a reference.
        user_message(error, log, logs.current_correlation_id())
        return None
