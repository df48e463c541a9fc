"""Checking an article: `/factcheck`, its modal, and the "Fact-check this message" menu.

Each turns an interaction into one `service.check` call: defer at once (Discord allows 3
seconds; the "factdesk is thinking…" placeholder shows meanwhile), read the input, check,
and post the analysis as the follow-up that replaces the placeholder. The message with
the Discuss buttons is remembered on the desk so verdicts can update it later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot import logs
from bot.records import Place
from handlers.discord_bot import inputs, limits
from handlers.discord_bot.context import actor_of, team_of
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.replies import report_failure
from handlers.discord_bot.surface import DiscordSurface

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

log = logging.getLogger("factdesk.discord")

MENU_NAME = "Fact-check this message"
MODAL_PARTS = limits.MODAL_INPUTS


def _bot(interaction: discord.Interaction[Any]) -> FactdeskBot:
    return cast("FactdeskBot", interaction.client)


async def run_check(interaction: discord.Interaction[Any],
                    read: Callable[[], Awaitable[str]]) -> None:
    """Defer, read the input, then the core's check → show → record through a
    `DiscordSurface`. Failures: see `replies`."""
    surface = DiscordSurface(interaction.client, interaction)
    try:
        team = team_of(interaction)
        await interaction.response.defer(thinking=True)
        acknowledged()
        raw = await read()
        who = actor_of(interaction)
        result = await _bot(interaction).service.check_and_show(
            team, raw, who, Place(channel=str(interaction.channel_id)), surface)
        logs.annotate(canonical_url=result.analysis.article.canonical_url)
        log.info("check %s for %s: %d claims, %d flagged",
                 result.check.id if result.check else "-", who.id,
                 len(result.analysis.claims), len(result.flagged))
    except Exception as exc:
        await report_failure(interaction, exc, keep_original=bool(surface.posted))


# ------------------------------------------------------------------ the commands


@app_commands.command(name="factcheck",
                      description="Claims, denials and shaky attributions in an article")
@app_commands.describe(
    link="A link to the article",
    text="The article's text (or leave everything empty to paste a long one)",
    file="The article as a .txt or .html file",
)
async def factcheck(interaction: discord.Interaction[Any], link: str | None = None,
                    text: str | None = None, file: discord.Attachment | None = None) -> None:
    with handling(interaction):
        try:
            team_of(interaction)
            if file is None and not (link and link.strip()) and not (text and text.strip()):
                await interaction.response.send_modal(ArticleModal())
                acknowledged()
                return
        except Exception as exc:
            await report_failure(interaction, exc)
            return
        await run_check(interaction, lambda: _command_input(link, text, file))


async def _command_input(link: str | None, text: str | None,
                         file: discord.Attachment | None) -> str:
    raw = await inputs.command_input(link, text, file)
    return raw or ""


async def check_message(interaction: discord.Interaction[Any], message: discord.Message
                        ) -> None:
    with handling(interaction):
        await run_check(interaction, lambda: inputs.message_input(message))


class ArticleModal(discord.ui.Modal, title="Fact-check an article"):
    """Several boxes, since Discord allows 4,000 characters in each."""

    def __init__(self) -> None:
        super().__init__(timeout=30 * 60)
        self.parts: list[discord.ui.TextInput[ArticleModal]] = []
        for index in range(MODAL_PARTS):
            box: discord.ui.TextInput[ArticleModal] = discord.ui.TextInput(
                label="Article text or link" if index == 0 else f"Continued ({index + 1})",
                style=discord.TextStyle.paragraph,
                max_length=limits.MODAL_INPUT,
                required=index == 0,
                custom_id=f"factdesk:article:{index}",
            )
            self.parts.append(box)
            self.add_item(box)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        parts = [box.value or "" for box in self.parts]
        text = inputs.modal_input(parts, limits.MODAL_INPUT)

        async def read() -> str:
            return text

        with handling(interaction):
            await run_check(interaction, read)

    async def on_error(  # type: ignore[override]  # Modal's own signature, not BaseView's
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        with handling(interaction):
            await report_failure(interaction, error)


def setup(bot: FactdeskBot) -> None:
    """Register the checking commands on the bot's command tree."""
    bot.tree.add_command(factcheck)
    bot.tree.add_command(app_commands.ContextMenu(name=MENU_NAME, callback=check_message))
