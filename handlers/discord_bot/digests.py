"""Digests on Discord: `/factcheck-settings`, `/factcheck-digest`, and the daily post.

Discord does not let one command take both free options and subcommands, so the digest
has commands of its own beside `/factcheck <link or text>`:

- `/factcheck-settings` with no options shows where and when the daily digest is
  posted (anyone may look); with `channel`, `hour`, `timezone` or `off` it changes them,
  which only members with the Manage Server permission may do. The permission is read
  from the interaction (Discord resolves the member's permissions in the channel), so
  no member list is needed. It stays visible to everyone, since looking is allowed.
- `/factcheck-digest [window]` shows today, yesterday, the last 24 hours or the last
  7 days to the person asking only.
- `DigestPoster.post` is what `bot.scheduler.DigestScheduler` calls when a team's
  digest is due: it posts the rendered digest in the team's digest channel. The channel
  must be in the team's server, checked when it is set and again before each post, so a
  wrong stored id cannot carry one team's digest to another server.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

import aiohttp
import discord
from discord import app_commands

from bot.digest import Digest
from bot.errors import InputError, NotAllowedError
from bot.records import Team, TeamSettings
from bot.scheduler import DigestUndeliverable, PostUncertain
from bot.windows import zone_name, zone_names
from handlers.discord_bot import limits
from handlers.discord_bot.context import team_of
from handlers.discord_bot.digest_render import DigestMessage, render_digest, window_title
from handlers.discord_bot.events import acknowledged, handling
from handlers.discord_bot.replies import NO_PINGS, guarded

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

log = logging.getLogger("factdesk.discord")

SETTINGS_COMMAND = "factcheck-settings"
DIGEST_COMMAND = "factcheck-digest"
DIGEST_CHANNEL_TYPES = (discord.ChannelType.text, discord.ChannelType.news)
ZONES_SUGGESTED = 25  # Discord shows at most 25 autocomplete choices

NOT_ADMIN = ("Only server admins (members with the Manage Server permission) can change the "
             f"digest settings. Ask one of them, or run /{SETTINGS_COMMAND} with no options to "
             "see the current settings.")
NOT_TEXT_CHANNEL = ("The digest can be posted in a text or announcement channel. Pick one of "
                    "those for the channel option.")
OTHER_SERVER = "The digest channel must be one of this server's channels."
CANNOT_SEE_CHANNEL = ("factdesk cannot see that channel. Give it the View Channel, Send "
                      "Messages and Embed Links permissions there, or pick another channel.")
OFF_AND_CHANNEL = ("Choose either a channel for the digest or off:True to turn it off, not "
                   "both.")
EXAMPLE = f"/{SETTINGS_COMMAND} channel:#fact-desk hour:9 timezone:Europe/Paris"
#: Why the daily digest could not be posted: shown with the settings.
PICK_ANOTHER = f"pick another channel with `/{SETTINGS_COMMAND} channel:`"
MAY_NOT_POST = ("factdesk may not post in that channel. Give it the View Channel, Send "
                f"Messages and Embed Links permissions there, or {PICK_ANOTHER}.")
CHANNEL_GONE = f"that channel is gone, or factdesk cannot see it. Please {PICK_ANOTHER}."
NOT_THIS_SERVER = f"that channel is not one of this server's. Please {PICK_ANOTHER}."


def _bot(interaction: discord.Interaction[Any]) -> FactdeskBot:
    return cast("FactdeskBot", interaction.client)


# ------------------------------------------------------------------ settings


def may_change_settings(permissions: discord.Permissions) -> bool:
    return permissions.manage_guild or permissions.administrator


def changed(current: TeamSettings, channel: Any,
            hour: int | None, timezone: str | None, off: bool | None) -> TeamSettings:
    """The settings with the given options applied; invalid options are explained."""
    if off and channel is not None:
        raise InputError(OFF_AND_CHANNEL)
    update: dict[str, Any] = {}
    if channel is not None:
        if getattr(channel, "type", None) not in DIGEST_CHANNEL_TYPES:
            raise InputError(NOT_TEXT_CHANNEL)
        update["digest_channel"] = str(channel.id)
    if off:
        update["digest_channel"] = None
    if hour is not None:
        if not 0 <= hour <= 23:
            raise InputError("The hour is the local hour of the day, from 0 to 23.")
        update["digest_hour"] = hour
    if timezone is not None:
        update["timezone"] = zone_name(timezone)
    return current.model_copy(update=update)


def describe(settings: TeamSettings, notice: str | None = None) -> str:
    """The settings in words; `notice` (`bot.scheduler.delivery_notice`) on a line of its
    own when the last digest could not be posted."""
    when = f"{settings.digest_hour:02d}:00 {settings.timezone} time"
    if settings.digest_channel is None:
        return (f"The daily digest is **off** (when on: at {when}). A server admin can turn "
                f"it on with `{EXAMPLE}`.")
    text = (f"The daily digest is posted in <#{settings.digest_channel}> at {when}, covering "
            "the day since the previous one. Make sure factdesk may send messages and embed "
            "links there.")
    return f"{text}\n{notice}" if notice else text


async def server_channel(client: discord.Client, channel_id: int,
                         team: Team) -> discord.abc.Messageable | None:
    """The channel, if it is one of the team's server's (asked of Discord, not taken from
    the interaction or the settings); None if it is another server's."""
    channel = await client.fetch_channel(channel_id)
    server = getattr(channel, "guild", None)
    if server is None or str(server.id) != team.id:
        return None
    return cast("discord.abc.Messageable", channel)


