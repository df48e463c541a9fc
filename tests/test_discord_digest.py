"""Digests on Discord: /factcheck-settings (admins change, everyone looks), /factcheck-digest.

The bot is discord.py's own client against the fake Discord REST API; Redis is real, and
the desk is built through the service, as a team would build it by checking articles.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.analyzers.rules import RulesAnalyzer
from bot.records import Actor, ClaimStatus, Place, Team, TeamSettings
from bot.redis_conn import connect
from bot.scheduler import DigestScheduler
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.digests import (
    CANNOT_SEE_CHANNEL,
    DIGEST_COMMAND,
    NOT_ADMIN,
    NOT_TEXT_CHANNEL,
    OTHER_SERVER,
    SETTINGS_COMMAND,
    DigestPoster,
)
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.fake_discord import (
    ADMIN_PERMISSIONS,
    GUILD_ID,
    Call,
    FakeDiscord,
    Interactions,
    all_text,
    channel_option,
    feed,
    live_masked_links,
    logged_in,
)
from tests.support.redis_server import RedisServer
from tests.test_discord_render import assert_within_limits

TEAM = Team(platform="discord", id=str(GUILD_ID))
DIGEST_CHANNEL = 700000000000000042
ANA = Actor(id="300000000000000001", name="ana")


def private(call: Call) -> bool:
    return bool(call.message.get("flags", 0) & 64)


async def reply_to(fake: FakeDiscord, payload: dict[str, Any]) -> Call:
    """The one message an interaction was answered with (after any placeholder)."""
    token = payload["token"]
    [reply] = await fake.wait_for(lambda c: token in c.path and c.sends_message())
    return reply


def settings_options(hour: int | None = None, timezone: str | None = None,
                     off: bool | None = None) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    if hour is not None:
        options.append({"name": "hour", "type": 4, "value": hour})
    if timezone is not None:
        options.append({"name": "timezone", "type": 3, "value": timezone})
    if off is not None:
        options.append({"name": "off", "type": 5, "value": off})
    return options


def set_channel(users: Interactions, **others: Any) -> dict[str, Any]:
    option, resolved = channel_option("channel", DIGEST_CHANNEL, "fact-desk-digest")
    return users.command(SETTINGS_COMMAND, [option, *settings_options(**others)], resolved)


# ------------------------------------------------------------------ settings


async def test_the_commands_discord_shows(bot: FactdeskBot, fake: FakeDiscord) -> None:
    [sync] = fake.find("PUT", rf"/applications/\d+/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.json}
    settings = {o["name"]: o for o in commands[SETTINGS_COMMAND]["options"]}
    assert settings["channel"]["type"] == 7 and sorted(settings["channel"]["channel_types"]) == [
        0, 5]  # text and announcement channels only
    assert (settings["hour"]["min_value"], settings["hour"]["max_value"]) == (0, 23)
    assert settings["timezone"]["autocomplete"] is True
    assert not any(o.get("required") for o in settings.values()), "no options: just look"
    assert commands[SETTINGS_COMMAND].get("default_member_permissions") is None, \
        "visible to everyone: looking is allowed, changing is checked"
    [window] = commands[DIGEST_COMMAND]["options"]
    assert [c["value"] for c in window["choices"]] == ["today", "yesterday", "24h", "7d"]


async def test_an_admin_sets_the_digest_channel_hour_and_zone(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    payload = set_channel(admin, hour=7, timezone="europe/paris")
    feed(bot, payload)
    reply = await reply_to(fake, payload)

    saved = await service.team_settings(TEAM)
    assert saved == TeamSettings(digest_channel=str(DIGEST_CHANNEL), digest_hour=7,
                                 timezone="Europe/Paris")  # the zone as IANA spells it
    assert private(reply)
    text = reply.message["content"]
    assert text.startswith("Saved.") and f"<#{DIGEST_CHANNEL}>" in text
    assert "07:00 Europe/Paris" in text
    assert reply.message["allowed_mentions"] == {"parse": []}

    # only the hour changes: the rest stays as set
    again = admin.command(SETTINGS_COMMAND, settings_options(hour=18))
    feed(bot, again)
    await reply_to(fake, again)
    assert await service.team_settings(TEAM) == saved.model_copy(update={"digest_hour": 18})

    # and off turns the digest off, keeping the hour and zone for when it is back on
    off = admin.command(SETTINGS_COMMAND, settings_options(off=True))
    feed(bot, off)
    assert "**off**" in (await reply_to(fake, off)).message["content"]
    assert await service.team_settings(TEAM) == TeamSettings(
        digest_channel=None, digest_hour=18, timezone="Europe/Paris")


async def test_a_member_may_look_but_not_change(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    await service.save_team_settings(TEAM, TeamSettings(digest_channel="123456789012345678",
                                                        digest_hour=9, timezone="Asia/Tokyo"))
    member = Interactions(fake, user_name="ben")  # no Manage Server permission

    change = set_channel(member, hour=3)
    feed(bot, change)
    refusal = await reply_to(fake, change)
    assert private(refusal)
    assert refusal.message["content"] == NOT_ADMIN
    assert fake.find("POST", r"/interactions/\d+/[^/]+/callback")[-1].json["type"] == 4, \
        "refused at once, no placeholder"
    assert (await service.team_settings(TEAM)).digest_hour == 9, "nothing changed"

    look = member.command(SETTINGS_COMMAND, [])
    feed(bot, look)
    shown = await reply_to(fake, look)
    assert private(shown)
    assert "<#123456789012345678>" in shown.message["content"]
    assert "09:00 Asia/Tokyo" in shown.message["content"]
    assert not shown.message["content"].startswith("Saved")


async def test_a_digest_that_could_not_be_posted_is_shown_with_the_settings_until_saved(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, redis_settings: Settings
) -> None:
    await service.save_team_settings(TEAM, TeamSettings(digest_channel=str(DIGEST_CHANNEL),
                                                        digest_hour=0, timezone="UTC"))
    fake.refuse("POST", rf"/channels/{DIGEST_CHANNEL}/messages")
    handle = connect(redis_settings)
    try:
        scheduler = DigestScheduler(handle.client, service.desk, DigestPoster(bot).post)
        assert await scheduler.run_due(datetime(2031, 12, 2, 0, 30, tzinfo=UTC)) == []
    finally:
        await handle.close()
    warning = ("⚠ The digest of 2 Dec could not be posted: factdesk may not post in that "
               "channel. Give it the View Channel, Send Messages and Embed Links permissions "
               f"there, or pick another channel with `/{SETTINGS_COMMAND} channel:`.")

    # anyone who looks is told, under the settings
    look = Interactions(fake, user_name="ben").command(SETTINGS_COMMAND, [])
    feed(bot, look)
    shown = await reply_to(fake, look)
    assert private(shown)
    assert shown.message["content"].startswith(f"The daily digest is posted in <#{DIGEST_CHANNEL}>")
    assert shown.message["content"].endswith("\n" + warning)

    # an admin who saves the settings (here only the hour) clears it
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    change = admin.command(SETTINGS_COMMAND, settings_options(hour=6))
    feed(bot, change)
    saved = (await reply_to(fake, change)).message["content"]
    assert saved.startswith("Saved.") and "⚠" not in saved
    again = admin.command(SETTINGS_COMMAND, [])
    feed(bot, again)
    text = (await reply_to(fake, again)).message["content"]
    assert f"<#{DIGEST_CHANNEL}>" in text and "06:00 UTC" in text
    assert "⚠" not in text and "could not be posted" not in text


async def test_off_until_a_channel_is_set(bot: FactdeskBot, fake: FakeDiscord) -> None:
    look = Interactions(fake).command(SETTINGS_COMMAND, [])
    feed(bot, look)
    text = (await reply_to(fake, look)).message["content"]
    assert "**off**" in text and f"/{SETTINGS_COMMAND} channel:" in text


async def test_a_bad_time_zone_is_explained(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    payload = set_channel(admin, timezone="Paris")
    feed(bot, payload)
    reply = await reply_to(fake, payload)
    assert private(reply)
    text = reply.message["content"]
    assert "Unknown time zone 'Paris'" in text and "Europe/Paris" in text and "IANA" in text
    assert await service.team_settings(TEAM) == TeamSettings(), "nothing saved"


async def test_a_tzdata_folder_is_explained_not_a_failure(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    payload = set_channel(admin, timezone="America")  # a folder of tzdata, not a zone
    feed(bot, payload)
    reply = await reply_to(fake, payload)
    assert private(reply)
    text = reply.message["content"]
    assert "not an IANA time zone name" in text and "Europe/Paris" in text
    assert "Reference" not in text, "a typing mistake is not our failure"
    assert await service.team_settings(TEAM) == TeamSettings(), "nothing saved"


async def test_what_was_typed_is_quoted_back_as_text(
    bot: FactdeskBot, fake: FakeDiscord
) -> None:
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    payload = set_channel(admin, timezone="[Europe/Paris](https://evil.example/login)")
    feed(bot, payload)
    text = (await reply_to(fake, payload)).message["content"]
    assert "not an IANA time zone name" in text and "evil.example/login" in text
    assert live_masked_links(text) == []


async def test_a_channel_of_another_server_is_refused(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    fake.channel_guilds[DIGEST_CHANNEL] = GUILD_ID + 1  # as Discord says, asked directly
    payload = set_channel(Interactions(fake, permissions=ADMIN_PERMISSIONS))
    feed(bot, payload)
    assert (await reply_to(fake, payload)).message["content"] == OTHER_SERVER
    assert (await service.team_settings(TEAM)).digest_channel is None


async def test_a_channel_factdesk_cannot_see_is_refused(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    fake.refuse("GET", rf"/channels/{DIGEST_CHANNEL}")
    payload = set_channel(Interactions(fake, permissions=ADMIN_PERMISSIONS))
    feed(bot, payload)
    assert (await reply_to(fake, payload)).message["content"] == CANNOT_SEE_CHANNEL
    assert (await service.team_settings(TEAM)).digest_channel is None


async def test_a_voice_channel_is_refused(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    option, resolved = channel_option("channel", DIGEST_CHANNEL, "newsroom-call", kind=2)
    payload = Interactions(fake, permissions=ADMIN_PERMISSIONS).command(
        SETTINGS_COMMAND, [option], resolved)
    feed(bot, payload)
    assert (await reply_to(fake, payload)).message["content"] == NOT_TEXT_CHANNEL
    assert (await service.team_settings(TEAM)).digest_channel is None


async def test_time_zones_are_suggested_as_you_type(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).autocomplete(SETTINGS_COMMAND, [
        {"name": "timezone", "type": 3, "value": "pari", "focused": True}])
    feed(bot, payload)
    [call] = await fake.wait_for(lambda c: payload["token"] in c.path)
    assert call.json["type"] == 8
    choices = [c["value"] for c in call.json["data"]["choices"]]
    assert "Europe/Paris" in choices and len(choices) <= 25


# ------------------------------------------------------------------ /factcheck-digest


async def test_digest_shows_the_desk_to_the_asker_only(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    where = Place(channel="700000000000000001")
    harbour = await service.check(TEAM, HARBOUR, ANA, where)
    await service.check(TEAM, SCHOOLS, Actor(id="2", name="Ben"), where)
    judged = harbour.flagged[0].claim
    await service.set_verdict(TEAM, judged.id, ClaimStatus.FALSE, ANA)
    still_open = await service.claims(TEAM, ClaimStatus.OPEN)
    assert still_open, "the articles leave claims open"

    payload = Interactions(fake).command(
        DIGEST_COMMAND, [{"name": "window", "type": 3, "value": "7d"}])
    feed(bot, payload)
    reply = await reply_to(fake, payload)
    assert private(reply)
    assert reply.message["allowed_mentions"] == {"parse": []}
    assert_within_limits(reply.message)
    text = all_text(reply.message)
    assert "the last 7 days" in text
    assert "**2 checks** of 2 articles by ana (1), Ben (1)" in text
    assert f"**{len(await service.claims(TEAM))} flagged**" in text
    assert "**1 verdict** (false 1)" in text
    assert f"**{len(still_open)} still open**" in text
    verdicts = next(e for e in reply.message["embeds"] if e["title"].startswith("Verdicts"))
    [verdict] = verdicts["fields"]
    assert judged.statement[:30] in verdict["name"]
    assert "**false** by ana" in verdict["value"]
    open_embed = next(e for e in reply.message["embeds"] if e["title"].startswith("Still open"))
    assert open_embed["title"] == f"Still open, oldest first ({len(still_open)})"
    shown = len([f for f in open_embed["fields"] if f["name"] != "…"])
    notes = re.findall(r"(\d+) more open claims", text)
    assert shown + sum(int(n) for n in notes) == len(still_open)


async def test_an_empty_digest_is_one_line(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).command(
        DIGEST_COMMAND, [{"name": "window", "type": 3, "value": "yesterday"}])
    feed(bot, payload)
    reply = await reply_to(fake, payload)
    assert private(reply) and not reply.message.get("embeds")
    text = reply.message["content"]
    assert "\n" not in text and "nothing was checked, flagged or settled" in text
    assert "yesterday" in text


async def test_redis_down_settings_are_not_said_to_be_saved(
    fake: FakeDiscord, settings: Settings, tmp_path: Path
) -> None:
    own = RedisServer(tmp_path / "redis")
    own.start()
    settings = settings.model_copy(update={"redis_url": own.url})
    handle = connect(settings)
    try:
        async with logged_in(Service(settings, handle.client, RulesAnalyzer())) as bot:
            own.stop()
            payload = set_channel(Interactions(fake, permissions=ADMIN_PERMISSIONS), hour=8)
            feed(bot, payload)
            [reply] = await fake.wait_for(
                lambda c: c.sends_message() and payload["token"] in c.path, within=20)
            assert private(reply)
            assert "database is unreachable" in reply.message["content"]
            assert "Saved" not in reply.message["content"]
    finally:
        await handle.close()
        own.stop()
