"""The desk at a glance, built from a real Redis: the week, the open claims, the reader's
own discussions, the latest checks, and nothing of another team's."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.desk_home import build_glance, glance, week_start
from bot.records import Actor, ClaimStatus, Place, Team, TeamSettings, ThreadRef
from bot.service import Service
from tests.support.articles import HARBOUR, HARBOUR_FOLLOW_UP, SCHOOLS

NEWSROOM = Team(platform="slack", id="T0NEWS")
RIVAL = Team(platform="slack", id="T0RIVAL")
ANA, BEN = Actor(id="U1", name="Ana"), Actor(id="U2", name="Ben")
HERE = Place(channel="C-desk")


def test_the_week_starts_on_monday_in_the_teams_zone() -> None:
    sunday_night_utc = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 00:30 in Paris
    assert week_start(sunday_night_utc, "UTC") == datetime(2026, 11, 30, tzinfo=UTC)
    assert week_start(sunday_night_utc, "Europe/Paris") == datetime(2026, 12, 6, 23,
                                                                     tzinfo=UTC)


async def test_the_glance_of_one_reader(service: Service) -> None:
    harbour = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    await service.check(NEWSROOM, SCHOOLS, BEN, HERE)
    latest = await service.check(NEWSROOM, HARBOUR_FOLLOW_UP, BEN, HERE)
    cranes = next(i.claim for i in harbour.flagged if "cranes" in i.claim.quote)
    oduya = next(i.claim for i in harbour.flagged if "Oduya" in i.claim.quote)
    for claim, who in ((cranes, ANA), (oduya, ANA)):
        async def create(_claim: object, who: Actor = who, n: str = claim.id) -> ThreadRef:
            return ThreadRef(platform="slack", channel="C-desk", thread=n, opened_by=who)
        await service.open_thread(NEWSROOM, claim.id, create)
    await service.set_verdict(NEWSROOM, oduya.id, ClaimStatus.FALSE, BEN)
    await service.set_verdict(NEWSROOM, cranes.id, ClaimStatus.MISLEADING, BEN)
    await service.set_verdict(NEWSROOM, cranes.id, ClaimStatus.OPEN, BEN)
    await service.save_team_settings(NEWSROOM, TeamSettings(timezone="Asia/Tokyo"))

    seen = await glance(service, NEWSROOM, ANA)
    open_ids = [c.id for c in seen.open_claims]
    assert oduya.id not in open_ids and cranes.id in open_ids
    firsts = [c.first_seen for c in seen.open_claims]
    assert firsts == sorted(firsts), "oldest first"
    assert seen.open_total == len(open_ids)
    assert [c.id for c in seen.mine] == [cranes.id], "hers, and still open"
    assert seen.latest_checks[0].id == (latest.check.id if latest.check else None)
    assert seen.week_counts == {ClaimStatus.OPEN: 1, ClaimStatus.FALSE: 1,
                                ClaimStatus.MISLEADING: 1}
    assert seen.week_start == week_start(datetime.now(UTC), "Asia/Tokyo")

    assert (await glance(service, NEWSROOM, BEN)).mine == []
    other = await build_glance(service.desk, RIVAL, ANA)
    assert (other.open_total, other.open_claims, other.mine, other.latest_checks,
            other.week_counts) == (0, [], [], [], {})
