"""The daily digest posted on Discord: the core's scheduler calls our poster, which posts
through the fake Discord API, within Discord's limits and without pinging anyone.

The desk is real (Redis) and built through the service: a long round-up with many
flagged claims (some saying "@everyone"), verdicts on a few.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from bot.digest import LIST_CAP, Digest, DigestArticle, DigestClaim, DigestVerdict
from bot.records import Actor, ClaimStatus, Place, Team, TeamSettings, ThreadRef
from bot.redis_conn import RedisHandle
from bot.scheduler import DigestScheduler
from bot.service import Service
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.digests import (
    CHANNEL_GONE,
    MAY_NOT_POST,
    NOT_THIS_SERVER,
    DigestPoster,
)
from tests.support.fake_discord import (
    GUILD_ID,
    MASKED_LINKS,
    FakeDiscord,
    all_text,
    live_masked_links,
)
from tests.test_discord_render import assert_within_limits, long_article

TEAM = Team(platform="discord", id=str(GUILD_ID))
DIGEST_CHANNEL = 700000000000000077
ANA = Actor(id="300000000000000001", name="ana")
DAILY = TeamSettings(digest_channel=str(DIGEST_CHANNEL), digest_hour=0, timezone="UTC")


def tomorrow_morning() -> datetime:
    """Tomorrow 00:30 UTC: the digest due then covers today, when the tests check."""
    today = datetime.now(UTC).date()
    return datetime.combine(today + timedelta(days=1), time(0, 30), tzinfo=UTC)


@pytest.fixture
def scheduler(bot: FactdeskBot, service: Service, handle: RedisHandle) -> DigestScheduler:
    return DigestScheduler(handle.client, service.desk, DigestPoster(bot).post,
                           platform="discord")


def posted_in(fake: FakeDiscord, channel: int) -> list[dict[str, object]]:
    return [c.json for c in fake.find("POST", rf"/channels/{channel}/messages")]


async def test_a_busy_day_is_posted_within_limits_and_pings_no_one(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    result = await service.check(TEAM, long_article(200), ANA, Place(channel="1"))
    flagged = len(await service.claims(TEAM))
    assert flagged > LIST_CAP, "more flagged claims than the digest lists, and than fit"
    for item in result.flagged[:12]:
        await service.set_verdict(TEAM, item.claim.id, ClaimStatus.UNVERIFIABLE, ANA)

    now = tomorrow_morning()
    assert await scheduler.run_due(now) == [(TEAM, now.date())]
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert_within_limits(message)
    assert message["allowed_mentions"] == {"parse": []}
    text = all_text(message)
    assert "factdesk daily digest" in text
    assert "water board" in text and "@everyone" not in text, "article text defused"
    assert "@\u200beveryone" in text

    # every flagged claim is shown or counted; so are the verdicts and open claims
    def accounted(title: str, noun: str) -> int:
        embed = next(e for e in message["embeds"] if e["title"].startswith(title))  # type: ignore[attr-defined]
        more = re.findall(rf"(\d+) more {noun}", text)
        shown = [f for f in embed["fields"] if f["name"] != "…"]  # not the closing note
        return len(shown) + sum(int(n) for n in more)

    assert f"Flagged ({flagged})" in text and accounted("Flagged", "flagged claims") == flagged
    assert "Verdicts (12)" in text and accounted("Verdicts", "verdicts") == 12
    assert accounted("Still open", "open claims") == flagged - 12
    assert "**12 verdicts** (unverifiable 12)" in text

    # once per team and day: a second tick posts nothing more
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1


async def test_an_empty_day_is_one_line(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == [(TEAM, now.date())]
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert not message.get("embeds")
    content = str(message["content"])
    assert "\n" not in content and content.startswith("**factdesk daily digest**")
    assert "nothing was checked, flagged or settled" in content
    assert message["allowed_mentions"] == {"parse": []}


async def test_off_posts_nothing(fake: FakeDiscord, service: Service,
                                 scheduler: DigestScheduler) -> None:
    await service.save_team_settings(TEAM, DAILY.model_copy(update={"digest_channel": None}))
    assert await scheduler.run_due(tomorrow_morning()) == []
    assert not fake.find("POST", r"/channels/\d+/messages")


async def test_a_channel_closed_to_the_bot_is_recorded_not_retried_all_day(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler,
    caplog: pytest.LogCaptureFixture
) -> None:
    other = Team(platform="discord", id=str(GUILD_ID + 1))
    other_channel = 700000000000000078
    fake.channel_guilds[other_channel] = GUILD_ID + 1
    await service.save_team_settings(TEAM, DAILY)
    await service.save_team_settings(other, DAILY.model_copy(
        update={"digest_channel": str(other_channel)}))
    fake.refuse("POST", rf"/channels/{DIGEST_CHANNEL}/messages")
    now = tomorrow_morning()
    with caplog.at_level(logging.WARNING):
        assert await scheduler.run_due(now) == [(other, now.date())]
    assert len(posted_in(fake, other_channel)) == 1, "the other team's digest went out"
    [warning] = [r for r in caplog.records if "not posted" in r.getMessage()]
    said = warning.getMessage()
    assert TEAM.key in said and str(DIGEST_CHANNEL) in said and "403" in said
    assert "permissions" in said

    problem = await service.desk.digest_problem(TEAM)
    assert problem is not None and problem.reason == MAY_NOT_POST
    assert (problem.day, problem.channel) == (now.date(), str(DIGEST_CHANNEL))
    assert "Missing Permissions" not in problem.reason, "our words, not Discord's"
    assert await service.desk.digest_problem(other) is None

    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert await scheduler.run_due(now + timedelta(hours=20)) == []
    assert len(fake.find("POST", rf"/channels/{DIGEST_CHANNEL}/messages")) == 1


async def test_a_channel_gone_is_recorded_and_the_next_post_clears_it(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    fake.refuse("GET", rf"/channels/{DIGEST_CHANNEL}", status=404)
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == []
    problem = await service.desk.digest_problem(TEAM)
    assert problem is not None and problem.reason == CHANNEL_GONE
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert len(fake.find("GET", rf"/channels/{DIGEST_CHANNEL}")) == 1, "not retried all day"

    fake.refused.clear()  # the channel is back (or was fixed)
    later = now + timedelta(days=1)
    assert await scheduler.run_due(later) == [(TEAM, later.date())]
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1
    assert await service.desk.digest_problem(TEAM) is None


async def test_a_stored_channel_of_another_server_gets_nothing(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler,
    caplog: pytest.LogCaptureFixture
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    fake.channel_guilds[DIGEST_CHANNEL] = GUILD_ID + 1  # e.g. an id fixed by hand, wrongly
    now = tomorrow_morning()
    await scheduler.run_due(now)
    assert posted_in(fake, DIGEST_CHANNEL) == []
    assert any("not one of this server's" in r.getMessage() and TEAM.key in r.getMessage()
               for r in caplog.records)
    problem = await service.desk.digest_problem(TEAM)
    assert problem is not None and problem.reason == NOT_THIS_SERVER
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert posted_in(fake, DIGEST_CHANNEL) == []


async def test_a_connection_lost_after_sending_is_not_posted_again(
    fake: FakeDiscord, service: Service, scheduler: DigestScheduler,
    caplog: pytest.LogCaptureFixture
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    post_path = f"/channels/{DIGEST_CHANNEL}/messages"
    fake.drop_when(lambda c: c.method == "POST" and c.path == post_path)
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == []
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1, "Discord took it once; not sent again"
    assert any("may or may not have been posted" in r.getMessage() for r in caplog.records)


async def test_article_text_makes_no_masked_link_and_a_title_cannot_pose_as_an_address(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    now = datetime.now(UTC)
    flagged = DigestClaim(id="c1", statement=f"The closure {MASKED_LINKS} was approved",
                          status=ClaimStatus.OPEN, reasons=[MASKED_LINKS], first_seen=now,
                          articles=2)
    digest = Digest(
        team=TEAM.key, start=now - timedelta(days=1), end=now, checks=2,
        checkers={"[ana](https://evil.example/profile)": 2}, articles_total=2,
        articles=[DigestArticle(title="https://www.valmora.gov/port/notice",
                                url="https://evil.example/phish"),
                  DigestArticle(title="Valmora terminal to close", url="https://news.example/a")],
        flagged_total=1, flagged=[flagged], verdicts_total=1,
        verdicts=[DigestVerdict(claim=flagged, status=ClaimStatus.FALSE, by=ANA, at=now,
                                note=MASKED_LINKS)],
        verdicts_by_status={"false": 1}, open_total=1, open_claims=[flagged],
    )
    await DigestPoster(bot).post(TEAM, DAILY, digest)
    [message] = posted_in(fake, DIGEST_CHANNEL)
    text = all_text(message)
    assert text.count("evil.example/phish") >= 4, "claims, reasons and notes are shown"
    links = live_masked_links(text)
    assert sorted(links) == [("evil.example", "https://evil.example/phish"),
                             ("news.example", "https://news.example/a")], \
        "the only links are the articles', each labelled with the host it goes to"
    assert "www.valmora.gov/port/notice" in text, "the title is still shown"


async def test_the_largest_digest_still_fits(fake: FakeDiscord, bot: FactdeskBot) -> None:
    """Every list at the digest's cap, every text at its longest: one message, all counted."""
    now = datetime.now(UTC)
    long_text = "The council reportedly approved the harbour plan in secret " * 20

    def claim(i: int, status: ClaimStatus = ClaimStatus.OPEN) -> DigestClaim:
        return DigestClaim(id=f"c{i}", statement=f"{i} {long_text}", status=status,
                           reasons=[long_text, long_text], first_seen=now, articles=3,
                           thread=ThreadRef(platform="discord", channel="1",
                                            thread=str(800000000000000000 + i)))

    digest = Digest(
        team=TEAM.key, start=now - timedelta(days=1), end=now, checks=400,
        checkers={f"{'reporter ' * 12}{i}": i for i in range(40)},
        articles_total=180,
        articles=[DigestArticle(title=long_text, url=f"https://example.org/{i}?q=(x)")
                  for i in range(LIST_CAP)],
        flagged_total=300, flagged=[claim(i) for i in range(LIST_CAP)],
        verdicts_total=120, verdicts=[
            DigestVerdict(claim=claim(i, ClaimStatus.FALSE), status=ClaimStatus.FALSE,
                          by=Actor(id=str(i), name="a very long display name " * 4), at=now,
                          note=long_text)
            for i in range(LIST_CAP)],
        verdicts_by_status={"false": 100, "verified": 20},
        open_total=250, open_claims=[claim(i) for i in range(LIST_CAP)],
        repeated_total=75, repeated=[claim(i) for i in range(LIST_CAP)],
        tokens_in=123456, tokens_out=7890, cost_usd=1.5,
    )
    await DigestPoster(bot).post(TEAM, DAILY, digest)
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert_within_limits(message)
    embeds: list[dict[str, Any]] = message["embeds"]  # type: ignore[assignment]
    text = all_text(message)
    assert "**400 checks** of 180 articles" in text
    summary = embeds[0]["description"]
    [more] = re.findall(r"… and (\d+) more articles", summary)
    assert summary.count("\n• ") + int(more) == 180, "every article shown or counted"
    for title, noun, total in [("Flagged", "flagged claims", 300), ("Verdicts", "verdicts", 120),
                               ("Still open", "open claims", 250),
                               ("Seen in more", "repeated claims", 75)]:
        fields = [f for e in embeds if e["title"].startswith(title) for f in e.get("fields", [])
                  if f["name"] != "…"]
        [more] = re.findall(rf"(\d+) more {noun}\b", text)
        assert len(fields) + int(more) == total, title
