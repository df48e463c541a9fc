"""Discord as the core's `Surface`: embeds, views and threads through discord.py.

One is made per interaction: it posts a check's answer as the interaction's follow-ups,
opens threads in the interaction's channel, and, when the interaction is a press on a
claim card, updates that card in place and answers in its thread. The steps and their
order are the core's (`bot.service`); this only renders and sends.
"""

from __future__ import annotations

import io
from typing import Any, Literal

import discord

from bot.digest import Digest
from bot.errors import CheckError
from bot.records import Actor, CheckResult, FlaggedClaim, Place, Team, TeamSettings, ThreadRef
from bot.surface import FullAnalysis, Note, NoteKind, queued_text
from handlers.discord_bot.cards import claim_card, thread_name
from handlers.discord_bot.context import message_url
from handlers.discord_bot.digests import DigestPoster
from handlers.discord_bot.render import plain, render_check
from handlers.discord_bot.replies import NO_PINGS
from handlers.discord_bot.views import discuss_view, page_text, page_view, verdict_view

ARCHIVE_AFTER_MINUTES: Literal[10080] = 10080  # a week: fact-checks take days
NO_THREAD_PERMISSION = ("factdesk may not open threads here. Ask a server admin to give it the "
                        "Create Public Threads and Send Messages in Threads permissions in "
                        "this channel, then press Discuss again.")
NOT_A_TEXT_CHANNEL = ("Threads can only be opened in a server's text channels. Run the check "
                      "in a text channel, then press Discuss there.")


class DiscordSurface:
    def __init__(self, client: discord.Client,
                 interaction: discord.Interaction[Any] | None = None) -> None:
        self.client = client
        self.interaction = interaction
        self.posted: list[int] = []  # messages of a check's answer already posted

    @property
    def landing(self) -> Place | None:
        return None  # known once the desk message is posted

    def _event(self) -> discord.Interaction[Any]:
        if self.interaction is None:
            raise RuntimeError("this step needs the interaction it answers")
        return self.interaction

    async def show_check(self, result: CheckResult) -> Place | None:
        """The first screen, as one message replacing the "thinking…" placeholder."""
        interaction = self._event()
        embeds = render_check(result)
        view = discuss_view(result)
        if view is None:
            sent = await interaction.followup.send(embeds=embeds, allowed_mentions=NO_PINGS,
                                                   wait=True)
        else:
            sent = await interaction.followup.send(embeds=embeds, view=view,
                                                   allowed_mentions=NO_PINGS, wait=True)
        self.posted.append(sent.id)
        url = message_url(interaction.guild_id, sent.channel.id, sent.id)
        return Place(channel=str(sent.channel.id), message=str(sent.id), url=url)

    async def show_queued(self, position: int) -> None:
        """A follow-up (in place of "thinking…") saying the check waits in a busy queue."""
        await self._event().followup.send(queued_text(position), allowed_mentions=NO_PINGS)

    async def refresh_check(self, view: CheckResult) -> None:
        place = view.check.result_message if view.check else None
        if place is None or place.message is None:
            return
        message = self.client.get_partial_messageable(int(place.channel)).get_partial_message(
            int(place.message))
        buttons = discuss_view(view)
        if buttons is None:
            await message.edit(embeds=render_check(view), allowed_mentions=NO_PINGS)
        else:
            await message.edit(embeds=render_check(view), view=buttons,
                               allowed_mentions=NO_PINGS)

    async def open_thread(self, claim: FlaggedClaim, who: Actor, analysis: Place | None
                          ) -> ThreadRef:
        """A public thread in the channel, named after the claim, opened by its card
        (which links the analysis: the one pressed, or the core's latest showing it)."""
        interaction = self._event()
        message = interaction.message
        analysis_url = analysis.url if analysis is not None else None
        if message is not None and message.flags.ephemeral is False and message.embeds:
            analysis_url = message_url(interaction.guild_id, message.channel.id, message.id)
        parent = _text_channel(interaction.channel)
        try:
            thread = await parent.create_thread(
                name=thread_name(claim),
                type=discord.ChannelType.public_thread,
                auto_archive_duration=ARCHIVE_AFTER_MINUTES,
                reason="factdesk: a thread to discuss a flagged claim",
            )
            await thread.send(embed=claim_card(claim, analysis_url),
                              view=verdict_view(claim), allowed_mentions=NO_PINGS)
        except discord.Forbidden:
            raise CheckError(NO_THREAD_PERMISSION) from None
        return ThreadRef(platform="discord", channel=str(parent.id),
                         thread=str(thread.id), url=thread.jump_url)

    def _on_card(self, claim: FlaggedClaim) -> discord.Interaction[Any] | None:
        """The interaction when it is a press in the claim's thread (on its card)."""
        interaction = self.interaction
        if interaction is None or claim.thread is None:
            return interaction
        return interaction if str(interaction.channel_id) == claim.thread.thread else None

    async def update_card(self, claim: FlaggedClaim, analysis: Place | None) -> None:
        interaction = self._on_card(claim)
        if interaction is None:
            return  # the card is only ever pressed in its thread
        await interaction.edit_original_response(
            embed=claim_card(claim, analysis.url if analysis else None),
            view=verdict_view(claim), allowed_mentions=NO_PINGS,
        )

    async def post_note(self, claim: FlaggedClaim, note: Note) -> None:
        if note.kind is NoteKind.OPENED:
            return  # the card opens the thread; the opener is answered privately
        text = f"{plain(note.who.label, 80)} marked this claim **{claim.status.label}**."
        reason = claim.history[-1].note if claim.history else None
        if reason:
            text += f" Why: {plain(reason, 400)}"
        if note.kind is NoteKind.REOPENED:
            text = f"{plain(note.who.label, 80)} reopened this claim."
        interaction = self._on_card(claim)
        if interaction is not None:
            await interaction.followup.send(text, allowed_mentions=NO_PINGS)
        elif claim.thread is not None:
            thread = self.client.get_partial_messageable(int(claim.thread.thread))
            await thread.send(text, allowed_mentions=NO_PINGS)

    async def post_digest(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        await DigestPoster(self.client).post(team, settings, digest)

    async def show_full(self, view: CheckResult, document: FullAnalysis) -> None:
        """The private pages to discuss any flagged item (replacing the "thinking…"
        placeholder), then the Markdown file in the channel for everyone."""
        interaction = self._event()
        await interaction.followup.send(page_text(view, 0), view=page_view(view, 0),
                                        ephemeral=True, allowed_mentions=NO_PINGS)
        attached = discord.File(io.BytesIO(document.markdown.encode()),
                                filename=document.filename, description=document.title)
        asker = plain(interaction.user.display_name, 80)
        await interaction.followup.send(f"📄 {plain(document.title, 200)} (asked by {asker})",
                                        file=attached, allowed_mentions=NO_PINGS)

    async def may_set_verdicts(self, who: Actor, group: str) -> bool:
        """A member of the role, as the interaction carries the member's roles now (their
        ids, read even when the server's roles are not in the client's cache)."""
        user = self.interaction.user if self.interaction is not None else None
        roles = {str(role.id) for role in getattr(user, "roles", None) or []}
        roles |= {str(role_id) for role_id in getattr(user, "_roles", None) or []}
        return group in roles


def _text_channel(channel: Any) -> discord.TextChannel:
    if isinstance(channel, discord.Thread):
        channel = channel.parent
    if not isinstance(channel, discord.TextChannel):
        raise CheckError(NOT_A_TEXT_CHANNEL)
    return channel
