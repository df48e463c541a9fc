"""Reminders for stale claims: due after the team's number of days, sent once per claim
and interval by racing schedulers (each with its own Redis connection, as replicas), in
the claim's thread, mentioning only the person who opened the discussion. Slack through
the fake Web API, Discord through discord.py against the fake REST API, a real Redis."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.desk import Desk
from bot.records import Actor, ClaimStatus, FlaggedClaim, Place, Team, TeamSettings, ThreadRef
from bot.redis_conn import connect
from bot.reminders import ReminderScheduler, Sender, parse_days, reminders_text
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.desk_commands import REMINDERS_COMMAND
from handlers.discord_bot.reminders import DiscordReminders
from handlers.slack_app.reminders import SlackReminders
from tests.support.articles import HARBOUR
from tests.support.fake_discord import (
    ADMIN_PERMISSIONS,
    GUILD_ID,
    FakeDiscord,
    Interactions,
    all_text,
    feed,
)
from tests.support.fake_slack import TEAM_ID
from tests.support.slack_signing import Scenario

SLACK_TEAM = Team(platform="slack", id=TEAM_ID)
DISCORD_TEAM = Team(platform="discord", id=str(GUILD_ID))
ANA_SLACK = Actor(id="U0ANA", name="ana")
ANA_DISCORD = Actor(id="300000000000000001", name="ana")
#: the cranes sentence made to say "@everyone" and "<!channel>": article text, never a ping
LOUD = HARBOUR.replace("reportedly told staff that", "reportedly told @everyone and "
                       "<!channel> at the port that")
SLACK_PINGS = re.compile(r"<[@!#]|@(here|channel|everyone)\b", re.IGNORECASE)


async def desk_with_threads(service: Service, team: Team, opener: Actor, channel: str
                            ) -> tuple[FlaggedClaim, FlaggedClaim, FlaggedClaim]:
    """Three open claims: one discussed (the reminder's), one settled, one never discussed."""
    result = await service.check(team, LOUD, opener, Place(channel=channel))
    cranes = next(i.claim for i in result.flagged if "cranes" in i.claim.quote)
    settled = next(i.claim for i in result.flagged if "Oduya" in i.claim.quote)
    for n, claim in enumerate((cranes, settled)):
        async def create(_claim: object, n: int = n) -> ThreadRef:
            return ThreadRef(platform=team.platform, channel=channel,
                             thread=f"80000000000000010{n}" if team.platform == "discord"
                             else f"1700000000.00010{n}", opened_by=opener)
        await service.open_thread(team, claim.id, create)
    await service.set_verdict(team, settled.id, ClaimStatus.FALSE, opener)
    untouched = next(i.claim for i in result.flagged if "secret" in i.claim.quote)
    return await service.claim(team, cranes.id), settled, untouched


async def racing(settings: Settings, sender: Sender, platform: str, now: datetime,
                 replicas: int = 2) -> list[list[tuple[Team, str]]]:
    """`replicas` schedulers, each on a Redis connection of its own, ticking at once."""
    handles = [connect(settings) for _ in range(replicas)]
    try:
        schedulers = [ReminderScheduler(h.client, Desk(h.client), sender, platform=platform)
                      for h in handles]
        return list(await asyncio.gather(*(s.run_due(now) for s in schedulers)))
    finally:
        for h in handles:
            await h.close()


def test_the_setting_in_words_and_its_parsing() -> None:
    assert "off" in reminders_text(TeamSettings())
    assert "open 5 days" in reminders_text(TeamSettings(reminder_days=5))
    assert parse_days("7d") == 7 and parse_days("off") is None
    with pytest.raises(Exception, match="1 to 365"):
        parse_days("soon")


async def test_slack_reminder_is_sent_once_by_racing_schedulers_to_its_opener_only(
    slack: Scenario, service: Service, redis_settings: Settings
) -> None:
    cranes, _settled, _untouched = await desk_with_threads(service, SLACK_TEAM, ANA_SLACK,
                                                           "C0NEWS")
    sender = SlackReminders(slack.app.client).send
    now = datetime.now(UTC)
    assert await racing(redis_settings, sender, "slack", now + timedelta(days=9)) == [[], []], \
        "off by default"

    await service.save_team_settings(SLACK_TEAM, TeamSettings(reminder_days=3))
    assert await racing(redis_settings, sender, "slack", now + timedelta(days=2)) == [[], []], \
        "not stale yet"
    ticks = await racing(redis_settings, sender, "slack", now + timedelta(days=4))
    assert sorted(len(t) for t in ticks) == [0, 1], "one replica sent it, the other did not"
    [posted] = slack.fake.of("chat.postMessage")
    assert cranes.thread is not None
    assert (posted["channel"], posted["thread_ts"]) == ("C0NEWS", cranes.thread.thread)
    text = posted["text"]
    assert text.startswith("<@U0ANA> ") and "open for 4 days" in text
    assert not SLACK_PINGS.search(text.removeprefix("<@U0ANA> ")), "only the opener"
    assert "@\u2060everyone" in text and "&lt;!channel&gt;" in text

    again = await racing(redis_settings, sender, "slack", now + timedelta(days=5))
    assert again == [[], []] and len(slack.fake.of("chat.postMessage")) == 1
    later = await racing(redis_settings, sender, "slack", now + timedelta(days=8))
    assert sorted(len(t) for t in later) == [0, 1], "the next interval: once more"


async def test_a_failed_post_is_tried_again(slack: Scenario, service: Service,
                                            redis_settings: Settings) -> None:
    await desk_with_threads(service, SLACK_TEAM, ANA_SLACK, "C0NEWS")
    await service.save_team_settings(SLACK_TEAM, TeamSettings(reminder_days=1))
    slack.fake.fail("chat.postMessage", "channel_not_found")
    sender = SlackReminders(slack.app.client).send
    later = datetime.now(UTC) + timedelta(days=2)
    assert await racing(redis_settings, sender, "slack", later, replicas=1) == [[]]
    [[(team, _claim)]] = await racing(redis_settings, sender, "slack", later, replicas=1)
    assert team == SLACK_TEAM


async def test_discord_reminder_once_and_only_its_opener_may_be_pinged(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, redis_settings: Settings
) -> None:
    cranes, _settled, _untouched = await desk_with_threads(service, DISCORD_TEAM, ANA_DISCORD,
                                                           "700000000000000001")
    await service.save_team_settings(DISCORD_TEAM, TeamSettings(reminder_days=2))
    sender = DiscordReminders(bot).send
    ticks = await racing(redis_settings, sender, "discord",
                         datetime.now(UTC) + timedelta(days=3), replicas=3)
    assert sorted(len(t) for t in ticks) == [0, 0, 1]
    assert cranes.thread is not None
    posts = fake.find("POST", rf"/channels/{cranes.thread.thread}/messages")
    [post] = posts
    assert post.json["content"].startswith(f"<@{ANA_DISCORD.id}> ")
    mentions = post.json["allowed_mentions"]
    assert mentions["parse"] == [] and [str(u) for u in mentions["users"]] == [ANA_DISCORD.id]
    assert not mentions.get("roles")
    assert len([c for c in fake.calls if c.method == "POST" and "/messages" in c.path]) == 1


async def test_discord_reminders_command(bot: FactdeskBot, fake: FakeDiscord,
                                         service: Service) -> None:
    member = Interactions(fake)
    payload = member.command(REMINDERS_COMMAND, [{"name": "days", "type": 4, "value": 5}])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert "Manage Server" in all_text(reply.message)
    admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
    payload = admin.command(REMINDERS_COMMAND, [{"name": "days", "type": 4, "value": 5}])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert all_text(reply.message).startswith("Saved.")
    assert (await service.team_settings(DISCORD_TEAM)).reminder_days == 5


async def test_slack_reminders_subcommand(slack: Scenario, service: Service) -> None:
    await slack.driver.command("reminders 4")
    [told] = await slack.fake.wait_for("respond")
    assert "Only workspace admins" in told["text"]
    assert (await service.team_settings(SLACK_TEAM)).reminder_days is None
    slack.fake.admins.add("U0ANA")
    await slack.driver.command("reminders 4")
    answers = await slack.fake.wait_for("respond", count=2)
    assert answers[1]["text"].startswith("Saved.") and "open 4 days" in answers[1]["text"]
    assert (await service.team_settings(SLACK_TEAM)).reminder_days == 4
    await slack.driver.command("reminders")
    answers = await slack.fake.wait_for("respond", count=3)
    assert answers[2]["text"].startswith("A claim still open 4 days")
