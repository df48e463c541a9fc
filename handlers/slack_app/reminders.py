"""Reminders for stale claims on Slack: the note in the claim's thread (`bot.reminders`).

It mentions exactly one person, the one who opened the discussion, as `<@U…>` built
from the id the desk kept (checked to be a user id); the claim's words are escaped, so
nothing quoted from an article can mention or broadcast. Sent without slack_sdk's retry
on a dropped connection, as the digest is: a reminder posted twice is worse than none.
"""

from __future__ import annotations

import copy
import re

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.reminders import Reminder
from bot.scheduler import PostUncertain
from handlers.slack_app.post import Poster
from handlers.slack_app.render import Message, quoted

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
STATEMENT = 300


def reminder_text(reminder: Reminder) -> str:
    opener = reminder.opener
    mention = f"<@{opener.id}> " if opener is not None and USER_ID.match(opener.id) else ""
    return (f"{mention}:alarm_clock: This claim has been open for {reminder.days_open} days: "
            f"{quoted(reminder.claim.statement, STATEMENT)}. Settle it with the buttons "
            "above, or say here what is still missing.")


class SlackReminders:
    def __init__(self, client: AsyncWebClient) -> None:
        once = copy.copy(client)
        once.retry_handlers = []
        self.poster = Poster(once)

    async def send(self, reminder: Reminder) -> None:
        thread = reminder.claim.thread
        assert thread is not None
        try:
            await self.poster.post(thread.channel, Message(text=reminder_text(reminder),
                                                           blocks=[]), thread_ts=thread.thread)
        except aiohttp.ClientConnectorError:
            raise  # never reached: not posted
        except aiohttp.ClientError as exc:
            raise PostUncertain(f"{type(exc).__name__} after sending") from exc
