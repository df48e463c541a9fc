"""Digests on Slack: `/factcheck digest-settings`, `/factcheck digest [window]`, the daily post.

Both are subcommands of `/factcheck` (Slack gives an app one command per name, and one is
easier to remember): this listener takes a command whose text starts with one of them
and leaves every other text to `checking` as an article to check.

- `/factcheck digest-settings` opens the settings form for a workspace admin or owner, or
  a member of the SLACK_ADMIN_GROUP user group (`admins`); `… off` turns the digest off
  at once; `… show` shows the current settings to anyone. Anyone else asking to change
  them is told privately who can.
- `/factcheck digest [today|yesterday|24h|7d]` shows that window's digest (default: the
  last 24 hours) to the person asking only.
- `DigestPoster.post` is what `bot.scheduler.DigestScheduler` calls when a team's digest
  is due: it posts the digest in the team's channel with `chat.postMessage`.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.digest import Digest
from bot.errors import InputError, NotAllowedError
from bot.help import Commands, help_lines
from bot.inflight import InFlight
from bot.records import Actor, Team, TeamSettings
from bot.scheduler import DigestUndeliverable, PostUncertain
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.admins import may_change_settings
from handlers.slack_app.digest_channel import check_digest_channel
from handlers.slack_app.digest_render import DAILY_TITLE, render_digest, window_title
from handlers.slack_app.digest_settings import (
    FormError,
    describe,
    form,
    origin,
    read_form,
)
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, team_of
from handlers.slack_app.post import REFUSED_BLOCKS, NotInChannelError, Poster, open_form
from handlers.slack_app.render import Message
from handlers.slack_app.replies import Reply
from handlers.slack_app.text import from_slack

log = logging.getLogger(__name__)

DEFAULT_WINDOW = "24h"
SETTINGS = f"{ids.COMMAND} {ids.SETTINGS_SUBCOMMAND}"
NOT_ADMIN = ("Only workspace admins and owners, and members of the user group chosen to "
             "manage factdesk, can change the digest settings. Ask one of them, or run "
             f"`{SETTINGS} show` to see the current settings.")
#: Why the daily digest could not be posted, by Slack's error: shown with the settings.
NOT_A_MEMBER = ("factdesk is not in that channel. Invite it (`/invite @factdesk`) or pick "
                "another channel.")
CLOSED_CHANNEL = {
    "not_in_channel": NOT_A_MEMBER,
    "channel_not_found": ("factdesk cannot find that channel: it was deleted, or it is "
                          "private and factdesk is not in it. Invite it (`/invite @factdesk`) "
                          "or pick another channel."),
    "is_archived": "that channel is archived. Unarchive it or pick another channel.",
}
USAGE = (f"`{SETTINGS}` opens the settings form, `{SETTINGS} show` shows them and "
         f"`{SETTINGS} off` turns the daily digest off.")


def help_text() -> str:
    """`/factcheck help`: what factdesk does and how, in Slack's words for its commands."""
    return "\n".join(help_lines(Commands(
        check=f"`{ids.COMMAND} <link or text>`", form=f"`{ids.COMMAND}` alone",
        menu="Fact-check this message", digest=f"`{ids.COMMAND} {ids.DIGEST_SUBCOMMAND}`",
        settings=f"`{SETTINGS}`", verdicts=f"`{ids.COMMAND} verdict-group`")))


def subcommand(text: str) -> tuple[str, list[str]] | None:
    """("digest-settings", [...]), ("digest", [window]) or ("help", []) — or None: text
    to check.

    `digest` takes at most one word after it, so an article that starts with the word
    "Digest" is still checked.
    """
    words = text.split()
    if not words:
        return None
    head = words[0].lower()
    if head == ids.HELP_SUBCOMMAND and len(words) == 1:
        return head, []
    if head == ids.SETTINGS_SUBCOMMAND or (head == ids.DIGEST_SUBCOMMAND and len(words) <= 2):
        return head, words[1:]
    return None


