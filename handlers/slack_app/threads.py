"""Discussing a flagged claim and settling its verdict.

"Discuss" gives the claim its own message in the channel (quote, why it is flagged, a
link back to the analysis, verdict buttons); the discussion lives in that message's
thread. The desk remembers the thread, so a second "Discuss" for the claim — from the
same analysis or a later check of the same article — points to it instead of opening
another. A verdict button records the verdict, updates the claim message and every
posted analysis showing the claim, and says so in the thread: the core's workflow
(`Service.discuss`, `Service.verdict`) through a `SlackSurface`.

Button ids carry what a press needs (`factdesk:discuss`, `factdesk:verdict:<status>`,
the claim id in `value`); the rest comes from the desk, so buttons outlive restarts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import InputError
from bot.inflight import InFlight
from bot.records import Actor, ClaimStatus, Team
from bot.service import Service
from bot.surface import VerdictOutcome
from handlers.slack_app import ids
from handlers.slack_app.cards import reason_form
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, first_action, team_of, view_metadata
from handlers.slack_app.post import Poster, open_form
from handlers.slack_app.replies import Reply
from handlers.slack_app.surface import SlackSurface

log = logging.getLogger(__name__)

NOT_A_BUTTON = "That button is not one of factdesk's. Run /factcheck again."


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight
             ) -> None:
    @app.action(ids.DISCUSS)
    @app.action(ids.DISCUSS_PICK)
    async def on_discuss(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                         respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        with inflight.track():  # a stopping app lets it finish (app.py)
            await pacing.settled()
            poster = Poster(client)
            who = actor_of(body)
            pressed = pressed_on(body)
            reply = Reply(poster, pressed.channel, who.id,
                          respond if body.get("response_url") else None)
            try:
                claim_id = picked(first_action(body))
                if not claim_id or pressed.channel is None:
                    raise InputError(NOT_A_BUTTON)
                await discuss(service, reply, team_of(body, context), who, claim_id,
                              SlackSurface(poster, pressed.channel, pressed=pressed.analysis,
                                           root=pressed.root))
            except Exception as exc:
                await reply.failure(exc)

    @app.action(re.compile(r"^factdesk:verdict:"))
    async def on_verdict(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                         respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        with inflight.track():
            await pacing.settled()
            await press_verdict(service, Poster(client), body, respond, context)

    @app.view(ids.REASON_MODAL)
    async def on_reason(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                        context: AsyncBoltContext) -> None:
        await ack()
        view = body.get("view") or {}
        meta = view_metadata(view)
        respond = AsyncRespond(response_url=meta["response_url"]) \
            if meta.get("response_url") else None
        with inflight.track():
            await pacing.settled()
            who = actor_of(body)
            poster = Poster(client)
            reply = Reply(poster, meta.get("channel"), who.id, respond)
            status = ids.verdict_status(ids.VERDICT_PREFIX + meta.get("status", ""))
            if status is None or not meta.get("claim"):
                await reply.failure(InputError(NOT_A_BUTTON))
                return
            await settle(service, SlackSurface(poster, meta.get("channel"),
                                               pressed=meta.get("pressed")),
                         reply, team_of(body, context), who, meta["claim"], status,
                         reason_of(view))


async def press_verdict(service: Service, poster: Poster, body: dict[str, Any],
                        respond: AsyncRespond, context: AsyncBoltContext) -> None:
    """A verdict button: the reason form (checked first: may this person set verdicts?),
    or, for Reopen, the claim back to open at once."""
    who = actor_of(body)
    channel = channel_of(body)
    reply = Reply(poster, channel, who.id, respond)
    pressed = (body.get("container") or {}).get("message_ts")
    surface = SlackSurface(poster, channel, pressed=pressed)
    try:
        action = first_action(body)
        status = ids.verdict_status(str(action.get("action_id") or ""))
        claim_id = str(action.get("value") or "")
        if status is None or not claim_id:
            raise InputError(NOT_A_BUTTON)
        team = team_of(body, context)
        if status is not ClaimStatus.OPEN:
            await service.check_verdict_right(team, who, surface)
            await open_form(poster.client, body["trigger_id"], reason_form(
                claim_id, status, {"channel": channel, "pressed": pressed,
                                   "response_url": body.get("response_url")}))
            return
    except Exception as exc:
        await reply.failure(exc)
        return
    await settle(service, surface, reply, team, who, claim_id, status, None)


async def settle(service: Service, surface: SlackSurface, reply: Reply, team: Team,
                 who: Actor, claim_id: str, status: ClaimStatus, reason: str | None) -> None:
    """The core saves the verdict and shows it wherever the claim is."""
    try:
        outcome = await service.verdict(team, claim_id, status, who, surface, reason)
    except Exception as exc:
        await reply.failure(exc)
        return
    if outcome.missed:
        await reply.ephemeral(not_shown_note(outcome))


def reason_of(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(ids.REASON_BLOCK) or {}).get(ids.REASON_ACTION) or {}
    return str(found.get("value") or "").strip() or None




@dataclass(frozen=True)
class Pressed:
    """Where a press happened: the analysis message (and its thread), or, pressed in the
    full-analysis modal, the analysis it shows (from the modal's metadata)."""

    channel: str | None
    analysis: str | None
    root: str | None


def pressed_on(body: dict[str, Any]) -> Pressed:
    view = body.get("view")
    if isinstance(view, dict):  # in a modal
        meta = view_metadata(view)
        return Pressed(meta.get("channel"), meta.get("analysis"), meta.get("root"))
    message = body.get("message") or {}
    container = body.get("container") or {}
    root = message.get("thread_ts") or container.get("thread_ts")
    analysis = container.get("message_ts") or message.get("ts")
    return Pressed(channel_of(body), analysis, root if root != analysis else None)


def picked(action: dict[str, Any]) -> str:
    """The claim id of a Discuss button (its value) or of the menu (the option picked)."""
    option = action.get("selected_option") or {}
    return str(action.get("value") or option.get("value") or "")


async def discuss(service: Service, reply: Reply, team: Team, who: Actor, claim_id: str,
                  surface: SlackSurface) -> None:
    """Open the claim's thread under the analysis, or point to the one it has; either
    way the person who pressed is told privately, with a link."""
    opened = await service.discuss(team, claim_id, who, surface)
    thread = opened.thread
    where = f"<{thread.url}|open it>" if thread.url else f"in <#{thread.channel}>"
    if opened.created:
        await reply.ephemeral(f"Discussion opened under the analysis: {where}. Talk it "
                              "through there, then set the verdict on the claim's card.")
        return
    await reply.ephemeral(f"This claim is already being discussed: {where}.")


def not_shown_note(outcome: VerdictOutcome) -> str:
    """What the person who set a verdict is told when it is saved but not all shown."""
    return (f"Verdict saved: *{outcome.claim.status.label}*. These could not be updated to "
            f"show it (deleted, or in an archived channel?): {', '.join(outcome.missed)}.")
