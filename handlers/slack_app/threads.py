"""Discussing a flagged claim and settling its verdict.

"Discuss" gives the claim its own message in the channel (quote, why it is flagged, a
link back to the analysis, verdict buttons); the discussion lives in that message's
thread. The desk remembers the thread, so a second "Discuss" for the claim — from the
same analysis or a later check of the same article — points to it instead of opening
another. A verdict button records the verdict, updates the claim message and every
posted analysis showing the claim, and says so in the thread.

Button ids carry what a press needs (`factdesk:discuss`, `factdesk:verdict:<status>`,
the claim id in `value`); the rest comes from the desk, so buttons outlive restarts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import CheckError, InputError
from bot.inflight import InFlight
from bot.records import Actor, CheckResult, FlaggedClaim, Team, ThreadRef
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.cards import claim_card, verdict_note
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, first_action, team_of
from handlers.slack_app.post import Poster
from handlers.slack_app.render import Message, render_check
from handlers.slack_app.replies import Reply
from handlers.slack_app.text import escape

log = logging.getLogger(__name__)

NOT_A_BUTTON = "That button is not one of factdesk's. Run /factcheck again."


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight
             ) -> None:
    @app.action(ids.DISCUSS)
    async def on_discuss(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                         respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        with inflight.track():  # a stopping app lets it finish (app.py)
            await pacing.settled()
            poster = Poster(client)
            who = actor_of(body)
            channel = channel_of(body)
            reply = Reply(poster, channel, who.id, respond)
            try:
                claim_id = str(first_action(body).get("value") or "")
                if not claim_id or channel is None:
                    raise InputError(NOT_A_BUTTON)
                analysis_ts = (body.get("container") or {}).get("message_ts")
                await discuss(service, poster, reply, team_of(body, context), who, claim_id,
                              channel, analysis_ts)
            except Exception as exc:
                await reply.failure(exc)

    @app.action(re.compile(r"^factdesk:verdict:"))
    async def on_verdict(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                         respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        with inflight.track():
            await pacing.settled()
            await settle(service, Poster(client), body, respond, context)


async def settle(service: Service, poster: Poster, body: dict[str, Any],
                 respond: AsyncRespond, context: AsyncBoltContext) -> None:
    """A verdict button: save the verdict, then show it wherever the claim is."""
    who = actor_of(body)
    reply = Reply(poster, channel_of(body), who.id, respond)
    try:
        action = first_action(body)
        status = ids.verdict_status(str(action.get("action_id") or ""))
        claim_id = str(action.get("value") or "")
        if status is None or not claim_id:
            raise InputError(NOT_A_BUTTON)
        team = team_of(body, context)
        claim = await service.set_verdict(team, claim_id, status, who)
    except Exception as exc:
        await reply.failure(exc)
        return
    # saved: from here on nothing may read as "not saved", whatever fails to show it
    missed = await show_verdict(service, poster, team, claim, who, body)
    if missed:
        await reply.ephemeral(not_shown_note(claim, missed))


async def discuss(service: Service, poster: Poster, reply: Reply, team: Team, who: Actor,
                  claim_id: str, channel: str, analysis_ts: str | None) -> None:
    """Open the claim's thread, or point the user to the one it already has."""

    async def create(claim: FlaggedClaim) -> ThreadRef:
        link = await poster.permalink(channel, analysis_ts) if analysis_ts else None
        ts = await poster.post(channel, claim_card(claim, link))
        url = await poster.permalink(channel, ts)
        return ThreadRef(platform="slack", channel=channel, thread=ts, url=url)

    thread, created = await service.open_thread(team, claim_id, create)
    if created:
        note = (f"{escape(who.label)} opened this discussion. Talk it through here, then "
                "set the verdict with the buttons above.")
        await poster.post(thread.channel, Message(text=note, blocks=[]), thread_ts=thread.thread)
        return
    where = f"<{thread.url}|open the thread>" if thread.url else f"in <#{thread.channel}>"
    await reply.ephemeral(f"This claim is already being discussed: {where}.")


async def show_verdict(service: Service, poster: Poster, team: Team, claim: FlaggedClaim,
                       who: Actor, body: dict[str, Any]) -> list[str]:
    """After a saved verdict: the claim message, the analyses showing it, a note in the
    thread. Each step is on its own: one failing (a message deleted, a channel archived,
    a rate limit) is logged and the others still run. Returns what could not be shown."""
    missed: list[str] = []
    try:
        views = await service.checks_showing(team, claim.id)
    except Exception as exc:  # the analyses catch up on the next verdict
        _log_missed(f"the analyses of claim {claim.id}", exc)
        views = []
    try:
        link = await _analysis_link(poster, views)
    except Exception as exc:  # the card goes without its link back
        _log_missed("the link to the analysis", exc)
        link = None
    container = body.get("container") or {}
    channel = claim.thread.channel if claim.thread else container.get("channel_id")
    card_ts = claim.thread.thread if claim.thread else container.get("message_ts")
    if channel and card_ts and not await _shown(
            f"claim message {card_ts} in {channel}",
            poster.update(channel, card_ts, claim_card(claim, link))):
        missed.append("the claim message")
    analyses = 0
    for view in views:
        place = view.check.result_message if view.check else None
        if place is None or not place.message:
            continue
        if not await _shown(f"analysis {place.message} in {place.channel}",
                            poster.update(place.channel, place.message, render_check(view))):
            analyses += 1
    if analyses:
        missed.append("1 analysis showing it" if analyses == 1
                      else f"{analyses} analyses showing it")
    if channel and card_ts:
        note = Message(text=verdict_note(claim, who.label), blocks=[])
        if not await _shown(f"the verdict note in thread {card_ts} of {channel}",
                            poster.post(channel, note, thread_ts=card_ts)):
            missed.append("the note in the claim's thread")
    return missed


def not_shown_note(claim: FlaggedClaim, missed: list[str]) -> str:
    """What the person who set a verdict is told when it is saved but not all shown."""
    return (f"Verdict saved: *{claim.status.label}*. These could not be updated to show it "
            f"(deleted, or in an archived channel?): {', '.join(missed)}.")


async def _shown(what: str, step: Awaitable[object]) -> bool:
    """Run one best-effort step of showing a verdict; False (logged) if it failed."""
    try:
        await step
    except Exception as exc:
        _log_missed(what, exc)
        return False
    return True


def _log_missed(what: str, exc: Exception) -> None:
    if isinstance(exc, SlackApiError):
        log.warning("verdict saved, but %s not updated: %s", what, exc.response.get("error"))
    elif isinstance(exc, CheckError):
        log.warning("verdict saved, but %s not updated: %s", what, type(exc).__name__)
    else:
        log.error("verdict saved, but %s not updated", what, exc_info=exc)


async def _analysis_link(poster: Poster, views: list[CheckResult]) -> str | None:
    for view in views:
        place = view.check.result_message if view.check else None
        if place is not None and place.message:
            return await poster.permalink(place.channel, place.message)
    return None
