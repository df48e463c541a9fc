"""The daily digest posted on Slack: the core's scheduler calls our poster, which posts
with the real `chat.postMessage` HTTP call to the fake Slack Web API, within Slack's
limits and without pinging anyone.

The desk is real (Redis) and built through the service: a long round-up with many
flagged claims, each carrying Slack markup (`<!channel>`, `<@U…>`, `<!subteam^…>`,
`@everyone`) as an article might, and verdicts on a few.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.digest import LIST_CAP, Digest, DigestArticle, DigestClaim, DigestVerdict
from bot.records import Actor, ClaimStatus, Place, Team, TeamSettings, ThreadRef
from bot.redis_conn import RedisHandle
from bot.scheduler import DigestScheduler
from bot.service import Service
from handlers.slack_app.blocks import FALLBACK_CHARS
from handlers.slack_app.digests import CLOSED_CHANNEL, DigestPoster
from tests.support.fake_slack import TEAM_ID, WORKSPACE, Call, FakeSlack, fake_slack
from tests.test_slack_digest import PINGS
from tests.test_slack_render import assert_within_limits

TEAM = Team(platform="slack", id=TEAM_ID)
DIGEST_CHANNEL = "C0DIGEST"
ANA = Actor(id="U0ANA", name="ana")
DAILY = TeamSettings(digest_channel=DIGEST_CHANNEL, digest_hour=0, timezone="UTC")
PLACES = ["Northgate", "Port Ember", "Alder Vale", "Kestrel Bay", "Millbrook", "Saltmarsh"]
#: The lists of a digest: the title that opens each, and the noun its "N more" counts.
LISTS = {"Flagged": "flagged claims", "Verdicts": "verdicts",
         "Still open, oldest first": "open claims",
         "Seen in more than one article": "repeated claims"}


def round_up(sentences: int) -> str:
    """An invented council round-up: every third sentence hedged, each with Slack markup."""
    paragraphs = []
    for i in range(sentences):
        place = PLACES[i % 6]
        if i % 3 == 2:
            text = (f"The {place} water board reportedly paid <@U0BOSS>, "
                    f"<!subteam^S0EDITORS|@editors>, <!channel> & @everyone {i + 2} million "
                    f"euros for pipe {i}.")
        else:
            text = (f"Councillor Ilse Marr said the {place} ferry route {i} had carried "
                    f"{1000 + i} passengers last year.")
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def tomorrow_morning() -> datetime:
    """Tomorrow 00:30 UTC: the digest due then covers today, when the tests check."""
    today = datetime.now(UTC).date()
    return datetime.combine(today + timedelta(days=1), time(0, 30), tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with fake_slack() as server:
        yield server


@pytest.fixture
def poster(fake: FakeSlack) -> DigestPoster:
    """As `factdesk slack` makes it: around the app's Web API client (the bot token)."""
    return DigestPoster(AsyncWebClient(token="xoxb-test", base_url=fake.api_url))


@pytest.fixture
def scheduler(poster: DigestPoster, service: Service, handle: RedisHandle) -> DigestScheduler:
    return DigestScheduler(handle.client, service.desk, poster.post, platform="slack")


def posted_in(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in fake.of("chat.postMessage") if c["channel"] == channel]


def sections(call: Call) -> list[str]:
    return [b["text"]["text"] for b in call["blocks"] if b["type"] == "section"]


def accounted(call: Call) -> dict[str, tuple[int, int]]:
    """For each list: (its total in the title, entries shown + "… and N more")."""
    found: dict[str, tuple[int, int]] = {}
    current = None
    for text in sections(call):
        title = re.match(r"\*(.+) \((\d+)\)\*", text)
        if title and title.group(1) in LISTS:
            current = title.group(1)
            found[current] = (int(title.group(2)), 0)
        if current is None:
            continue
        total, counted = found[current]
        counted += len(re.findall(r"^• ", text, re.MULTILINE))
        more = re.search(rf"… and (\d+) more {LISTS[current]}", text)
        found[current] = (total, counted + (int(more.group(1)) if more else 0))
    return found


