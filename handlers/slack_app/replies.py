"""Telling the person who asked: ephemeral answers and the two tiers of failure.

A `CheckError` is shown as its message; anything else goes through
`bot.errors.user_message`, which logs it with the request's correlation id (see
`app.FactdeskApp`) and gives a short apology carrying that id. Never a traceback,
never `str(exc)`. The message is escaped like article text: it may quote what someone
else wrote (a page's headers, the user's own words).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from bot import logs
from bot.errors import user_message
from handlers.slack_app.blocks import Block
from handlers.slack_app.post import Poster
from handlers.slack_app.render import Message
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
        """Through the response URL if there is one; should it fail (it expires after 30
        minutes and takes five answers), or without one, straight from the Web API: an
        ephemeral message in the channel, or, without a channel or when Slack refuses it
        (a private channel factdesk is not in), a direct message."""
        if self.respond is not None and await self._respond(text, blocks):
            return
        if self.channel is not None:
            try:
                await self.poster.ephemeral(self.channel, self.user, text, self.thread_ts,
                                            blocks)
                return
            except Exception as exc:
                log.warning("could not answer %s privately in %s (%s); sending a direct "
                            "message", self.user, self.channel, _reason(exc))
        try:  # in the app's own conversation with the user
            await self.poster.post(self.user, Message(text=text, blocks=blocks or []))
        except Exception as exc:  # the answer itself failed: log it, nothing else to do
            log.warning("could not answer %s privately (%s)", self.user, _reason(exc))

    async def _respond(self, text: str, blocks: list[Block] | None) -> bool:
        """True once Slack took the answer at the response URL (it does not raise when
        refused: its status and body say so)."""
        assert self.respond is not None
        try:
            answer = await self.respond(text=text, blocks=blocks, response_type="ephemeral",
                                        replace_original=False, unfurl_links=False,
                                        unfurl_media=False)
        except Exception as exc:
            log.warning("response URL failed for %s (%s); answering through the Web API",
                        self.user, type(exc).__name__)
            return False
        if answer.status_code == 200 and _accepted(answer.body):
            return True
        log.warning("response URL refused the answer to %s (HTTP %d: %s); answering through "
                    "the Web API", self.user, answer.status_code, answer.body[:100])
        return False

    async def failure(self, exc: BaseException) -> None:
        """The one way a failure reaches the user."""
        message = user_message(exc, log, logs.current_correlation_id())
        mark = ":information_source:" if message.user_error else ":warning:"
        # escaped: a message may quote outside text (a page's Content-Type, the user's
        # own words), which must not become a link or a mention in our voice
        await self.ephemeral(f"{mark} {escape(message.text)}")


def _accepted(body: str) -> bool:
    """Slack answers "ok", or JSON with `ok`; an error comes as `{"ok": false, ...}`."""
    if not body.lstrip().startswith("{"):
        return True
    try:
        data = json.loads(body)
    except ValueError:
        return True  # a 200 that is not JSON: taken
    return not isinstance(data, dict) or data.get("ok") is not False


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return type(exc).__name__
