"""Slash commands over HTTP: acknowledged the moment their signature is checked, handled after.

A slash command's acknowledgement is an empty 200 (every `/factcheck` listener calls a
bare `ack()`): nothing in it depends on what the command asks. So the HTTP handler
answers it as soon as the signature is checked, and the rest (the replay check in Redis,
Bolt's parsing, authorization and listener matching, about 2 ms a command) runs after,
in a task of its own. A burst of a hundred commands on one front end is then answered
in the time of a hundred signature checks, not a hundred Bolt dispatches
(`bench/slack_ack.py`, `bench/scale_load.py`).

After the response: the dispatch waits until the burst's acknowledgements are out
(`AckFirst.settled`, at most a second; Slack's `trigger_id` and `response_url` stay valid
far longer), is tracked as work in flight (a stopping process finishes it), and whatever
a listener would have put in its acknowledgement (a text, blocks) reaches the user
through the command's `response_url`, as Slack shows an acknowledgement's content: only
to them. A command no listener takes is logged.

Interactive payloads (buttons, modal submissions, whose acknowledgement can carry
validation errors) and events keep the ordinary path: dispatched, then answered.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import logs
from bot.errors import user_message
from bot.inflight import InFlight
from bot.ops import metrics
from handlers.slack_app.ids import PLATFORM
from handlers.slack_app.pacing import AckFirst

log = logging.getLogger("handlers.slack_app")

#: The context key telling `FactdeskApp` that this request was answered already.
ACKNOWLEDGED = "factdesk_acknowledged"

Dispatch = Callable[[AsyncBoltRequest], Awaitable[BoltResponse]]
Admit = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Delivered:
    """A request whose signature was checked, as it came."""

    body: bytes
    query: str
    headers: Mapping[str, str]


def bolt_request_of(delivered: Delivered) -> AsyncBoltRequest | None:
    """Bolt's request, or None when the body is not a Slack form or JSON payload."""
    try:
        return AsyncBoltRequest(body=delivered.body.decode("utf-8"), query=delivered.query,
                                headers=dict(delivered.headers))
    except Exception:  # JSON, UTF-8, or a payload of the wrong shape
        return None


def is_slash_command(body: bytes) -> bool:
    """A form-encoded slash command (its `command` field), not an interactive payload."""
    return body.startswith(b"command=") or b"&command=" in body


class DeferredCommands:
    """Answers slash commands at once and dispatches them to Bolt after."""

    def __init__(self, dispatch: Dispatch, pacing: AckFirst, inflight: InFlight) -> None:
        self._dispatch = dispatch
        self._pacing = pacing
        self._inflight = inflight

    def take(self, delivered: Delivered, admit: Admit, arrived: float) -> None:
        """Start handling a signed command whose 200 is about to be sent. `admit`: the
        replay check, True when the command is new. `arrived`: its perf_counter time."""
        metrics.observe_ack(PLATFORM, time.perf_counter() - arrived)
        self._pacing.mark()
        self._inflight.spawn(self._handle(delivered, admit), name="factdesk-slack-command")

    async def _handle(self, delivered: Delivered, admit: Admit) -> None:
        await self._pacing.settled()
        with logs.check_context():
            bolt_request = bolt_request_of(delivered)
            if bolt_request is None:
                log.warning("a signed Slack command was not a Slack form; dropped it")
                return
            bolt_request.context[ACKNOWLEDGED] = True
            try:
                if not await admit():  # a replay (logged by the check)
                    return
                response = await self._dispatch(bolt_request)
                await self._deliver(bolt_request, response)
            except Exception as exc:  # the user was answered 200: the log keeps the rest
                user_message(exc, log, logs.current_correlation_id())

    async def _deliver(self, bolt_request: AsyncBoltRequest, response: BoltResponse) -> None:
        """What the listener acknowledged with, sent where Slack would have shown it."""
        if response.status != 200:
            log.warning("a Slack command was not handled (status %d): no listener took %s",
                        response.status, bolt_request.body.get("command") or "it")
            return
        if not response.body:
            return
        url = bolt_request.body.get("response_url")
        if not url:
            log.warning("a Slack command's answer had no response_url to go to")
            return
        await AsyncWebhookClient(url).send_dict(_message(response))


def _message(response: BoltResponse) -> dict[str, object]:
    """The acknowledgement as a message: Bolt sends a bare text as text/plain."""
    kinds = response.headers.get("content-type") or []
    if any(kind.startswith("application/json") for kind in kinds):
        loaded: dict[str, object] = json.loads(response.body)
        return loaded
    return {"text": response.body}

