"""OAuth mode: factdesk installed into two workspaces through Bolt's OAuth flow, each
answered with its own token; an uninstall removes the workspace's installation; an
Enterprise Grid organization install is refused. The real app over HTTP, the fake Slack
Web API (`oauth.v2.access`, `auth.test` per token), a real Redis (and Cluster)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp

from bot import keys
from bot.errors import ConfigError
from bot.records import Team, TeamSettings
from bot.redis_conn import RedisHandle
from bot.scheduler import DigestScheduler
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import oauth as oauth_module
from handlers.slack_app.app import build_app, digest_poster
from handlers.slack_app.oauth import BOT_SCOPES, ORG_INSTALL_REFUSED
from tests.support.fake_slack import FakeSlack, fake_slack, serve_app
from tests.support.slack_oauth import install
from tests.support.slack_signing import SECRET, SlackDriver, signed_headers
from tests.support.slow_model import article

KEY = Fernet.generate_key().decode()


@dataclass
class Installer:
    """A browser going through the install, and Slack sending the workspaces' requests."""

    base: str  # the app's address
    events: str
    session: aiohttp.ClientSession
    fake: FakeSlack
    app: AsyncApp

    async def install(self, code: str) -> tuple[int, str]:
        """Open /slack/install, follow Slack's authorize link back with `code`."""
        done = await install(self.session, self.base, code)
        if done.authorize_query:
            assert done.authorize_query["client_id"] == ["111.222"]
            assert done.authorize_query["scope"][0].split(",")[:2] == ["commands", "chat:write"]
            assert done.cookie_secure
        return done.status, done.page

    def driver(self, team: str) -> SlackDriver:
        return SlackDriver(url=self.events, session=self.session,
                           response_url=self.fake.response_url, team=team)

    async def event(self, team: str, event: dict[str, object]) -> int:
        body = json.dumps({"token": "legacy-unused", "team_id": team, "api_app_id": "AFACT",
                           "type": "event_callback", "event": event,
                           "event_id": f"Ev{team}{time.time_ns()}",
                           "event_time": int(time.time())})
        headers = {**signed_headers(body, SECRET), "Content-Type": "application/json"}
        async with self.session.post(self.events, data=body.encode(), headers=headers) as r:
            return r.status


@asynccontextmanager
async def oauth_app(settings: Settings, service: Service, handle: RedisHandle
                    ) -> AsyncIterator[Installer]:
    async with fake_slack() as fake:
        app = build_app(settings.model_copy(update={
            "slack_api_url": fake.api_url, "slack_client_id": "111.222",
            "slack_client_secret": SecretStr("client-secret"),
            "slack_signing_secret": SecretStr(SECRET), "token_key": SecretStr(KEY),
        }), service, redis=handle.client)
        async with serve_app(app) as events, aiohttp.ClientSession() as session:
            yield Installer(events.removesuffix("/slack/events"), events, session, fake, app)


def desk(team: str) -> Team:
    return Team(platform="slack", id=team)


async def stored(handle: RedisHandle, team: str) -> bytes | None:
    value: bytes | None = await handle.client.get(keys.installation(desk(team)))
    return value