async def check_channel(client: discord.Client, channel_id: int, team: Team) -> None:
    """Refuse a digest channel factdesk cannot see, or one of another server."""
    try:
        found = await server_channel(client, channel_id, team)
    except (discord.Forbidden, discord.NotFound):
        raise InputError(CANNOT_SEE_CHANNEL) from None
    if found is None:
        raise InputError(OTHER_SERVER)


class DigestChannel(app_commands.Transformer):
    """A channel option Discord offers only text and announcement channels for."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return list(DIGEST_CHANNEL_TYPES)

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        return value  # checked in `changed`, where a wrong one is explained


@app_commands.command(name=SETTINGS_COMMAND,
                      description="Where and when the team's daily digest is posted")
@app_commands.describe(
    channel="The channel for the daily digest (admins only)",
    hour="The local hour to post it, 0-23 (admins only)",
    timezone="The IANA time zone of that hour, e.g. Europe/Paris (admins only)",
    off="True: stop posting the daily digest (admins only)",
)
async def settings_command(
    interaction: discord.Interaction[Any],
    channel: app_commands.Transform[app_commands.AppCommandChannel, DigestChannel] | None = None,
    hour: app_commands.Range[int, 0, 23] | None = None,
    timezone: str | None = None,
    off: bool | None = None,
) -> None:
    async def work() -> None:
        team = team_of(interaction)
        changing = any(option is not None for option in (channel, hour, timezone, off))
        if changing and not may_change_settings(interaction.permissions):
            raise NotAllowedError(NOT_ADMIN)
        changed(TeamSettings(), channel, hour, timezone, off)  # explain bad options at once
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        service = _bot(interaction).service
        current = await service.team_settings(team)
        if changing:
            if channel is not None:
                await check_channel(_bot(interaction), channel.id, team)
            current = changed(current, channel, hour, timezone, off)
            await service.save_team_settings(team, current)
            log.info("digest settings changed by %s: channel %s, %02d:00 %s",
                     interaction.user.id, current.digest_channel, current.digest_hour,
                     current.timezone)
        if changing:
            text = "Saved. " + describe(current)
        else:
            text = describe(current, await service.delivery_notice(team, current))
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


@settings_command.autocomplete("timezone")
async def suggest_zones(interaction: discord.Interaction[Any], typed: str
                        ) -> list[app_commands.Choice[str]]:
    """Zones containing what was typed ("paris" → Europe/Paris)."""
    with handling(interaction):
        needle = typed.strip().lower().replace(" ", "_")
        names = [name for name in zone_names() if needle in name.lower()]
        return [app_commands.Choice(name=name, value=name) for name in names[:ZONES_SUGGESTED]]


# ------------------------------------------------------------------ on demand


@app_commands.command(name=DIGEST_COMMAND,
                      description="What the desk did: checks, flags, verdicts, open claims")
@app_commands.describe(window="Which period (default: the last 24 hours)")
@app_commands.choices(window=[
    app_commands.Choice(name="today", value="today"),
    app_commands.Choice(name="yesterday", value="yesterday"),
    app_commands.Choice(name="the last 24 hours", value="24h"),
    app_commands.Choice(name="the last 7 days", value="7d"),
])
async def digest_command(interaction: discord.Interaction[Any], window: str = "24h") -> None:
    async def work() -> None:
        team = team_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        acknowledged()
        digest = await _bot(interaction).service.digest(team, window)
        message = render_digest(digest, window_title(window))
        if message.content is not None:
            await interaction.followup.send(message.content, ephemeral=True,
                                            allowed_mentions=NO_PINGS)
        else:
            await interaction.followup.send(embeds=message.embeds, ephemeral=True,
                                            allowed_mentions=NO_PINGS)

    with handling(interaction):
        await guarded(interaction, work)


# ------------------------------------------------------------------ the daily post

DAILY_TITLE = "factdesk daily digest"


class DigestPoster:
    """Posts a team's due digest in its digest channel (the scheduler's `post`)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        """Post it; a channel that is gone or closed to us is `DigestUndeliverable`: the
        scheduler does not retry it all day, and the settings answer says why.

        Other failures (Discord unavailable) are raised, so the scheduler tries again on
        its next tick; a connection lost once the message was sent is `PostUncertain`,
        so the scheduler does not post it twice.
        """
        channel_id = settings.digest_channel or ""
        if not channel_id.isdigit():
            raise DigestUndeliverable(CHANNEL_GONE, "not a channel id")
        message = render_digest(digest, DAILY_TITLE)
        try:
            channel = await server_channel(self.client, int(channel_id), team)
            if channel is None:
                raise DigestUndeliverable(NOT_THIS_SERVER, "another server's channel")
            await send(channel, message)
        except discord.Forbidden as exc:
            raise DigestUndeliverable(MAY_NOT_POST, str(exc.status)) from exc
        except discord.NotFound as exc:
            raise DigestUndeliverable(CHANNEL_GONE, str(exc.status)) from exc
        except (discord.HTTPException, aiohttp.ClientConnectorError):
            raise  # Discord answered with an error, or was never reached: not posted
        except aiohttp.ClientError as exc:  # the request may have been sent
            raise PostUncertain(f"{type(exc).__name__} after sending") from exc


async def send(channel: discord.abc.Messageable, message: DigestMessage) -> None:
    content = limits.clip(message.content, limits.CONTENT) if message.content else None
    await channel.send(content=content, embeds=message.embeds, allowed_mentions=NO_PINGS)


def setup(bot: FactdeskBot) -> None:
    """Register the digest commands on the bot's command tree."""
    bot.tree.add_command(settings_command)
    bot.tree.add_command(digest_command)
