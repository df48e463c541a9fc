"""`/factcheck-help`: what factdesk does and how, privately (the core's words)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.help import Commands, help_lines
from handlers.discord_bot.checking import MENU_NAME
from handlers.discord_bot.digests import DIGEST_COMMAND, SETTINGS_COMMAND
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.replies import NO_PINGS, guarded
from handlers.discord_bot.verdict_role import VERDICTS_COMMAND

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

HELP_COMMAND = "factcheck-help"


def help_text() -> str:
    return "\n".join(help_lines(Commands(
        check="`/factcheck link:` or `/factcheck text:`", form="`/factcheck` alone",
        menu=f"Apps → {MENU_NAME}", digest=f"`/{DIGEST_COMMAND}`",
        settings=f"`/{SETTINGS_COMMAND}`", verdicts=f"`/{VERDICTS_COMMAND}`")))


@app_commands.command(name=HELP_COMMAND, description="What factdesk does and how to use it")
async def help_command(interaction: discord.Interaction[Any]) -> None:
    async def work() -> None:
        await interaction.response.send_message(help_text(), ephemeral=True,
                                                allowed_mentions=NO_PINGS)
        acknowledged()

    with handling(interaction):
        await guarded(interaction, work)


def setup(bot: FactdeskBot) -> None:
    bot.tree.add_command(help_command)