async def is_subcommand(body: dict[str, Any]) -> bool:
    """The listener matcher: this command is ours, not an article to check."""
    return subcommand(from_slack(str(body.get("text") or ""))) is not None


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight
             ) -> None:
    @app.command(ids.COMMAND, matchers=[is_subcommand])
    async def on_subcommand(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                            respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        who = actor_of(body)
        reply = Reply(Poster(client), channel_of(body), who.id, respond)
        found = subcommand(from_slack(str(body.get("text") or "")))
        assert found is not None  # the matcher let it through
        name, args = found
        with inflight.track():  # a stopping app lets it finish (app.py)
            try:
                team = team_of(body, context)
                if name == ids.HELP_SUBCOMMAND:
                    await reply.ephemeral(help_text())
                elif name == ids.DIGEST_SUBCOMMAND:
                    await pacing.settled()
                    await show_digest(service, reply, team,
                                      args[0] if args else DEFAULT_WINDOW)
                else:
                    await settings_command(service, client, reply, team, who, args, body)
            except Exception as exc:
                await reply.failure(exc)

    @app.view(ids.SETTINGS_MODAL)
    async def on_settings_form(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                               context: AsyncBoltContext) -> None:
        view = body.get("view") or {}
        try:
            updated = read_form(view)
            if updated.digest_channel is not None:
                await check_digest_channel(client, updated.digest_channel,
                                           team_of(body, context).id)
        except FormError as exc:
            await ack(response_action="errors", errors={exc.block: exc.message})
            return
        await ack()
        where = origin(view)
        who = actor_of(body)
        respond = AsyncRespond(response_url=where.response_url) if where.response_url else None
        reply = Reply(Poster(client), where.channel, who.id, respond)
        with inflight.track():
            try:
                await check_admin(service, client, who)  # again: rights may have changed
                await save(service, team_of(body, context), who, updated)
                await reply.ephemeral("Saved. " + describe(updated))
            except Exception as exc:
                await reply.failure(exc)


async def show_digest(service: Service, reply: Reply, team: Team, window: str) -> None:
    digest = await service.digest(team, window.lower())
    message = render_digest(digest, window_title(window.lower()))
    await reply.ephemeral(message.text, message.blocks or None)


async def settings_command(service: Service, client: AsyncWebClient, reply: Reply, team: Team,
                           who: Actor, args: list[str], body: dict[str, Any]) -> None:
    action = args[0].lower() if args else ""
    if len(args) > 1 or action not in ("", "show", "off"):
        raise InputError(USAGE)
    current = await service.team_settings(team)
    notice = await service.delivery_notice(team, current)
    if action == "show":
        await reply.ephemeral(describe(current, notice))
        return
    await check_admin(service, client, who)
    if action == "off":
        updated = current.model_copy(update={"digest_channel": None})
        await save(service, team, who, updated)
        await reply.ephemeral("Saved. " + describe(updated))
        return
    view = form(current, channel_of(body), body.get("response_url") or None, notice)
    await open_form(client, body["trigger_id"], view)


async def check_admin(service: Service, client: AsyncWebClient, who: Actor,
                      refusal: str = NOT_ADMIN) -> None:
    """Refuse (NotAllowedError, `refusal`) whoever may not change the team's settings."""
    if not await may_change_settings(client, who.id, service.settings.slack_admin_group):
        log.info("settings change refused for %s: not an admin", who.id)
        raise NotAllowedError(refusal)


async def save(service: Service, team: Team, who: Actor, updated: TeamSettings) -> None:
    await service.save_team_settings(team, updated)
    log.info("digest settings changed by %s: channel %s, %02d:00 %s", who.id,
             updated.digest_channel, updated.digest_hour, updated.timezone)


class DigestPoster:
    """Posts a team's due digest in its digest channel (the scheduler's `post`)."""

    def __init__(self, client: AsyncWebClient) -> None:
        # The same bot without slack_sdk's retry on a dropped connection: resending a
        # chat.postMessage whose connection dropped after Slack took it posts it twice.
        once = copy.copy(client)
        once.retry_handlers = []
        self.poster = Poster(once)

    async def post(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        """Post it; a channel closed to the bot is `DigestUndeliverable`: the scheduler
        does not retry it all day, and the settings answers say why.

        Other failures (Slack unavailable) are raised, so the scheduler tries again on
        its next tick; a connection lost once the request was sent is `PostUncertain`,
        so the scheduler does not post it twice.
        """
        channel = settings.digest_channel or ""
        message = render_digest(digest, DAILY_TITLE)
        try:
            await self.send(channel, message)
        except aiohttp.ClientConnectorError:
            raise  # Slack was never reached: not posted
        except aiohttp.ClientError as exc:  # the request may have been taken
            raise PostUncertain(f"{type(exc).__name__} after sending") from exc
        except NotInChannelError as exc:
            cause = exc.__cause__
            code = str(cause.response.get("error")) if isinstance(cause, SlackApiError) else ""
            raise DigestUndeliverable(CLOSED_CHANNEL.get(code, NOT_A_MEMBER), code) from exc

    async def send(self, channel: str, message: Message) -> None:
        """As blocks; as the summary text alone should Slack refuse the blocks."""
        try:
            await self.poster.post(channel, message)
        except SlackApiError as exc:
            if exc.response.get("error") not in REFUSED_BLOCKS:
                raise
            log.warning("Slack refused the digest's blocks (%s); posting its summary",
                        exc.response.get("error"))
            await self.poster.post(channel, Message(text=message.text, blocks=[]))
