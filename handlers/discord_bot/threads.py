"""Discuss and verdict buttons: one public thread per claim, verdicts recorded on the desk.

"Discuss" asks the core for the claim's thread (`Service.discuss`), which has a
`DiscordSurface` open a public thread in the channel only when the claim has none yet
(race-safe on the desk), then refreshes the analyses showing the claim. A verdict is
the core's `Service.verdict`: recorded with who and when, then the card, the thread and
every posted analysis showing the claim are brought up to date.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.desk_reads import CHECK_GONE
from bot.errors import CheckError
from bot.records import ClaimStatus
from bot.service import Service
from bot.surface import VerdictOutcome
from bot.verdict_flow import REASON_CHARS
from handlers.discord_bot import limits
from handlers.discord_bot.context import actor_of, team_of
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.replies import NO_PINGS, guarded, report_failure
from handlers.discord_bot.surface import NO_THREAD_PERMISSION, NOT_A_TEXT_CHANNEL, DiscordSurface
from handlers.discord_bot.views import VERDICTS, page_text, page_view

__all__ = ["NOT_A_TEXT_CHANNEL", "NO_THREAD_PERMISSION", "ClaimThreads"]

log = logging.getLogger("factdesk.discord")

REASON_LABEL = "Why? Shown on the card, thread and digest"  # Discord: 45 characters
REASON_INPUT = "factdesk:reason"


class ClaimThreads:
    """What the Discuss and verdict buttons do; the buttons themselves are in `views`."""

    def __init__(self, client: discord.Client, service: Service) -> None:
        self.client = client
        self.service = service

    async def discuss(self, interaction: discord.Interaction[Any], claim_id: str) -> None:
        async def work() -> None:
            team = team_of(interaction)
            await interaction.response.defer(ephemeral=True, thinking=True)
            acknowledged()
            opened = await self.service.discuss(team, claim_id, actor_of(interaction),
                                                DiscordSurface(self.client, interaction))
            if opened.created:
                text = f"Opened a thread for this claim: <#{opened.thread.thread}>"
            else:
                text = f"This claim is already being discussed in <#{opened.thread.thread}>"
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

        with handling(interaction):
            await guarded(interaction, work)

    async def verdict(self, interaction: discord.Interaction[Any], claim_id: str,
                      status: ClaimStatus) -> None:
        """A verdict button: the reason form (once the core has said this member may set
        verdicts), or, for Reopen, the claim back to open at once."""
        async def work() -> None:
            team = team_of(interaction)
            if status is not ClaimStatus.OPEN:
                await self.service.check_verdict_right(
                    team, actor_of(interaction), DiscordSurface(self.client, interaction))
                await interaction.response.send_modal(ReasonForm(self, claim_id, status))
                acknowledged()
                return
            await self.settle(interaction, claim_id, status, None)

        with handling(interaction):
            await guarded(interaction, work)

    async def settle(self, interaction: discord.Interaction[Any], claim_id: str,
                     status: ClaimStatus, reason: str | None) -> None:
        """The core saves the verdict and shows it wherever the claim is."""
        team = team_of(interaction)
        await interaction.response.defer()  # updates the card once the verdict is in
        acknowledged()
        outcome = await self.service.verdict(team, claim_id, status, actor_of(interaction),
                                             DiscordSurface(self.client, interaction), reason)
        if outcome.missed:
            await interaction.followup.send(not_shown_note(outcome), ephemeral=True,
                                            allowed_mentions=NO_PINGS)

    async def full_analysis(self, interaction: discord.Interaction[Any], check_id: str,
                            page: int | None) -> None:
        """"Full analysis" (page None): the core shows the file and the first private
        page; Previous / Next replace the private page with another."""
        async def work() -> None:
            team = team_of(interaction)
            if page is None:
                await interaction.response.defer(ephemeral=True, thinking=True)
                acknowledged()
                await self.service.full_analysis(team, check_id,
                                                 DiscordSurface(self.client, interaction))
                return
            view = await self.service.check_view(team, check_id)
            if view is None:
                raise CheckError(CHECK_GONE)
            await interaction.response.edit_message(content=page_text(view, page),
                                                    view=page_view(view, page))
            acknowledged()

        with handling(interaction):
            await guarded(interaction, work)


class ReasonForm(discord.ui.Modal):
    """The verdict's short reason, asked before it is saved (shown on the card, in the
    thread and in the digest)."""

    def __init__(self, threads: ClaimThreads, claim_id: str, status: ClaimStatus) -> None:
        label = next((lbl for s, lbl, _ in VERDICTS if s is status), status.label)
        super().__init__(title=limits.shorten(f"Verdict: {label}", limits.MODAL_TITLE),
                         timeout=15 * 60, custom_id=f"factdesk:reason:{claim_id}:{status}")
        self.threads = threads
        self.claim_id = claim_id
        self.status = status
        self.reason: discord.ui.TextInput[ReasonForm] = discord.ui.TextInput(
            label=REASON_LABEL, style=discord.TextStyle.paragraph, max_length=REASON_CHARS,
            placeholder="e.g. The port authority's filing says otherwise.",
            custom_id=REASON_INPUT)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        async def work() -> None:
            await self.threads.settle(interaction, self.claim_id, self.status,
                                      self.reason.value)

        with handling(interaction):
            await guarded(interaction, work)

    async def on_error(  # type: ignore[override]  # Modal's own signature, not BaseView's
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        with handling(interaction):
            await report_failure(interaction, error)


def not_shown_note(outcome: VerdictOutcome) -> str:
    """What the person who set a verdict is told when it is saved but not all shown."""
    return (f"Verdict saved: **{outcome.claim.status.label}**. These could not be updated "
            f"to show it (deleted, or no longer allowed?): {', '.join(outcome.missed)}.")
