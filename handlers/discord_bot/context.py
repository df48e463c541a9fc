"""Who and where an interaction comes from, in the core's terms."""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import InputError
from bot.records import Actor, Team

NOT_IN_SERVER = ("factdesk works in a server's channels, where the team can discuss claims. "
                 "Run it in one of your server's text channels.")


def team_of(interaction: discord.Interaction[Any]) -> Team:
    """The guild is the team; outside a guild there is no team desk to record on."""
    if interaction.guild_id is None:
        raise InputError(NOT_IN_SERVER)
    return Team(platform="discord", id=str(interaction.guild_id))


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    user = interaction.user
    return Actor(id=str(user.id), name=user.display_name)


def message_url(guild_id: int | None, channel_id: int, message_id: int) -> str:
    """A link to a message; built here because a follow-up message may not know its guild."""
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"
