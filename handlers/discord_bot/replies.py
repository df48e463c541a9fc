"""How the bot answers on Discord: never a ping, and failures in two tiers.

A `CheckError` becomes an ephemeral message with its own text (what to do), shown as
text with no Markdown, since it can quote a page, a header or what was typed; anything
else goes through `bot.errors.user_message`, which logs it with the event's correlation
id, and the user sees the short apology with that id. No handler formats an exception itself.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import logs
from bot.errors import user_message
from handlers.discord_bot import limits
from handlers.discord_bot.events import acknowledged
from handlers.discord_bot.markup import no_markdown

log = logging.getLogger("factdesk.discord")

#: An article can say "@everyone" or <@123>; nothing the bot posts may ping anyone.
NO_PINGS = discord.AllowedMentions.none()


async def report_failure(interaction: discord.Interaction[Any], exc: BaseException,
                         keep_original: bool = False) -> None:
    """Tell the user what went wrong, privately; never raises.

    A public "thinking…" placeholder is removed first, unless `keep_original`: part of the
    answer has already replaced it. The reference in an apology is the correlation id of
    the event's log lines (`events.handling`).
    """
    message = user_message(exc, log, logs.current_correlation_id())
    # A CheckError can quote a page, a header or what the user typed: shown as text.
    text = no_markdown(message.text) if message.user_error else message.text
    text = limits.clip(text, limits.CONTENT)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=NO_PINGS
            )
            acknowledged()
            return
        placeholder = discord.InteractionResponseType.deferred_channel_message
        if interaction.response.type is placeholder and not keep_original:
            # A public "thinking…" placeholder: take it away so the error stays private.
            await interaction.delete_original_response()
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as failure:
        log.warning("could not tell the user about a failure (%s %s)", failure.status,
                    type(exc).__name__)


async def guarded(interaction: discord.Interaction[Any],
                  work: Callable[[], Awaitable[None]]) -> None:
    """Run `work`; any failure is reported to the user as above and not raised."""
    try:
        await work()
    except Exception as exc:
        await report_failure(interaction, exc)
