"""Reminders for stale claims on Discord: the note in the claim's thread (`bot.reminders`).

It mentions exactly one person, the one who opened the discussion: the mention is in
the text, and `allowed_mentions` lets Discord ping that user and no one else (no roles,
no @everyone), whatever the claim's words, which are shown as written.
"""

from __future__ import annotations

import aiohttp
import discord

from bot.reminders import Reminder
from bot.scheduler import PostUncertain
from handlers.discord_bot import limits
from handlers.discord_bot.render import quoted

STATEMENT = 300


def reminder_text(reminder: Reminder) -> str:
    opener = reminder.opener
    mention = f"<@{opener.id}> " if opener is not None and opener.id.isdigit() else ""
    return limits.clip(
        f"{mention}⏰ This claim has been open for {reminder.days_open} days: "
        f"{quoted(reminder.claim.statement, STATEMENT)}. Settle it with the buttons above, "
        "or say here what is still missing.", limits.CONTENT)


def only_the_opener(reminder: Reminder) -> discord.AllowedMentions:
    opener = reminder.opener
    users = [discord.Object(id=int(opener.id))] if opener and opener.id.isdigit() else []
    return discord.AllowedMentions(everyone=False, roles=False, users=users,
                                   replied_user=False)


class DiscordReminders:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(self, reminder: Reminder) -> None:
        thread = reminder.claim.thread
        assert thread is not None
        channel = self.client.get_partial_messageable(int(thread.thread))
        try:
            await channel.send(reminder_text(reminder),
                               allowed_mentions=only_the_opener(reminder))
        except (discord.HTTPException, aiohttp.ClientConnectorError):
            raise  # Discord answered with an error, or was never reached: not posted
        except aiohttp.ClientError as exc:
            raise PostUncertain(f"{type(exc).__name__} after sending") from exc
