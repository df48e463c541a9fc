"""`/factcheck-verdicts`: who may set verdicts in the server.

With no option it says who may (anyone may look); `role:` keeps verdicts to that role's
members and `anyone:True` lets everyone set them again (the default). Changing it takes
the Manage Server permission, as the digest settings do, read from the interaction. The
role is kept in the team's settings (`TeamSettings.verdict_group`); the core asks, at
every verdict, whether the member pressing has it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.errors import InputError, NotAllowedError
from bot.records import TeamSettings
from handlers.discord_bot.context import team_of
from handlers.discord_bot.digests import may_change_settings
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.replies import NO_PINGS, guarded

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

log = logging.getLogger("factdesk.discord")

VERDICTS_COMMAND = "factcheck-verdicts"
NOT_ADMIN = ("Only server admins (members with the Manage Server permission) can choose who "
             f"may set verdicts. Run /{VERDICTS_COMMAND} with no options to see who may.")
ROLE_AND_ANYONE = "Choose either a role or anyone:True, not both."


def describe(settings: TeamSettings) -> str:
    if settings.verdict_group is None:
        return ("Anyone in the server can set verdicts. A server admin can keep them to one "
                f"role with `/{VERDICTS_COMMAND} role:`.")
    return (f"Only members of <@&{settings.verdict_group}> can set verdicts; anyone can "
            f"discuss. A server admin can change it with `/{VERDICTS_COMMAND}`.")


def _bot(interaction: discord.Interaction[Any]) -> FactdeskBot:
    return cast("FactdeskBot", interaction.client)


@app_commands.command(name=VERDICTS_COMMAND,
                      description="Who may set verdicts: one role, or anyone")
@app_commands.describe(role="Only members of this role may set verdicts (admins only)",
                       anyone="True: everyone may set verdicts again (admins only)")
async def verdicts_command(interaction: discord.Interaction[Any],
                           role: discord.Role | None = None,
                           anyone: bool | None = None) -> None:
    async def work() -> None:
        team = team_of(interaction)
        changing = role is not None or bool(anyone)
        if role is not None and anyone:
            raise InputError(ROLE_AND_ANYONE)
        if changing and not may_change_settings(interaction.permissions):
            raise NotAllowedError(NOT_ADMIN)
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        service = _bot(interaction).service
        current = await service.team_settings(team)
        if changing:
            current = current.model_copy(
                update={"verdict_group": str(role.id) if role is not None else None})
            await service.save_team_settings(team, current)
            log.info("verdict role set to %s by %s", current.verdict_group or "anyone",
                     interaction.user.id)
        text = ("Saved. " if changing else "") + describe(current)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


def setup(bot: FactdeskBot) -> None:
    bot.tree.add_command(verdicts_command)
