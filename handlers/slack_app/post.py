"""Talking to Slack's Web API the one safe way: no parsing of names, no unfurls.

Every message goes out with `parse: "none"` and `link_names: false`, so words in an
article such as `@here` are never turned into pings by Slack's server-side parsing,
and without unfurls, so the bot's own message does not grow a preview of the article.
A channel the bot is not in becomes a user error that says how to invite it.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import CheckError
from handlers.slack_app.blocks import Block
from handlers.slack_app.render import Message

log = logging.getLogger(__name__)

NOT_A_MEMBER = {"not_in_channel", "channel_not_found", "is_archived"}
# what Slack answers when it will not take a message's blocks
REFUSED_BLOCKS = {"invalid_blocks", "invalid_blocks_format", "msg_too_long",
                  "msg_blocks_too_long"}


class NotInChannelError(CheckError):
    def __init__(self) -> None:
        super().__init__(
            "I can't post in this conversation. Invite me first (type `/invite @factdesk`), "
            "or use /factcheck in a channel I'm in."
        )


class FormTooLateError(CheckError):
    def __init__(self) -> None:
        super().__init__(
            "Slack gives factdesk three seconds to open a form, and that time ran out (Slack "
            "or factdesk was busy). Run the command again."
        )


async def open_form(client: AsyncWebClient, trigger_id: str, view: dict[str, Any]) -> None:
    """`views.open`; a trigger that expired before we used it is a user error that says
    to try again, not our failure."""
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        if exc.response.get("error") in {"expired_trigger_id", "invalid_trigger_id"}:
            raise FormTooLateError() from exc
        raise


class Poster:
    """The Web API calls the handlers make, with the safe options and our errors."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, message: Message, thread_ts: str | None = None) -> str:
        """Post a message; its ts."""
        try:
            answer = await self.client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks or None,
                thread_ts=thread_ts, parse="none", link_names=False,
                unfurl_links=False, unfurl_media=False,
            )
        except SlackApiError as exc:
            if exc.response.get("error") in NOT_A_MEMBER:
                raise NotInChannelError() from exc
            raise
        ts: str = answer["ts"]
        return ts

    async def update(self, channel: str, ts: str, message: Message) -> None:
        """Replace a message; no blocks means none (Slack keeps old ones if left out)."""
        await self.client.chat_update(
            channel=channel, ts=ts, text=message.text, blocks=message.blocks,
            parse="none", link_names=False,
        )

    async def delete(self, channel: str, ts: str) -> None:
        """Remove a placeholder; a failure here only leaves it behind, so it is logged."""
        try:
            await self.client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as exc:
            log.warning("could not delete placeholder %s in %s: %s", ts, channel,
                        exc.response.get("error"))

    async def ephemeral(self, channel: str, user: str, text: str,
                        thread_ts: str | None = None, blocks: list[Block] | None = None
                        ) -> None:
        await self.client.chat_postEphemeral(
            channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread_ts,
            parse="none", link_names=False,
        )

    async def upload(self, channel: str, filename: str, title: str, content: str,
                     thread_ts: str | None = None) -> None:
        """A file in the conversation (Slack's external upload: get a URL, send the
        bytes there, complete it into the channel)."""
        try:
            await self.client.files_upload_v2(
                channel=channel, thread_ts=thread_ts, filename=filename, title=title,
                content=content, snippet_type="markdown")
        except SlackApiError as exc:
            if exc.response.get("error") in NOT_A_MEMBER:
                raise NotInChannelError() from exc
            raise

    async def permalink(self, channel: str, ts: str) -> str | None:
        """The message's link, or None when Slack will not give one (logged)."""
        try:
            answer = await self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError as exc:
            log.warning("no permalink for %s in %s: %s", ts, channel, exc.response.get("error"))
            return None
        link = answer.get("permalink")
        return link if isinstance(link, str) else None
