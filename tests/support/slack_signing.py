"""Requests to our Slack app signed the way Slack signs them, and Slack's payloads.

Slack sends `X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=<hex>`, the
HMAC-SHA256 with the app's signing secret of `v0:{timestamp}:{body}`. Commands come
form-encoded; interactions (buttons, shortcuts, modal submissions) as a form field
`payload` holding JSON. The payloads here carry the fields our handlers and Bolt read.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from bot.records import ClaimStatus
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import ids
from handlers.slack_app.app import FactdeskApp, build_app
from tests.support.fake_slack import TEAM_ID, FakeSlack, fake_slack, serve_app

SECRET = "test-signing-secret"
_TRIGGERS = itertools.count(42)  # one trigger id per request, as Slack gives




def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: str, secret: str = SECRET, timestamp: int | None = None
                   ) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
    }


@dataclass
class Answer:
    status: int
    text: str
    seconds: float


@dataclass
class SlackUser:
    id: str = "U0ANA"
    name: str = "ana"


@dataclass
class SlackDriver:
    """Plays Slack towards the app at `url`: one method per kind of request."""

    url: str
    session: aiohttp.ClientSession
    secret: str = SECRET
    team: str = TEAM_ID
    channel: str = "C0NEWS"
    user: SlackUser = field(default_factory=SlackUser)
    response_url: str = ""
    last_trigger: str = ""  # the trigger id of the latest request made

    def next_trigger(self) -> str:
        """Slack gives every command and interaction a trigger id of its own: two
        requests are never the same bytes (a replay is: handlers.slack_app.signing)."""
        self.last_trigger = f"1337.{next(_TRIGGERS)}.trigger"
        return self.last_trigger

    async def send(self, body: str, headers: dict[str, str] | None = None) -> Answer:
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(),
                                     headers=headers or signed_headers(body, self.secret)
                                     ) as response:
            text = await response.text()
        return Answer(response.status, text, time.perf_counter() - started)

    def command_body(self, text: str, command: str = "/factcheck") -> str:
        return urlencode({
            "token": "legacy-unused", "team_id": self.team, "team_domain": "factdesk-test",
            "channel_id": self.channel, "channel_name": "newsdesk", "user_id": self.user.id,
            "user_name": self.user.name, "command": command, "text": text,
            "api_app_id": "AFACT", "response_url": self.response_url,
            "trigger_id": self.next_trigger(),
        })

    async def command(self, text: str) -> Answer:
        return await self.send(self.command_body(text))

    async def interact(self, payload: dict[str, Any]) -> Answer:
        return await self.send(urlencode({"payload": json.dumps(payload)}))

    def _base(self, kind: str) -> dict[str, Any]:
        return {
            "type": kind,
            "team": {"id": self.team, "domain": "factdesk-test"},
            "user": {"id": self.user.id, "username": self.user.name, "name": self.user.name,
                     "team_id": self.team},
            "api_app_id": "AFACT",
            "token": "legacy-unused",
            "trigger_id": self.next_trigger(),
        }

    async def press(self, action_id: str, value: str, message_ts: str,
                    channel: str | None = None) -> Answer:
        channel = channel or self.channel
        payload = self._base("block_actions") | {
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": False},
            "channel": {"id": channel, "name": "newsdesk"},
            "message": {"type": "message", "ts": message_ts, "text": "…", "user": "UBOT"},
            "response_url": self.response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b",
                         "value": value, "text": {"type": "plain_text", "text": "x"},
                         "action_ts": "1700000001.000001"}],
        }
        return await self.interact(payload)

    async def pick(self, action_id: str, value: str, message_ts: str) -> Answer:
        """Choose an option of a menu (a static select) on a message."""
        payload = self._base("block_actions") | {
            "container": {"type": "message", "message_ts": message_ts,
                          "channel_id": self.channel, "is_ephemeral": False},
            "channel": {"id": self.channel, "name": "newsdesk"},
            "message": {"type": "message", "ts": message_ts, "text": "…", "user": "UBOT"},
            "response_url": self.response_url,
            "actions": [{"type": "static_select", "action_id": action_id, "block_id": "b",
                         "selected_option": {"value": value,
                                             "text": {"type": "plain_text", "text": "x"}},
                         "action_ts": "1700000001.000003"}],
        }
        return await self.interact(payload)

    async def press_in_view(self, action_id: str, value: str, view: dict[str, Any]
                            ) -> Answer:
        """Press a button inside an open modal (`view` as we opened it, with its id);
        Slack sends the view, not a channel or a response URL."""
        payload = self._base("block_actions") | {
            "container": {"type": "view", "view_id": view.get("id", "VFACT")},
            "view": {"id": view.get("id", "VFACT"), "type": "modal", "hash": "h1",
                     "callback_id": view["callback_id"],
                     "private_metadata": view["private_metadata"], "team_id": self.team,
                     "blocks": view["blocks"], "state": {"values": {}}},
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b",
                         "value": value, "text": {"type": "plain_text", "text": "x"},
                         "action_ts": "1700000001.000004"}],
        }
        return await self.interact(payload)

    async def shortcut(self, callback_id: str, text: str, ts: str = "1690000000.000100"
                       ) -> Answer:
        payload = self._base("message_action") | {
            "callback_id": callback_id,
            "action_ts": "1700000001.000002",
            "message_ts": ts,
            "channel": {"id": self.channel, "name": "newsdesk"},
            "message": {"type": "message", "user": "U0OTHER", "ts": ts, "text": text},
            "response_url": self.response_url,
        }
        return await self.interact(payload)

    async def submit(self, callback_id: str, values: dict[str, dict[str, Any]],
                     private_metadata: str) -> Answer:
        payload = self._base("view_submission") | {
            "view": {"id": "VFACT", "type": "modal", "callback_id": callback_id,
                     "private_metadata": private_metadata, "team_id": self.team,
                     "state": {"values": values}, "hash": "h"},
        }
        return await self.interact(payload)


@dataclass
class Scenario:
    """Our real app over HTTP, the fake Slack it talks to, and a driver playing Slack."""

    fake: FakeSlack
    driver: SlackDriver
    service: Service
    app: FactdeskApp


@asynccontextmanager
async def slack_scenario(settings: Settings, service: Service) -> AsyncIterator[Scenario]:
    """Start the fake Slack, build the app as `factdesk slack --http` does, serve it."""
    async with fake_slack() as fake:
        app_settings = settings.model_copy(update={
            "slack_api_url": fake.api_url,
            "slack_bot_token": SecretStr("xoxb-test-token"),
            "slack_signing_secret": SecretStr(SECRET),
        })
        app = build_app(app_settings, service)
        assert isinstance(app, FactdeskApp)
        async with serve_app(app) as url, aiohttp.ClientSession() as session:
            driver = SlackDriver(url=url, session=session, response_url=fake.response_url)
            yield Scenario(fake=fake, driver=driver, service=service, app=app)


async def give_verdict(slack: Scenario, status: ClaimStatus, claim_id: str, card_ts: str,
                       reason: str = "The port authority's filing says otherwise.") -> Answer:
    """Press a verdict button on the card, then fill in its reason form and submit it."""
    forms = len(slack.fake.of("views.open"))
    pressed = await slack.driver.press(ids.verdict_action(status), claim_id, card_ts)
    form = (await slack.fake.wait_for("views.open", count=forms + 1))[forms]
    view = form["view"] if isinstance(form["view"], dict) else json.loads(form["view"])
    assert view["callback_id"] == ids.REASON_MODAL
    await slack.driver.submit(ids.REASON_MODAL, {ids.REASON_BLOCK: {ids.REASON_ACTION: {
        "type": "plain_text_input", "value": reason}}}, view["private_metadata"])
    return pressed
