"""Who, which team and where, read from Slack's payloads (commands and interactions).

Slash commands come as flat form fields (`team_id`, `user_id`, `channel_id`);
interactions (buttons, shortcuts, modal submissions) as nested objects. The team id
falls back to the one our token belongs to (Enterprise Grid sends org-wide payloads).
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.records import Actor, Team
from handlers.slack_app.ids import PLATFORM


def team_of(body: dict[str, Any], context: AsyncBoltContext) -> Team:
    team_id = (
        body.get("team_id")
        or (body.get("team") or {}).get("id")
        or (body.get("user") or {}).get("team_id")
        or context.team_id
    )
    if not team_id and context.authorize_result is not None:
        team_id = context.authorize_result.team_id
    return Team(platform=PLATFORM, id=str(team_id or "unknown"))


def actor_of(body: dict[str, Any]) -> Actor:
    if "user_id" in body:  # a slash command
        return Actor(id=str(body["user_id"]), name=body.get("user_name"))
    user = body.get("user") or {}
    return Actor(id=str(user.get("id", "unknown")),
                 name=user.get("username") or user.get("name"))


def channel_of(body: dict[str, Any]) -> str | None:
    if body.get("channel_id"):
        return str(body["channel_id"])
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id")
    return str(channel) if channel else None


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = body.get("actions") or [{}]
    return found[0]


def view_metadata(view: dict[str, Any]) -> dict[str, str]:
    """A modal's `private_metadata` as we wrote it (JSON); empty values left out."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {k: str(v) for k, v in meta.items() if v} if isinstance(meta, dict) else {}
