"""The desk's own subcommands of `/factcheck`: `search` and `export`, answered privately.

- `/factcheck search <words> [status:false] [since:7d]`: the team's claims and checked
  articles matching the words, newest first (`bot.desk_search`), to the person asking
  only.
- `/factcheck export [csv|claimreview] [since:30d]`: the team's verdicts as a file
  (`bot.desk_export`), uploaded with Slack's external upload flow into the person's own
  direct message with factdesk (a file shared in a channel would show to all in it),
  and a private line in the channel saying where it is.
- `/factcheck reminders [days|off]`: shows whether stale claims get reminders, and
  changes it for those allowed to change the digest settings (`digests.check_admin`).

Registered before `checking`, which takes any other text as an article: a text is ours
only when it is short, on one line, and starts with the subcommand's name, so an article
that starts with the word "Search" is still checked.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.desk_export import ExportFile, export, parse_request
from bot.desk_search import SearchQuery, search
from bot.errors import InputError
from bot.inflight import InFlight
from bot.reminders import parse_days, reminders_text, set_reminder_days
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.digests import check_admin
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, team_of
from handlers.slack_app.post import Poster
from handlers.slack_app.replies import Reply
from handlers.slack_app.search_render import render_search
from handlers.slack_app.text import from_slack

SEARCH = "search"
EXPORT = "export"
REMINDERS = "reminders"
SUBCOMMANDS = (SEARCH, EXPORT, REMINDERS)
MAX_CHARS = 300  # a subcommand is typed: longer text is an article to check
SEARCH_USAGE = (f"Give words to search for: `{ids.COMMAND} {SEARCH} ferry contract`, "
                "optionally with `status:false` or `since:7d`.")


def subcommand(text: str) -> tuple[str, str] | None:
    """(name, the rest) when the text is one of ours; None: text to check."""
    if len(text) > MAX_CHARS or "\n" in text.strip():
        return None
    head, _, rest = text.strip().partition(" ")
    name = head.lower()
    return (name, rest.strip()) if name in SUBCOMMANDS else None


async def is_desk_subcommand(body: dict[str, Any]) -> bool:
    return subcommand(from_slack(str(body.get("text") or ""))) is not None


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight) -> None:
    @app.command(ids.COMMAND, matchers=[is_desk_subcommand])
    async def on_desk_subcommand(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                                 respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        who = actor_of(body)
        reply = Reply(Poster(client), channel_of(body), who.id, respond)
        found = subcommand(from_slack(str(body.get("text") or "")))
        assert found is not None  # the matcher let it through
        name, rest = found
        with inflight.track():
            try:
                team = team_of(body, context)
                await pacing.settled()
                if name == SEARCH:
                    if not rest:
                        raise InputError(SEARCH_USAGE)
                    result = await search(service, team, SearchQuery.parse(rest))
                    message = render_search(result)
                    await reply.ephemeral(message.text, message.blocks or None)
                elif name == EXPORT:
                    fmt, since = parse_request(rest)
                    made = await export(service, team, fmt, since)
                    await send_privately(client, who.id, made)
                    await reply.ephemeral(exported_line(made))
                elif name == REMINDERS:
                    settings = await service.team_settings(team)
                    if rest:
                        days = parse_days(rest)
                        await check_admin(service, client, who)
                        settings = await set_reminder_days(service, team, days)
                    await reply.ephemeral(("Saved. " if rest else "")
                                          + reminders_text(settings).replace("**", "*"))
            except Exception as exc:
                await reply.failure(exc)


async def send_privately(client: AsyncWebClient, user: str, made: ExportFile) -> None:
    """Upload the file into the user's direct message with factdesk."""
    opened = await client.conversations_open(users=user)
    channel = str((opened.get("channel") or {}).get("id") or "")
    await client.files_upload_v2(channel=channel, content=made.content,
                                 filename=made.filename, title=made.filename)


def exported_line(made: ExportFile) -> str:
    noun = "reviews" if made.filename.endswith(".jsonld") else "verdicts"
    return (f":outbox_tray: {made.count} {noun} exported: `{made.filename}` is in your "
            "direct messages with factdesk.")
