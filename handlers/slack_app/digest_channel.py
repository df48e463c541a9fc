"""The digest's channel must not reach outside the workspace.

The daily digest shows the team's whole desk: titles, claims, verdicts, who checked,
links to threads in private channels. Posted in a channel shared with another
organisation (Slack Connect), or with other workspaces of an Enterprise Grid org, all
of that would reach them. The form's picker leaves such channels out (its filter, in
`digest_settings.form`),
and the channel it sends back is looked up with `conversations.info` before it is saved
(the filter is the client's; a channel can also be shared after it was picked). Any
doubt is a refusal shown under the channel field, within Slack's three seconds.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, NoReturn

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack_app import ids
from handlers.slack_app.admins import MISSING_SCOPE
from handlers.slack_app.digest_settings import FormError

log = logging.getLogger(__name__)

ANSWER_WITHIN = 2.0  # seconds for the look-up: the form's answer is due within three

SHARED = ("That channel is shared with people outside this workspace (Slack Connect, or "
          "another workspace of your organisation): the digest would show them your desk. "
          "Pick a channel of this workspace only.")
NOT_VISIBLE = ("factdesk cannot see that channel. If it is private, invite factdesk there "
               "first (/invite @factdesk), then pick it again.")
ARCHIVED = "That channel is archived. Pick another one."
NOT_CONFIRMED = "Slack could not confirm that channel just now. Press Save again."
_SHARED_FLAGS = ("is_shared", "is_ext_shared", "is_pending_ext_shared", "is_org_shared")


async def check_digest_channel(client: AsyncWebClient, channel: str, team_id: str) -> None:
    """Return if `channel` is this workspace's own; otherwise `FormError` says why not."""
    try:
        answer = await asyncio.wait_for(client.conversations_info(channel=channel),
                                        ANSWER_WITHIN)
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error == "missing_scope":
            scope = str(exc.response.get("needed") or "channels:read,groups:read")
            refuse(MISSING_SCOPE.format(scope=scope).replace("`", ""))
        if error == "channel_not_found":
            refuse(NOT_VISIBLE)
        log.warning("digest channel %s not confirmed: %s", channel, error)
        refuse(NOT_CONFIRMED)
    except Exception as exc:  # a timeout, a dropped connection: not confirmed is not saved
        log.warning("digest channel %s not confirmed (%s)", channel, type(exc).__name__)
        refuse(NOT_CONFIRMED)
    info = answer.get("channel") or {}
    if shared_outside(info, team_id):
        log.info("digest channel %s refused: shared outside workspace %s", channel, team_id)
        refuse(SHARED)
    if info.get("is_archived"):
        refuse(ARCHIVED)


def shared_outside(info: dict[str, Any], team_id: str) -> bool:
    """Whether anyone outside workspace `team_id` is (or is about to be) in the channel."""
    if any(info.get(flag) for flag in _SHARED_FLAGS):
        return True
    teams = set(info.get("shared_team_ids") or []) | set(info.get("connected_team_ids") or [])
    context = info.get("context_team_id")
    return bool(teams - {team_id}) or bool(context and context != team_id)


def refuse(message: str) -> NoReturn:
    raise FormError(ids.CHANNEL_BLOCK, message)