async def test_two_workspaces_install_and_are_each_answered_with_their_own_token(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    async with oauth_app(redis_settings, service, handle) as slack:
        for team in ("T0AAA", "T0BBB"):
            status, page = await slack.install(f"code-{team}")
            assert status == 200, page
            sealed = await stored(handle, team)
            assert sealed is not None and b"xoxb-" not in sealed  # encrypted at rest
        exchanges = slack.fake.of("oauth.v2.access")
        assert [c["code"] for c in exchanges] == ["code-T0AAA", "code-T0BBB"]
        basic = base64.b64encode(b"111.222:client-secret").decode()
        assert {c.token for c in exchanges} == {f"Basic {basic}"}  # the app's credentials

        for n, team in enumerate(("T0AAA", "T0BBB")):
            answer = await slack.driver(team).command(article(40 + n))
            assert answer.status == 200
        updates = await slack.fake.wait_for("chat.update", count=2, within=60)
        posted = {c.token for c in slack.fake.of("chat.postMessage")}
        assert posted == {"xoxb-T0AAA", "xoxb-T0BBB"}
        assert {c.token for c in updates} == {"xoxb-T0AAA", "xoxb-T0BBB"}
        for team in ("T0AAA", "T0BBB"):  # each check recorded on its own team's desk
            assert await handle.client.zcard(keys.checks_by_time(desk(team))) == 1


async def test_each_workspaces_digest_is_posted_with_its_own_token(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    daily = TeamSettings(digest_channel="C0DIGEST", digest_hour=0, timezone="UTC")
    async with oauth_app(redis_settings, service, handle) as slack:
        for team in ("T0AAA", "T0BBB"):
            assert (await slack.install(f"code-{team}"))[0] == 200
            await service.save_team_settings(desk(team), daily)
        await service.save_team_settings(desk("T0GONE"), daily)  # never installed
        scheduler = DigestScheduler(handle.client, service.desk, digest_poster(slack.app),
                                    platform="slack")
        now = datetime.now(UTC).replace(hour=8) + timedelta(days=1)
        await scheduler.run_due(now)
        posted = slack.fake.of("chat.postMessage")
        problem = await service.desk.digest_problem(desk("T0GONE"))
    assert sorted(c.token or "" for c in posted) == ["xoxb-T0AAA", "xoxb-T0BBB"]
    assert all(c["channel"] == "C0DIGEST" for c in posted)
    assert problem is not None and "no longer installed" in problem.reason


async def test_an_uninstall_removes_the_workspaces_installation(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    async with oauth_app(redis_settings, service, handle) as slack:
        for team in ("T0AAA", "T0BBB"):
            assert (await slack.install(f"code-{team}"))[0] == 200
        assert await slack.event("T0AAA", {"type": "app_uninstalled"}) == 200
        deadline = time.monotonic() + 10
        while await stored(handle, "T0AAA") is not None:
            assert time.monotonic() < deadline, "the installation was not removed"
            await asyncio.sleep(0.02)
        assert await stored(handle, "T0BBB") is not None  # the other workspace keeps its
        assert (await slack.driver("T0AAA").command(article(50))).status == 200
        told = await slack.fake.wait_for("respond")  # Bolt says so through response_url
        assert "reinstall" in told[0]["text"]
        assert not slack.fake.of("chat.postMessage")  # nothing analyzed or posted


async def test_revoked_bot_tokens_remove_the_installation(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    async with oauth_app(redis_settings, service, handle) as slack:
        assert (await slack.install("code-T0CCC"))[0] == 200
        event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
        assert await slack.event("T0CCC", event) == 200
        deadline = time.monotonic() + 10
        while await stored(handle, "T0CCC") is not None:
            assert time.monotonic() < deadline, "the installation was not removed"
            await asyncio.sleep(0.02)


async def test_an_organization_wide_install_is_refused_and_nothing_stored(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    async with oauth_app(redis_settings, service, handle) as slack:
        status, page = await slack.install("org-E0ORG")
    assert status == 400
    assert "organization-wide (Enterprise Grid) install" in page
    assert ORG_INSTALL_REFUSED.split(".")[0] in page
    assert await stored(handle, "E0ORG") is None


async def test_an_install_without_the_browsers_state_is_refused(
        redis_settings: Settings, service: Service, handle: RedisHandle) -> None:
    async with oauth_app(redis_settings, service, handle) as slack:
        query = urlencode({"code": "code-T0DDD", "state": "made-up"})
        async with slack.session.get(f"{slack.base}/slack/oauth_redirect?{query}") as done:
            status = done.status
    assert status in (400, 401)
    assert await stored(handle, "T0DDD") is None
    assert not slack.fake.of("oauth.v2.access")


def test_oauth_mode_wants_http_one_mode_and_a_valid_key(
        redis_settings: Settings, service: Service) -> None:
    oauth = redis_settings.model_copy(update={
        "slack_client_id": "111.222", "slack_client_secret": SecretStr("s"),
        "slack_signing_secret": SecretStr(SECRET), "token_key": SecretStr(KEY)})
    with pytest.raises(ConfigError, match="factdesk slack --http"):
        build_app(oauth, service, socket_mode=True)
    with pytest.raises(ConfigError, match="not both"):
        build_app(oauth.model_copy(update={"slack_bot_token": SecretStr("xoxb-1")}), service)
    with pytest.raises(ConfigError, match="not a Fernet key"):
        build_app(oauth.model_copy(update={"token_key": SecretStr("short")}), service,
                  redis=object())  # type: ignore[arg-type]


def test_the_manifest_and_the_oauth_flow_ask_for_the_same_scopes() -> None:
    manifest = Path(oauth_module.__file__).with_name("manifest.yaml").read_text("utf-8")
    bot_scopes = manifest.split("    bot:\n")[1].split("settings:")[0]
    listed = [line.split("#")[0].strip().removeprefix("- ")
              for line in bot_scopes.splitlines() if line.strip().startswith("- ")]
    assert listed == BOT_SCOPES
    for oauth_line in ("/slack/oauth_redirect", "app_uninstalled", "tokens_revoked"):
        assert oauth_line in manifest
