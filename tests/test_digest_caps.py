"""A busy day's digest: everything in the window counted, at most LIST_CAP of each listed.

The desk is filled through its own write paths (tests/support/desk_fill.py) with more
checks, articles, flagged claims, verdicts and repeats in the window than a digest
lists; the expected digest is worked out from the full records (every claim, its
sightings and verdict history, every check), not from the indexes the digest reads.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot import keys
from bot.desk import Desk
from bot.digest import LIST_CAP, Digest, build_digest
from bot.digest_report import to_markdown
from bot.records import Actor, CheckRecord, ClaimStatus, FlaggedClaim, Team
from bot.redis_conn import RedisHandle
from tests.support.desk_fill import DeskShape, fill_desk

TEAM = Team(platform="slack", id="TBUSY")
END = datetime(2031, 5, 4, 9, tzinfo=UTC)
START = END - timedelta(hours=24)
SHAPE = DeskShape(checks=400, claims=900, end=END, days=2, repeat_every=2)


@pytest.fixture
async def busy(handle: RedisHandle) -> tuple[Desk, list[FlaggedClaim], list[CheckRecord]]:
    desk = Desk(handle.client)
    await fill_desk(desk, TEAM, SHAPE)
    claims = await desk.claims(TEAM, await desk.claim_ids(TEAM))
    check_ids = {s.check_id for c in claims for s in c.sightings if START <= s.at < END}
    checks = sorted(await desk.checks(TEAM, list(check_ids)), key=lambda c: c.at)
    return desk, claims, checks


def _in_window(moment: datetime) -> bool:
    return START <= moment < END


async def test_counts_cover_everything_in_the_window_beyond_the_cap(
    busy: tuple[Desk, list[FlaggedClaim], list[CheckRecord]],
) -> None:
    desk, claims, checks = busy
    digest = await build_digest(desk, TEAM, START, END)

    verdicts = [v for c in claims for v in c.history if _in_window(v.at)]
    flagged = [c for c in claims if _in_window(c.first_seen)]
    still_open = [c for c in claims if c.status is ClaimStatus.OPEN]
    repeated = [c for c in claims if _in_window(c.last_seen)
                and len({s.analysis_key for s in c.sightings}) > 1]
    articles = {c.canonical_url for c in checks}
    for many in (checks, articles, flagged, verdicts, still_open, repeated):
        assert len(many) > LIST_CAP, "the fill must overflow every list"

    assert digest.checks == len(checks)
    assert digest.checkers == Counter(c.who.label for c in checks)
    assert digest.articles_total == len(articles)
    assert digest.flagged_total == len(flagged)
    assert digest.verdicts_total == len(verdicts)
    assert digest.verdicts_by_status == Counter(v.status.value for v in verdicts)
    assert digest.open_total == len(still_open)
    assert digest.repeated_total == len(repeated)
    assert digest.tokens_in == sum(c.tokens_in for c in checks) > 0
    assert digest.tokens_out == sum(c.tokens_out for c in checks) > 0
    assert digest.cost_usd == round(sum(c.cost_usd for c in checks), 6) > 0
    assert f"**{len(checks)} checks** of {len(articles)} articles by" in to_markdown(digest)


async def test_lists_hold_the_cap_in_their_order(
    busy: tuple[Desk, list[FlaggedClaim], list[CheckRecord]],
) -> None:
    desk, claims, checks = busy
    digest = await build_digest(desk, TEAM, START, END)

    def ids(listed: list[FlaggedClaim]) -> list[str]:
        return [c.id for c in listed][:LIST_CAP]

    # the indexes order claims seen at the same instant by id
    oldest_first = sorted(claims, key=lambda c: (c.first_seen, c.id))
    assert [c.id for c in digest.flagged] == ids(
        [c for c in oldest_first if _in_window(c.first_seen)])
    assert [c.id for c in digest.open_claims] == ids(
        [c for c in oldest_first if c.status is ClaimStatus.OPEN])
    assert [c.id for c in digest.repeated] == ids(sorted(
        (c for c in claims if _in_window(c.last_seen)
         and len({s.analysis_key for s in c.sightings}) > 1),
        key=lambda c: (c.last_seen, c.id), reverse=True))
    assert all(c.articles > 1 for c in digest.repeated)

    newest_verdicts = sorted(
        ((v.at, c.id, v.status, v.by) for c in claims for v in c.history if _in_window(v.at)),
        reverse=True)[:LIST_CAP]
    assert [(v.at, v.claim.id, v.status, v.by) for v in digest.verdicts] == newest_verdicts

    first_checks: dict[str | None, CheckRecord] = {}
    for check in checks:
        first_checks.setdefault(check.canonical_url, check)
    per_article = Counter(c.canonical_url for c in checks)
    assert [(a.url, a.title, a.checks) for a in digest.articles] == [
        (url, check.title, per_article[url])
        for url, check in list(first_checks.items())[:LIST_CAP]
    ]


async def test_verdicts_indexed_without_their_status_are_still_counted(
    handle: RedisHandle, busy: tuple[Desk, list[FlaggedClaim], list[CheckRecord]],
) -> None:
    """Verdicts a desk indexed before statuses were part of the index member."""
    desk, claims, _ = busy
    before = await build_digest(desk, TEAM, START, END)
    index = keys.verdicts_by_time(TEAM)
    given = [(c.id, n, v) for c in claims for n, v in enumerate(c.history) if _in_window(v.at)]
    async with handle.client.pipeline(transaction=True) as pipe:
        for claim_id, n, verdict in given:
            pipe.zrem(index, f"{claim_id}:{n}:{verdict.status.value}")
            pipe.zadd(index, {f"{claim_id}:{n}": verdict.at.timestamp()})
        await pipe.execute()

    after = await build_digest(desk, TEAM, START, END)
    assert after.verdicts_total == before.verdicts_total == len(given)
    assert after.verdicts_by_status == before.verdicts_by_status
    assert "unknown" not in after.verdicts_by_status
    assert _listed(after) == _listed(before)


async def test_a_new_verdict_is_indexed_with_its_status(handle: RedisHandle) -> None:
    desk = Desk(handle.client)
    await fill_desk(desk, TEAM, DeskShape(checks=3, claims=3, end=END, days=0.5,
                                          verdict_share=0))
    claim_id = (await desk.claim_ids(TEAM))[0]
    await desk.set_verdict(TEAM, claim_id, ClaimStatus.MISLEADING, Actor(id="U9"), None,
                           at=END - timedelta(hours=1))
    window = await desk.window(TEAM, START, END, LIST_CAP)
    assert [(v.claim_id, v.index, v.status) for v in window.verdicts] == [
        (claim_id, 0, ClaimStatus.MISLEADING)]


def _listed(digest: Digest) -> list[tuple[str, ClaimStatus, datetime]]:
    return [(v.claim.id, v.status, v.at) for v in digest.verdicts]