def assert_postable(call: Call) -> None:
    """Within Slack's limits for one message, sent the one safe way."""
    assert_within_limits(call["blocks"])
    assert 0 < len(call["text"]) <= FALLBACK_CHARS
    assert sum(len(text) for text in sections(call)) < 40_000
    assert call["parse"] == "none" and call["link_names"] is False
    assert call["unfurl_links"] is False and call["unfurl_media"] is False


async def test_a_busy_day_is_posted_within_limits_and_pings_no_one(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    result = await service.check(TEAM, round_up(180), ANA, Place(channel="C0NEWS"))
    flagged = len(await service.claims(TEAM))
    assert flagged > LIST_CAP, "more flagged claims than the digest lists, and than fit"
    for item in result.flagged[:12]:
        await service.set_verdict(TEAM, item.claim.id, ClaimStatus.UNVERIFIABLE, ANA)

    now = tomorrow_morning()
    assert await scheduler.run_due(now) == [(TEAM, now.date())]
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert message.token == "xoxb-test"
    assert_postable(message)
    assert message["blocks"][0]["text"]["text"] == "factdesk daily digest"
    shown = "\n".join(sections(message)) + message["text"]
    assert "water board" in shown
    found = PINGS.search(shown)
    assert found is None, f"the digest could ping: {found and found.group(0)!r}"
    assert "&lt;@U0BOSS&gt;" in shown and "&lt;!channel&gt;" in shown
    assert "&lt;!subteam^S0EDITORS|@editors&gt;" in shown

    # every flagged claim, verdict and open claim is shown or counted
    assert accounted(message) == {
        "Flagged": (flagged, flagged), "Verdicts": (12, 12),
        "Still open, oldest first": (flagged - 12, flagged - 12),
    }
    assert "*12 verdicts* (unverifiable 12)" in shown

    # once per team and day: a second tick posts nothing more
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1


async def test_an_empty_day_is_one_line(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == [(TEAM, now.date())]
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert not message.get("blocks")
    text = str(message["text"])
    assert "\n" not in text and text.startswith("*factdesk daily digest*")
    assert "nothing was checked, flagged or settled" in text
    assert message["parse"] == "none"


async def test_off_posts_nothing_and_other_platforms_are_not_ours(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY.model_copy(update={"digest_channel": None}))
    await service.save_team_settings(Team(platform="discord", id="81"), TeamSettings(
        digest_channel="700000000000000001", digest_hour=0, timezone="UTC"))
    assert await scheduler.run_due(tomorrow_morning()) == []
    assert not fake.of("chat.postMessage")


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
async def test_a_channel_closed_to_the_bot_is_recorded_and_the_others_still_posted(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler,
    caplog: pytest.LogCaptureFixture, error: str
) -> None:
    other = Team(platform="slack", id="T0OTHER")
    await service.save_team_settings(TEAM, DAILY)
    await service.save_team_settings(other, DAILY.model_copy(update={"digest_channel": "C0OK"}))
    fake.fail("chat.postMessage", error, where=lambda c: c["channel"] == DIGEST_CHANNEL)
    now = tomorrow_morning()
    with caplog.at_level(logging.WARNING):
        posted = await scheduler.run_due(now)
    assert posted == [(other, now.date())], "only the other team's digest went out"
    [warning] = [r for r in caplog.records if "not posted" in r.getMessage()]
    said = warning.getMessage()
    assert TEAM.key in said and DIGEST_CHANNEL in said and error in said
    assert len(posted_in(fake, "C0OK")) == 1, "the other team's digest went out"

    # kept for the settings answers, in our words: what is wrong and what to do
    problem = await service.desk.digest_problem(TEAM)
    assert problem is not None
    assert (problem.day, problem.channel) == (now.date(), DIGEST_CHANNEL)
    assert problem.reason == CLOSED_CHANNEL[error] and error not in problem.reason
    assert "another channel" in problem.reason
    assert await service.desk.digest_problem(other) is None, "only that team's"

    assert await scheduler.run_due(now + timedelta(minutes=1)) == [], "not retried all day"
    assert await scheduler.run_due(now + timedelta(hours=20)) == []
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1


async def test_the_next_digest_posted_clears_the_problem(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    fake.fail("chat.postMessage", "not_in_channel")
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == []
    assert await service.desk.digest_problem(TEAM) is not None

    # factdesk was invited meanwhile: the next day's digest goes out
    later = now + timedelta(days=1)
    assert await scheduler.run_due(later) == [(TEAM, later.date())]
    assert posted_in(fake, DIGEST_CHANNEL)[-1].answer["ok"] is True
    assert await service.desk.digest_problem(TEAM) is None


async def test_a_connection_lost_after_sending_is_not_posted_again(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler,
    caplog: pytest.LogCaptureFixture
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    fake.drop_when(lambda c: c.method == "chat.postMessage" and c["channel"] == DIGEST_CHANNEL)
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == []
    assert await scheduler.run_due(now + timedelta(minutes=1)) == []
    assert len(posted_in(fake, DIGEST_CHANNEL)) == 1, "Slack took it once; not sent again"
    assert any("may or may not have been posted" in r.getMessage() for r in caplog.records)


async def test_blocks_slack_refuses_fall_back_to_the_summary(
    fake: FakeSlack, service: Service, scheduler: DigestScheduler
) -> None:
    await service.save_team_settings(TEAM, DAILY)
    await service.check(TEAM, round_up(9), ANA, Place(channel="C0NEWS"))
    fake.fail("chat.postMessage", "invalid_blocks")
    now = tomorrow_morning()
    assert await scheduler.run_due(now) == [(TEAM, now.date())]
    first, second = posted_in(fake, DIGEST_CHANNEL)
    assert first.answer["ok"] is False and first.get("blocks")
    assert second.answer["ok"] is True and not second.get("blocks")
    assert second["text"].startswith("factdesk daily digest: *1 check*")


async def test_the_largest_digest_still_fits(fake: FakeSlack, poster: DigestPoster) -> None:
    """Every list at the digest's cap, every text at its longest: one message, all counted."""
    now = datetime.now(UTC)
    long_text = "The council reportedly approved the harbour plan in secret <!here> " * 40

    def claim(i: int, status: ClaimStatus = ClaimStatus.OPEN) -> DigestClaim:
        url = f"{WORKSPACE}/archives/C0NEWS/p17000000000{i:05d}"
        return DigestClaim(id=f"c{i}", statement=f"{i} {long_text}", status=status,
                           reasons=[long_text, long_text], first_seen=now, articles=3,
                           thread=ThreadRef(platform="slack", channel="C0NEWS",
                                            thread=f"1700000000.{i:06d}", url=url))

    digest = Digest(
        team=TEAM.key, start=now - timedelta(days=1), end=now, checks=400,
        checkers={f"{'reporter <!everyone> ' * 12}{i}": i for i in range(40)},
        articles_total=180,
        articles=[DigestArticle(title=long_text, url=f"https://example.org/{i}?a=1&b=<x>|y")
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
    await poster.post(TEAM, DAILY, digest)
    [message] = posted_in(fake, DIGEST_CHANNEL)
    assert message.answer["ok"] is True
    assert_postable(message)
    assert accounted(message) == {
        "Flagged": (300, 300), "Verdicts": (120, 120),
        "Still open, oldest first": (250, 250), "Seen in more than one article": (75, 75),
    }
    shown = "\n".join(sections(message))
    assert PINGS.search(shown) is None
    assert "*400 checks* of 180 articles" in shown
    assert "… and 175 more articles" in shown and "and 34 more" in shown  # checkers
    assert f"<{WORKSPACE}/archives/C0NEWS/p1700000000000000|thread>" in shown
    assert "<https://example.org/0?a=1&amp;b=%3Cx%3E%7Cy|" in shown, "a link Slack can read"
    blocks: list[dict[str, Any]] = message["blocks"]
    assert len(blocks) < 20
