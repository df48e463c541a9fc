"""Checking: `/factcheck <link or text>`, `/factcheck` alone (a modal), and the
"Fact-check this message" shortcut.

Each one acknowledges Slack at once (Slack gives three seconds; an analysis takes
longer), posts a visible "checking …" placeholder, makes the one `service.check` call,
and replaces the placeholder with the rendered analysis. Where the analysis was posted
is recorded on the desk, so a verdict can update it later (the core's workflow,
`Service.check_and_show`, through a `SlackSurface`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import InputError
from bot.inflight import InFlight
from bot.records import Actor, Place, Team
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.cards import describe_input, modal, placeholder
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, team_of, view_metadata
from handlers.slack_app.post import Poster, open_form
from handlers.slack_app.replies import Reply
from handlers.slack_app.surface import SlackSurface
from handlers.slack_app.text import from_slack

log = logging.getLogger(__name__)

NO_CHANNEL = "I can't tell which conversation this came from; run /factcheck in a channel."
EMPTY_MESSAGE = "That message has no text or link I can check."
MODAL_EMPTY = "Paste a link or the article's text."
MODAL_BOTH = "Give either a link or the article's text, not both."


@dataclass(frozen=True)
class CheckRequest:
    team: Team
    who: Actor
    channel: str
    raw: str
    thread_ts: str | None = None


async def run_check(service: Service, poster: Poster, reply: Reply, request: CheckRequest) -> None:
    """Placeholder, then the core's check → show → record through a `SlackSurface` that
    replaces the placeholder. Failures go to the user privately."""
    try:
        ts = await poster.post(
            request.channel, placeholder(describe_input(request.raw), request.who.label),
            thread_ts=request.thread_ts,
        )
    except Exception as exc:
        await reply.failure(exc)
        return
    try:
        result = await service.check_and_show(
            request.team, request.raw, request.who,
            Place(channel=request.channel, message=request.thread_ts),
            SlackSurface(poster, request.channel, placeholder=ts),
        )
        log.info("check %s posted in %s", result.check.id if result.check else "(not saved)",
                 request.channel)
    except Exception as exc:
        await poster.delete(request.channel, ts)
        await reply.failure(exc)


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight) -> None:
    @app.command(ids.COMMAND)
    async def on_command(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                         respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        poster = Poster(client)
        who = actor_of(body)
        channel = channel_of(body)
        reply = Reply(poster, channel, who.id, respond)
        text = from_slack(str(body.get("text") or "")).strip()
        if channel is None:
            await reply.failure(InputError(NO_CHANNEL))
            return
        if not text:
            try:
                await open_form(client, body["trigger_id"], modal(channel))
            except Exception as exc:
                await reply.failure(exc)
            return
        await pacing.settled()
        with inflight.track():
            await run_check(service, poster, reply,
                            CheckRequest(team_of(body, context), who, channel, text))

    @app.view(ids.MODAL)
    async def on_modal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext) -> None:
        view = body.get("view") or {}
        link, text = modal_input(view)
        if not link and not text:
            await ack(response_action="errors", errors={ids.LINK_BLOCK: MODAL_EMPTY})
            return
        if link and text:
            await ack(response_action="errors", errors={ids.LINK_BLOCK: MODAL_BOTH})
            return
        await ack()
        meta = view_metadata(view)
        poster = Poster(client)
        who = actor_of(body)
        channel = meta.get("channel")
        reply = Reply(poster, channel, who.id, thread_ts=meta.get("thread"))
        if not channel:
            await reply.failure(InputError(NO_CHANNEL))
            return
        await pacing.settled()
        with inflight.track():
            await run_check(service, poster, reply, CheckRequest(
                team_of(body, context), who, channel, link or text, meta.get("thread")))

    @app.shortcut(ids.SHORTCUT)
    async def on_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                          respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        poster = Poster(client)
        who = actor_of(body)
        channel = channel_of(body)
        message = body.get("message") or {}
        thread_ts = message.get("thread_ts") or message.get("ts")
        reply = Reply(poster, channel, who.id, respond, thread_ts)
        text = from_slack(str(message.get("text") or "")).strip()
        if channel is None:
            await reply.failure(InputError(NO_CHANNEL))
            return
        if not text:
            await reply.failure(InputError(EMPTY_MESSAGE))
            return
        await pacing.settled()
        with inflight.track():
            await run_check(service, poster, reply,
                            CheckRequest(team_of(body, context), who, channel, text, thread_ts))


def modal_input(view: dict[str, Any]) -> tuple[str, str]:
    """The modal's link and its text parts joined in order (empty strings if not given)."""
    values = (view.get("state") or {}).get("values") or {}

    def value(block: str, action: str) -> str:
        found = (values.get(block) or {}).get(action) or {}
        return str(found.get("value") or "")

    link = value(ids.LINK_BLOCK, ids.LINK_ACTION).strip()
    parts = [value(ids.text_block(n), ids.TEXT_ACTION) for n in range(1, ids.TEXT_PARTS + 1)]
    text = "\n".join(part for part in parts if part.strip()).strip()
    return link, text
