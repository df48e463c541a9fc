"""`/factcheck verdict-group`: who may set verdicts in the workspace.

- `/factcheck verdict-group @fact-checkers` (a user group Slack completes as you type)
  lets only that group's members set verdicts; `… anyone` lets everyone again (the
  default). Workspace admins and owners, and members of SLACK_ADMIN_GROUP, may change it,
  as for the digest settings; it is asked of Slack at the moment of the change.
- `/factcheck verdict-group` alone says who may set verdicts, to anyone.

The group is kept in the team's settings (`TeamSettings.verdict_group`); the core asks
the platform at every verdict whether the person pressing is in it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import InputError
from bot.inflight import InFlight
from bot.records import TeamSettings
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.digests import check_admin
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, channel_of, team_of
from handlers.slack_app.post import Poster
from handlers.slack_app.replies import Reply

log = logging.getLogger(__name__)

SUBCOMMAND = "verdict-group"
COMMAND = f"{ids.COMMAND} {SUBCOMMAND}"
ANYONE = "anyone"
# a user group as Slack sends it in a command's text (escaped), or its bare id
_GROUP = re.compile(
    r"^(?:<!subteam\^(?P<mention>S[A-Z0-9]+)(?:\|[^>]*)?>|(?P<id>S[A-Z0-9]{2,}))$")
NOT_ADMIN = ("Only workspace admins and owners, and members of the user group chosen to "
             "manage factdesk, can choose who may set verdicts. Ask one of them, or run "
             f"`{COMMAND}` to see who may.")
USAGE = (f"`{COMMAND} @group` lets only that user group set verdicts, `{COMMAND} {ANYONE}` "
         f"lets everyone set them again, and `{COMMAND}` alone says who may.")


def describe(settings: TeamSettings) -> str:
    if settings.verdict_group is None:
        return (f"Anyone in the workspace can set verdicts. A workspace admin can keep them to "
                f"one user group with `{COMMAND} @group`.")
    return (f"Only members of the user group `{settings.verdict_group}` can set verdicts; "
            f"anyone can discuss. A workspace admin can change it with `{COMMAND}`.")


def arguments(text: str) -> list[str] | None:
    """The words after `verdict-group`, or None when the command is not this one."""
    words = text.split()
    if not words or words[0].lower() != SUBCOMMAND:
        return None
    return words[1:]


def chosen_group(args: list[str]) -> str | None:
    """The group id asked for (None: anyone); InputError with the usage otherwise."""
    if len(args) != 1:
        raise InputError(USAGE)
    if args[0].lower() == ANYONE:
        return None
    found = _GROUP.match(args[0])
    if found is None:
        raise InputError(USAGE)
    return found["mention"] or found["id"]


async def is_verdict_group(body: dict[str, Any]) -> bool:
    """The listener matcher (on Slack's own text: a group mention keeps its id there)."""
    return arguments(str(body.get("text") or "")) is not None


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight) -> None:
    @app.command(ids.COMMAND, matchers=[is_verdict_group])
    async def on_verdict_group(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                               respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        who = actor_of(body)
        reply = Reply(Poster(client), channel_of(body), who.id, respond)
        args = arguments(str(body.get("text") or "")) or []
        with inflight.track():
            try:
                team = team_of(body, context)
                current = await service.team_settings(team)
                if not args:
                    await reply.ephemeral(describe(current))
                    return
                group = chosen_group(args)
                await check_admin(service, client, who, NOT_ADMIN)
                updated = current.model_copy(update={"verdict_group": group})
                await service.save_team_settings(team, updated)
                log.info("verdict group set to %s by %s", group or "anyone", who.id)
                await reply.ephemeral("Saved. " + describe(updated))
            except Exception as exc:
                await reply.failure(exc)
