"""INTERACTION_CREATE payloads as Discord sends them (commands, buttons, menus, forms),
handed to discord.py's own gateway parsing, and a verdict given through them."""

from __future__ import annotations

from typing import Any

import discord

from tests.support.fake_discord.payloads import (
    APP_ID,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_PERMISSIONS,
    member_payload,
    message_payload,
    text_channel_payload,
    user_payload,
)
from tests.support.fake_discord.server import FakeDiscord


class Interactions:
    """INTERACTION_CREATE payloads as Discord sends them, for one guild channel."""

    def __init__(self, fake: FakeDiscord, user_id: int = 300000000000000001,
                 user_name: str = "ana", permissions: int = MEMBER_PERMISSIONS,
                 roles: list[int] | None = None) -> None:
        self.fake = fake
        self.user_id = user_id
        self.user_name = user_name
        self.permissions = permissions  # the member's, in the channel
        self.roles = roles or []  # the member's role ids

    def _base(self, kind: int, data: dict[str, Any],
              channel: dict[str, Any] | None = None) -> dict[str, Any]:
        channel = channel or text_channel_payload()
        interaction_id = self.fake.new_id()
        return {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(GUILD_ID),
            "guild": {"id": str(GUILD_ID), "locale": "en-US", "features": []},
            "channel_id": channel["id"],
            "channel": channel,
            "member": member_payload(self.user_id, self.user_name, self.permissions,
                                     self.roles),
            "token": f"itoken-{interaction_id}",
            "version": 1,
            "app_permissions": "2248473465835073",
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10485760,
        }

    def slash(self, name: str, options: dict[str, str] | None = None,
              attachment: dict[str, Any] | None = None) -> dict[str, Any]:
        """A chat-input command; `attachment` becomes its `file` option, resolved."""
        data: dict[str, Any] = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()],
        }
        if attachment is not None:
            data["options"].append({"name": "file", "type": 11, "value": attachment["id"]})
            data["resolved"] = {"attachments": {attachment["id"]: attachment}}
        return self._base(2, data)

    def command(self, name: str, options: list[dict[str, Any]],
                resolved: dict[str, Any] | None = None) -> dict[str, Any]:
        """A chat-input command with typed options as Discord sends them
        (`{"name", "type", "value"}`), and `resolved` data for channel options."""
        data: dict[str, Any] = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": options,
        }
        if resolved is not None:
            data["resolved"] = resolved
        return self._base(2, data)

    def autocomplete(self, name: str, options: list[dict[str, Any]]) -> dict[str, Any]:
        """An autocomplete request: the option being typed has `"focused": True`."""
        data = {"id": str(self.fake.new_id()), "name": name, "type": 1,
                "guild_id": str(GUILD_ID), "options": options}
        return self._base(4, data)

    def message_menu(self, name: str, target: dict[str, Any]) -> dict[str, Any]:
        """A message context-menu command on `target` (a message payload)."""
        data = {
            "id": str(self.fake.new_id()),
            "name": name,
            "type": 3,
            "guild_id": str(GUILD_ID),
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return self._base(2, data)

    def button(self, message: dict[str, Any], custom_id: str,
               channel: dict[str, Any] | None = None) -> dict[str, Any]:
        """A button press on `message` (as the fake stored it)."""
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base(3, data, channel)
        payload["message"] = message
        return payload

    def select(self, message: dict[str, Any], custom_id: str, values: list[str],
               channel: dict[str, Any] | None = None) -> dict[str, Any]:
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        payload = self._base(3, data, channel)
        payload["message"] = message
        return payload

    def modal_submit(self, custom_id: str, values: dict[str, str],
                     message: dict[str, Any] | None = None,
                     channel: dict[str, Any] | None = None) -> dict[str, Any]:
        """A form submitted; `message`: the message whose button opened it, if one did."""
        data = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in values.items()
            ],
        }
        payload = self._base(5, data, channel)
        if message is not None:
            payload["message"] = message
        return payload

    def user_message(self, content: str, attachments: list[dict[str, Any]] | None = None
                     ) -> dict[str, Any]:
        """A message someone posted in the channel (the target of a context menu)."""
        author = user_payload(400000000000000001, "reporter")
        body = {"content": content, "attachments": attachments or []}
        return message_payload(self.fake.new_id(), CHANNEL_ID, body, author=author)

    def attachment(self, url: str, filename: str, size: int,
                   content_type: str = "text/plain; charset=utf-8") -> dict[str, Any]:
        attachment_id = str(self.fake.new_id())
        return {
            "id": attachment_id,
            "filename": filename,
            "size": size,
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }


def feed(bot: discord.Client, payload: dict[str, Any]) -> None:
    """Hand an INTERACTION_CREATE payload to discord.py's own gateway parsing."""
    bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]


def channel_option(name: str, channel_id: int, channel_name: str, kind: int = 0
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A channel option and its resolved data (kind 0: text, 2: voice, 5: announcement)."""
    option = {"name": name, "type": 7, "value": str(channel_id)}
    resolved = {"channels": {str(channel_id): {
        "id": str(channel_id), "name": channel_name, "type": kind,
        "permissions": str(MEMBER_PERMISSIONS), "parent_id": None, "guild_id": str(GUILD_ID),
    }}}
    return option, resolved


def role_option(name: str, role_id: int, role_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A role option and its resolved data, as Discord sends them."""
    option = {"name": name, "type": 8, "value": str(role_id)}
    resolved = {"roles": {str(role_id): {
        "id": str(role_id), "name": role_name, "color": 0, "hoist": False, "position": 1,
        "permissions": "0", "managed": False, "mentionable": True, "flags": 0,
    }}}
    return option, resolved


async def give_verdict(fake: FakeDiscord, bot: discord.Client, users: Interactions,
                       card: dict[str, Any], claim_id: str, status: str,
                       thread: dict[str, Any],
                       reason: str = "The port authority's filing says otherwise.") -> str:
    """Press a verdict button on the claim's card, then fill in its reason form and
    submit it; the submission's token (its answers come through it)."""
    press = users.button(card, f"factdesk:verdict:{claim_id}:{status}", channel=thread)
    feed(bot, press)
    [form] = await fake.wait_for(lambda c: c.path.endswith(f"/{press['token']}/callback"))
    assert form.json["type"] == 9, "a verdict asks for its reason (a modal)"
    reason_input = form.json["data"]["components"][0]["components"][0]["custom_id"]
    submit = users.modal_submit(form.json["data"]["custom_id"], {reason_input: reason},
                                message=card, channel=thread)
    feed(bot, submit)
    token: str = submit["token"]
    return token
