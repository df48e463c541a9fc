"""The desk's own commands on Discord: `/factcheck-search`, `/factcheck-export` and
`/factcheck-desk` (the desk at a glance, as Slack's Home tab shows it).

Discord does not let `/factcheck` take both its free text option and subcommands, so,
like the digest's, these are commands of their own. Each answers the person asking only:
the export comes as a file attached to an ephemeral follow-up, which only they see.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.desk_export import ExportFormat, export
from bot.desk_home import glance
from bot.desk_search import SearchQuery, parse_since, search
from bot.errors import NotAllowedError
from bot.records import ClaimStatus
from bot.reminders import reminders_text, set_reminder_days
from handlers.discord_bot.context import actor_of, team_of
from handlers.discord_bot.digests import may_change_settings
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.home_render import render_glance
from handlers.discord_bot.replies import NO_PINGS, guarded
from handlers.discord_bot.search_render import render_search

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

SEARCH_COMMAND = "factcheck-search"
EXPORT_COMMAND = "factcheck-export"
DESK_COMMAND = "factcheck-desk"
REMINDERS_COMMAND = "factcheck-reminders"
COMMANDS = (SEARCH_COMMAND, EXPORT_COMMAND, DESK_COMMAND, REMINDERS_COMMAND)
NOT_ADMIN = ("Only server admins (members with the Manage Server permission) can change the "
             f"reminders. Run /{REMINDERS_COMMAND} with no options to see them.")
STATUS_CHOICES = [app_commands.Choice(name=s.label, value=s.value) for s in ClaimStatus]


def _bot(interaction: discord.Interaction[Any]) -> FactdeskBot:
    return cast("FactdeskBot", interaction.client)


@app_commands.command(name=SEARCH_COMMAND,
                      description="Search the desk's claims and checked articles")
@app_commands.describe(words="What to look for (any form: 'denies' finds 'denied')",
                       status="Only claims with this verdict",
                       since="Only what moved since: 24h, 7d, 2w or a date (2026-11-30)")
@app_commands.choices(status=STATUS_CHOICES)
async def search_command(interaction: discord.Interaction[Any],
                         words: app_commands.Range[str, 1, 200],
                         status: str | None = None, since: str | None = None) -> None:
    async def work() -> None:
        team = team_of(interaction)
        query = SearchQuery(words, ClaimStatus(status) if status else None,
                            parse_since(since) if since else None)
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        shown = render_search(await search(_bot(interaction).service, team, query))
        if isinstance(shown, str):
            await interaction.followup.send(shown, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.followup.send(embed=shown, ephemeral=True,
                                            allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


@app_commands.command(name=EXPORT_COMMAND,
                      description="The team's verdicts as a file: ClaimReview JSON-LD or CSV")
@app_commands.describe(format="ClaimReview JSON-LD (for search engines) or CSV (a sheet)",
                       since="Only verdicts given since: 24h, 7d, 2w or a date")
@app_commands.choices(format=[
    app_commands.Choice(name="ClaimReview JSON-LD", value=ExportFormat.CLAIMREVIEW.value),
    app_commands.Choice(name="CSV", value=ExportFormat.CSV.value),
])
async def export_command(interaction: discord.Interaction[Any],
                         format: str = ExportFormat.CLAIMREVIEW.value,
                         since: str | None = None) -> None:
    async def work() -> None:
        team = team_of(interaction)
        start = parse_since(since) if since else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        made = await export(_bot(interaction).service, team, ExportFormat(format), start)
        noun = "reviews" if made.filename.endswith(".jsonld") else "verdicts"
        await interaction.followup.send(
            f"{made.count} {noun} exported.", ephemeral=True, allowed_mentions=NO_PINGS,
            file=discord.File(io.BytesIO(made.content), filename=made.filename))

    with handling(interaction):
        await guarded(interaction, work)


@app_commands.command(name=DESK_COMMAND,
                      description="The desk at a glance: open claims, your discussions, latest")
async def desk_command(interaction: discord.Interaction[Any]) -> None:
    async def work() -> None:
        team = team_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        embed, view = render_glance(await glance(_bot(interaction).service, team,
                                                 actor_of(interaction)))
        if view is None:
            await interaction.followup.send(embed=embed, ephemeral=True,
                                            allowed_mentions=NO_PINGS)
        else:
            await interaction.followup.send(embed=embed, view=view, ephemeral=True,
                                            allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


@app_commands.command(name=REMINDERS_COMMAND,
                      description="Reminders in the threads of claims left open too long")
@app_commands.describe(days="Remind after a claim has been open this many days (admins)",
                       off="True: no reminders (admins only)")
async def reminders_command(interaction: discord.Interaction[Any],
                            days: app_commands.Range[int, 1, 365] | None = None,
                            off: bool | None = None) -> None:
    async def work() -> None:
        team = team_of(interaction)
        changing = days is not None or bool(off)
        if changing and not may_change_settings(interaction.permissions):
            raise NotAllowedError(NOT_ADMIN)
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        service = _bot(interaction).service
        if changing:
            settings = await set_reminder_days(service, team, None if off else days)
            text = "Saved. " + reminders_text(settings)
        else:
            text = reminders_text(await service.team_settings(team))
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


def setup(bot: FactdeskBot) -> None:
    bot.tree.add_command(search_command)
    bot.tree.add_command(export_command)
    bot.tree.add_command(desk_command)
    bot.tree.add_command(reminders_command)
