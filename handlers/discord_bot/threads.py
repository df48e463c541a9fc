"""Discuss and verdict buttons: one public thread per claim, verdicts recorded on the desk.

"Discuss" asks the service for the claim's thread, which calls our `create` only when
the claim has none yet (race-safe on the desk): we then open a public thread in the
channel, named after the claim, and post the claim card with the verdict buttons. A
verdict is recorded with who and when, then the card, the thread and every posted
analysis showing the claim are brought up to date.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import discord

from bot.errors import CheckError
from bot.records import CheckResult, ClaimStatus, FlaggedClaim, Team, ThreadRef
from bot.service import Service
from handlers.discord_bot.cards import claim_card, thread_name
from handlers.discord_bot.context import actor_of, message_url, team_of
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.render import plain, render_desk
from handlers.discord_bot.replies import NO_PINGS, guarded
from handlers.discord_bot.views import discuss_view, verdict_view

log = logging.getLogger("factdesk.discord")

ARCHIVE_AFTER_MINUTES: Literal[10080] = 10080  # a week: fact-checks take days
NO_THREAD_PERMISSION = ("factdesk may not open threads here. Ask a server admin to give it the "
                        "Create Public Threads and Send Messages in Threads permissions in "
                        "this channel, then press Discuss again.")
NOT_A_TEXT_CHANNEL = ("Threads can only be opened in a server's text channels. Run the check "
                      "in a text channel, then press Discuss there.")


class ClaimThreads:
    """What the Discuss and verdict buttons do; the buttons themselves are in `views`."""

    def __init__(self, client: discord.Client, service: Service) -> None:
        self.client = client
        self.service = service

    # ------------------------------------------------------------------ Discuss

    async def discuss(self, interaction: discord.Interaction[Any], claim_id: str) -> None:
        async def work() -> None:
            team = team_of(interaction)
            await interaction.response.defer(ephemeral=True, thinking=True)
            acknowledged()
            message = interaction.message
            analysis_url = (message_url(interaction.guild_id, message.channel.id, message.id)
                            if message is not None else None)

            async def create(claim: FlaggedClaim) -> ThreadRef:
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

            ref, created = await self.service.open_thread(team, claim_id, create)
            if created:
                text = f"Opened a thread for this claim: <#{ref.thread}>"
            else:
                text = f"This claim is already being discussed in <#{ref.thread}>"
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
            if created:
                await self.refresh_analyses(await self._showing(team, claim_id))

        with handling(interaction):
            await guarded(interaction, work)

    # ------------------------------------------------------------------ verdicts

    async def verdict(self, interaction: discord.Interaction[Any], claim_id: str,
                      status: ClaimStatus) -> None:
        async def work() -> None:
            team = team_of(interaction)
            await interaction.response.defer()  # updates the card once the verdict is in
            acknowledged()
            who = actor_of(interaction)
            claim = await self.service.set_verdict(team, claim_id, status, who)
            # The verdict is saved: from here on a failure must not read as if it were not.
            showing = await self._showing(team, claim_id)
            place = showing[0].check.result_message if showing and showing[0].check else None
            analysis_url = place.url if place is not None else None
            try:
                await interaction.edit_original_response(
                    embed=claim_card(claim, analysis_url), view=verdict_view(claim),
                    allowed_mentions=NO_PINGS,
                )
                await interaction.followup.send(
                    f"{plain(who.label, 80)} marked this claim "
                    f"**{status.label}**.",
                    allowed_mentions=NO_PINGS,
                )
            except discord.HTTPException as exc:
                log.warning("verdict on %s saved, but the thread was not updated (%s)",
                            claim_id, exc.status)
            await self.refresh_analyses(showing)

        with handling(interaction):
            await guarded(interaction, work)

    # ------------------------------------------------------------------ analyses

    async def _showing(self, team: Team, claim_id: str) -> list[CheckResult]:
        """The posted analyses showing this claim; none (logged) if the desk is away."""
        try:
            return await self.service.checks_showing(team, claim_id)
        except CheckError as exc:
            log.warning("cannot list the analyses showing %s: %s", claim_id, exc.message)
            return []

    async def refresh_analyses(self, views: list[CheckResult]) -> None:
        """Re-render each posted analysis' desk message with the claims as they stand."""
        for view in views:
            place = view.check.result_message if view.check else None
            if place is None or place.message is None:
                continue
            message = self.client.get_partial_messageable(int(place.channel)).get_partial_message(
                int(place.message)
            )
            buttons = discuss_view(view)
            try:
                if buttons is None:
                    await message.edit(embeds=render_desk(view), allowed_mentions=NO_PINGS)
                else:
                    await message.edit(embeds=render_desk(view), view=buttons,
                                       allowed_mentions=NO_PINGS)
            except discord.HTTPException as exc:
                log.warning("could not update the analysis message %s (%s)", place.message,
                            exc.status)


def _text_channel(channel: Any) -> discord.TextChannel:
    if isinstance(channel, discord.Thread):
        channel = channel.parent
    if not isinstance(channel, discord.TextChannel):
        raise CheckError(NOT_A_TEXT_CHANNEL)
    return channel
