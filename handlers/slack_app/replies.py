"""Telling the person who asked: ephemeral answers and the two tiers of failure.

A `CheckError` is shown as its message; anything else goes through
`bot.errors.user_message`, which logs it with the request's correlation id (see
`app.FactdeskApp`) and gives a short apology carrying that id. Never a traceback,
never `str(exc)`. The message is escaped like article text: it may quote what someone
else wrote (a page's headers, the user's own words).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_bolt.context.respond.async_respond import AsyncRespond

from bot import logs
from bot.errors import user_message
from handlers.slack_app.blocks import Block
from handlers.slack_app.post import Poster
from handlers.slack_app.text import escape

log = logging.getLogger("handlers.slack_app")


@dataclass
class Reply:
    """Where to answer one person privately: the response URL when Slack gave one."""

    poster: Poster
    channel: str | None
    user: str
    respond: AsyncRespond | None = None
    thread_ts: str | None = None

    async def ephemeral(self, text: str, blocks: list[Block] | None = None) -> None:
        try:
            if self.respond is not None:
                await self.respond(text=text, blocks=blocks, response_type="ephemeral",
                                   replace_original=False, unfurl_links=False,
                                   unfurl_media=False)
            elif self.channel is not None:
                await self.poster.ephemeral(self.channel, self.user, text, self.thread_ts,
                                            blocks)
            else:
                log.warning("no way to tell %s: %s", self.user, text)
        except Exception as exc:  # the answer itself failed: log it, nothing else to do
            log.warning("could not answer %s privately (%s)", self.user, type(exc).__name__)

    async def failure(self, exc: BaseException) -> None:
        """The one way a failure reaches the user."""
        message = user_message(exc, log, logs.current_correlation_id())
        mark = ":information_source:" if message.user_error else ":warning:"
        # escaped: a message may quote outside text (a page's Content-Type, the user's
        # own words), which must not become a link or a mention in our voice
        await self.ephemeral(f"{mark} {escape(message.text)}")
