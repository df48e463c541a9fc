"""Discord's JSON payloads, as its API returns and its gateway sends them: users, members,
channels, threads and messages of one fake guild, and the ids the fake answers as."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

APP_ID = 900000000000000001
BOT_USER_ID = APP_ID
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
TOKEN = "fake-bot-token"


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user_payload(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


#: A member's permissions in the channel, as Discord resolves them: no Manage Server.
MEMBER_PERMISSIONS = 2248473465835073
#: The same with Manage Server (1 << 5): a server admin.
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 5)


def member_payload(user_id: int, name: str, permissions: int = MEMBER_PERMISSIONS,
                   roles: list[int] | None = None) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name),
        "nick": None,
        "roles": [str(role) for role in roles or []],
        "joined_at": "2030-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def text_channel_payload(channel_id: int = CHANNEL_ID, name: str = "fact-desk") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": "2248473465835073",
    }


def thread_payload(thread_id: int, parent_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(GUILD_ID),
        "parent_id": str(parent_id),
        "owner_id": str(BOT_USER_ID),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 10080,
            "archive_timestamp": now_iso(),
            "locked": False,
            "create_timestamp": now_iso(),
        },
        "permissions": "2248473465835073",
    }


def message_payload(
    message_id: int,
    channel_id: int,
    body: dict[str, Any],
    author: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A message as Discord returns it, from what the bot sent (content, embeds, components)."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "author": author or user_payload(BOT_USER_ID, "factdesk", bot=True),
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": body.get("attachments", []),
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags", 0) or 0,
        "webhook_id": None,
        "application_id": str(APP_ID),
    }
