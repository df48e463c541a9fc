"""OAuth mode: factdesk installed into many workspaces through Bolt's own OAuth flow.

`/slack/install` starts an install and `/slack/oauth_redirect` finishes it (Bolt's
`AsyncOAuthFlow`: its state is kept in Redis for ten minutes and tied to the browser
by a cookie). The workspace's bot token goes into the core's encrypted
`bot.installations` under the team's hash tag; every request is then authorized with
the calling workspace's own token (Bolt's installation-store authorization, so each
listener's `client` is that workspace's); `app_uninstalled` and `tokens_revoked`
delete it (Bolt's token revocation listeners). factdesk is installed per workspace: an
Enterprise Grid organization-wide install is refused with a page that says so.
"""

from __future__ import annotations

import html
import logging
import secrets
from typing import Any

import redis.asyncio as aioredis
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncFailureArgs
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.installations import STATE_SECONDS, Installations, OAuthStates, cipher
from bot.records import Team
from bot.scheduler import DigestUndeliverable
from bot.settings import Settings
from handlers.slack_app.ids import PLATFORM

log = logging.getLogger("handlers.slack_app")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# what the manifest asks for (handlers/slack_app/manifest.yaml, `oauth_config.scopes.bot`)
BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "users:read", "usergroups:read",
              "files:write", "channels:read", "groups:read", "im:write"]
ORG_INSTALL_REFUSED = (
    "factdesk is installed one workspace at a time. This was an organization-wide "
    "(Enterprise Grid) install, which factdesk does not support: nothing was installed. "
    "Ask an admin to install factdesk into each workspace that needs it instead."
)
NOT_INSTALLED = ("factdesk is no longer installed in this workspace, so its digest cannot "
                 "be posted: install it again from the install page.")
_BOT_FIELDS = ("app_id", "enterprise_id", "enterprise_name", "team_id", "team_name",
               "bot_token", "bot_id", "bot_user_id", "is_enterprise_install", "installed_at")


class OrgInstallRefusedError(BoltError):
    """An organization-wide install: refused before anything is stored."""


class RedisInstallationStore(AsyncInstallationStore):
    """Bolt's installation store on the core's encrypted `Installations`; bot tokens only
    (factdesk asks for no user scopes)."""

    def __init__(self, installations: Installations) -> None:
        self._installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        if bot.is_enterprise_install or not bot.team_id:
            raise OrgInstallRefusedError(ORG_INSTALL_REFUSED)
        record = {name: getattr(bot, name) for name in _BOT_FIELDS}
        record["bot_scopes"] = list(bot.bot_scopes or [])
        await self._installations.save(_team(bot.team_id), record)
        log.info("factdesk installed in Slack workspace %s", bot.team_id)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        if is_enterprise_install or not team_id:
            return None
        record = await self._installations.find(_team(team_id))
        return None if record is None else Bot(**record)

    async def async_find_installation(self, *, enterprise_id: str | None,
                                      team_id: str | None, user_id: str | None = None,
                                      is_enterprise_install: bool | None = False
                                      ) -> Installation | None:
        return None  # no user tokens are kept; Bolt asks `async_find_bot` (bot only)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        if team_id and await self._installations.delete(_team(team_id)):
            log.info("factdesk uninstalled from Slack workspace %s", team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None,
                                        team_id: str | None, user_id: str | None = None
                                        ) -> None:
        if user_id is None:
            await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)


class RedisStateStore(AsyncOAuthStateStore):
    def __init__(self, states: OAuthStates) -> None:
        self._states = states

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self._states.issue(state)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._states.consume(state)


def oauth_mode(settings: Settings) -> bool:
    return bool(settings.slack_client_id)


def oauth_flow(settings: Settings, client: aioredis.Redis, api_url: str) -> AsyncOAuthFlow:
    """Bolt's OAuth flow for factdesk (ConfigError names a missing setting)."""
    settings.require("slack_client_id", "slack_client_secret", "token_key")
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    store = RedisInstallationStore(Installations(client, cipher(settings)))
    oauth_settings = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=BOT_SCOPES, user_scopes=[], redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        installation_store=store, installation_store_bot_only=True,
        state_store=RedisStateStore(OAuthStates(client)),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=AsyncCallbackOptions(success=_succeeded, failure=_failed),
        logger=log,
    )
    return AsyncOAuthFlow(client=AsyncWebClient(base_url=api_url), logger=log,
                          settings=oauth_settings)


def authorize(flow: AsyncOAuthFlow) -> AsyncInstallationStoreAuthorize:
    """Bolt's authorization from the installation store, the workspace's token looked up
    at every request (an uninstalled workspace is refused at once) but Slack's answer to
    `auth.test` for that token remembered, so acknowledging a command waits on no call
    to Slack."""
    settings = flow.settings
    return AsyncInstallationStoreAuthorize(
        installation_store=settings.installation_store, client_id=settings.client_id,
        client_secret=settings.client_secret, logger=log, bot_only=True, cache_enabled=True,
    )


async def _succeeded(args: Any) -> BoltResponse:
    response: BoltResponse = await args.default.success(args)
    return response


async def _failed(args: AsyncFailureArgs) -> BoltResponse:
    if isinstance(args.error, OrgInstallRefusedError):
        page = ("<!DOCTYPE html><html><head><title>factdesk</title></head><body><p>"
                f"{html.escape(ORG_INSTALL_REFUSED)}</p></body></html>")
        return BoltResponse(status=400, body=page,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    log.warning("a Slack install failed: %s", args.reason)
    response: BoltResponse = await args.default.failure(args)
    return response


def add_routes(web_app: web.Application, flow: AsyncOAuthFlow) -> None:
    """Serve the install page and the redirect back from Slack (GET, unsigned: what
    makes them safe is the state, checked by Bolt against Redis and the browser)."""

    async def install(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await flow.handle_installation(_bolt(request)))

    async def redirected(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await flow.handle_callback(_bolt(request)))

    web_app.router.add_get(INSTALL_PATH, install)
    web_app.router.add_get(REDIRECT_PATH, redirected)


def _bolt(request: web.Request) -> AsyncBoltRequest:
    return AsyncBoltRequest(body="", query=request.query_string, headers=dict(request.headers))


class WorkspaceClients:
    """A Web API client with a workspace's own token, for what no request carries (the
    daily digest)."""

    def __init__(self, flow: AsyncOAuthFlow, api_url: str) -> None:
        self._store = flow.settings.installation_store
        self._api_url = api_url

    async def client(self, team: Team) -> AsyncWebClient:
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team.id)
        if bot is None:  # the scheduler keeps this for the team and tries again tomorrow
            raise DigestUndeliverable(NOT_INSTALLED, "not_installed")
        return AsyncWebClient(token=bot.bot_token, base_url=self._api_url)


def _team(team_id: str) -> Team:
    return Team(platform=PLATFORM, id=team_id)
