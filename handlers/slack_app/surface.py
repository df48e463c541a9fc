"""Slack as the core's `Surface`: Block Kit messages through the Web API.

One is made per event: it knows the channel, the placeholder a check replaces, and the
message a button was pressed on. The steps and their order are the core's
(`bot.service`); this only renders and sends.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.digest import Digest
from bot.errors import InputError
from bot.records import Actor, CheckResult, FlaggedClaim, Place, Team, TeamSettings, ThreadRef
from bot.surface import FullAnalysis, Note, NoteKind, queued_text
from handlers.slack_app.admins import in_group
from handlers.slack_app.cards import claim_card, opened_note, verdict_note
from handlers.slack_app.digests import DigestPoster
from handlers.slack_app.full_view import full_view
from handlers.slack_app.ids import PLATFORM
from handlers.slack_app.post import REFUSED_BLOCKS, Poster, open_form
from handlers.slack_app.render import Message, render_check, render_plain

log = logging.getLogger(__name__)

NO_CARD = "I can't tell where this claim's card is. Press Discuss on the analysis first."


class SlackSurface:
    def __init__(self, poster: Poster, channel: str | None = None,
                 placeholder: str | None = None, pressed: str | None = None,
                 root: str | None = None, trigger: str | None = None) -> None:
        self.poster = poster
        self.channel = channel
        self.placeholder = placeholder  # the "checking …" message a check replaces
        self.pressed = pressed  # the message whose button was pressed
        self.root = root  # the thread `pressed` is a reply in, if it is one
        self.trigger = trigger  # to open a modal (a press's trigger id, 3 s to use)

    @property
    def landing(self) -> Place | None:
        if self.channel is None or self.placeholder is None:
            return None
        return Place(channel=self.channel, message=self.placeholder)

    async def show_check(self, result: CheckResult) -> Place | None:
        """Put the analysis in the placeholder's place; as plain text if Slack refuses
        the blocks."""
        place = self.landing
        assert place is not None and place.message is not None
        try:
            await self.poster.update(place.channel, place.message, render_check(result))
        except SlackApiError as exc:
            if exc.response.get("error") not in REFUSED_BLOCKS:
                raise
            log.warning("Slack refused the analysis blocks (%s); posting it as text",
                        exc.response.get("error"))
            await self.poster.update(place.channel, place.message, render_plain(result))
        return place

    async def show_queued(self, position: int) -> None:
        """The placeholder says the check waits in a busy queue."""
        place = self.landing
        if place is not None and place.message is not None:
            await self.poster.update(place.channel, place.message,
                                     Message(text=queued_text(position), blocks=[]))

    async def refresh_check(self, view: CheckResult) -> None:
        place = view.check.result_message if view.check else None
        if place is not None and place.message:
            await self.poster.update(place.channel, place.message, render_check(view))

    async def open_thread(self, claim: FlaggedClaim, who: Actor, analysis: Place | None
                          ) -> ThreadRef:
        """The claim's card as a reply under the analysis pressed (its thread is where
        the team talks), or, pressed elsewhere, a card of its own in the channel."""
        if self.channel is None:
            raise InputError(NO_CARD)
        link = (await self.poster.permalink(self.channel, self.pressed)
                if self.pressed else analysis.url if analysis else None)
        root = self.root or self.pressed
        ts = await self.poster.post(self.channel, claim_card(claim, link), thread_ts=root)
        url = await self.poster.permalink(self.channel, ts)
        return ThreadRef(platform=PLATFORM, channel=self.channel, thread=root or ts, url=url,
                         card=ts if root else None)

    def _card(self, claim: FlaggedClaim) -> tuple[str, str]:
        """The claim card's channel and ts: its thread, or the message pressed."""
        if claim.thread is not None:
            return claim.thread.channel, claim.thread.card or claim.thread.thread
        if self.channel is None or self.pressed is None:
            raise InputError(NO_CARD)
        return self.channel, self.pressed

    async def update_card(self, claim: FlaggedClaim, analysis: Place | None) -> None:
        link = None
        if analysis is not None and analysis.message:
            link = await self.poster.permalink(analysis.channel, analysis.message)
        channel, ts = self._card(claim)
        await self.poster.update(channel, ts, claim_card(claim, link))

    async def post_note(self, claim: FlaggedClaim, note: Note) -> None:
        """In the thread the card is in: the analysis' thread, shared by its claims, so
        the note names the claim there."""
        channel, card = self._card(claim)
        thread = claim.thread.thread if claim.thread is not None else card
        text = (opened_note(note.who) if note.kind is NoteKind.OPENED
                else verdict_note(claim, note.who.label, named=thread != card))
        await self.poster.post(channel, Message(text=text, blocks=[]), thread_ts=thread)

    async def post_digest(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        await DigestPoster(self.poster.client).post(team, settings, digest)

    async def show_full(self, view: CheckResult, document: FullAnalysis) -> None:
        """The paged modal first (a trigger lasts three seconds), then the Markdown file
        under the analysis, through Slack's external upload (`files_upload_v2`)."""
        place = view.check.result_message if view.check else None
        channel = self.channel or (place.channel if place else None)
        if channel is None:
            raise InputError(NO_CARD)
        analysis = self.pressed or (place.message if place else None)
        root = self.root or analysis
        if self.trigger is not None:
            await open_form(self.poster.client, self.trigger, full_view(
                view, 0, {"channel": channel, "analysis": analysis, "root": self.root}))
        await self.poster.upload(channel, document.filename, document.title,
                                 document.markdown, thread_ts=root)

    async def may_set_verdicts(self, who: Actor, group: str) -> bool:
        return await in_group(self.poster.client, who.id, group)
