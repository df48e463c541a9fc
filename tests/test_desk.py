"""The team's desk through the service: records, verdicts, threads, team isolation."""

from __future__ import annotations

import asyncio

import pytest

from bot import keys
from bot.desk import UnknownClaimError
from bot.records import Actor, ClaimStatus, FlaggedClaim, Place, Team, TeamSettings, ThreadRef
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR, HARBOUR_FOLLOW_UP, SCHOOLS

NEWSROOM = Team(platform="slack", id="T0NEWS")
RIVAL = Team(platform="discord", id="4242")
ANA = Actor(id="U1", name="Ana")
BEN = Actor(id="U2", name="Ben")
DESK_CHANNEL = Place(channel="C-desk", message="1700000000.000100")


async def test_check_is_recorded_with_its_flagged_claims(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    assert result.saved
    assert result.check is not None
    assert result.flagged, "the harbour article has anonymous and hedged sourcing"
    record = await service.desk.check(NEWSROOM, result.check.id)
    assert record is not None
    assert record.who == ANA
    assert record.where == DESK_CHANNEL
    assert record.claim_ids == [item.claim.id for item in result.flagged]
    analysis_item_ids = {c.id for c in result.analysis.claims} | {
        f.id for f in result.analysis.flags
    }
    for item in result.flagged:
        assert item.item_id in analysis_item_ids
        assert item.claim.status is ClaimStatus.OPEN
        assert item.claim.reasons


async def test_rechecking_gives_the_same_claim_ids(service: Service) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    second = await service.check(NEWSROOM, HARBOUR, BEN, DESK_CHANNEL, refresh=True)
    assert [i.claim.id for i in first.flagged] == [i.claim.id for i in second.flagged]
    claim = await service.claim(NEWSROOM, first.flagged[0].claim.id)
    assert [s.check_id for s in claim.sightings] == [
        c.id for c in (first.check, second.check) if c is not None
    ]


async def test_same_claim_in_another_article_maps_to_the_same_record(service: Service) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    second = await service.check(NEWSROOM, HARBOUR_FOLLOW_UP, BEN, DESK_CHANNEL)
    shared_quote = "Two officials familiar with the plan said"
    first_ids = {i.claim.id for i in first.flagged if shared_quote in i.claim.quote}
    second_ids = {i.claim.id for i in second.flagged if shared_quote in i.claim.quote}
    assert first_ids
    assert first_ids == second_ids
    claim = await service.claim(NEWSROOM, next(iter(first_ids)))
    assert len({s.analysis_key for s in claim.sightings}) == 2


async def test_verdict_history_is_kept_in_order(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    claim_id = result.flagged[0].claim.id
    await service.set_verdict(NEWSROOM, claim_id, ClaimStatus.UNVERIFIABLE, ANA, "no docs yet")
    await service.set_verdict(NEWSROOM, claim_id, ClaimStatus.FALSE, BEN, "minister on record")
    claim = await service.claim(NEWSROOM, claim_id)
    assert claim.status is ClaimStatus.FALSE
    assert [(v.status, v.by.id, v.note) for v in claim.history] == [
        (ClaimStatus.UNVERIFIABLE, "U1", "no docs yet"),
        (ClaimStatus.FALSE, "U2", "minister on record"),
    ]
    assert claim.history[0].at <= claim.history[1].at
    # a re-check does not reset the verdict
    await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    assert (await service.claim(NEWSROOM, claim_id)).status is ClaimStatus.FALSE


async def test_concurrent_verdicts_are_all_kept(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    claim_id = result.flagged[0].claim.id
    statuses = [ClaimStatus.VERIFIED, ClaimStatus.FALSE, ClaimStatus.MISLEADING] * 5
    await asyncio.gather(*(
        service.set_verdict(NEWSROOM, claim_id, status, Actor(id=f"U{i}"))
        for i, status in enumerate(statuses)
    ))
    claim = await service.claim(NEWSROOM, claim_id)
    assert len(claim.history) == 15
    assert claim.status is claim.history[-1].status


async def test_two_teams_never_see_each_others_records(service: Service) -> None:
    ours = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    theirs = await service.check(RIVAL, SCHOOLS, BEN, Place(channel="99"))
    our_claim = ours.flagged[0].claim.id
    with pytest.raises(UnknownClaimError):
        await service.claim(RIVAL, our_claim)
    with pytest.raises(UnknownClaimError):
        await service.set_verdict(RIVAL, our_claim, ClaimStatus.FALSE, BEN)
    assert ours.check is not None
    assert await service.check_view(RIVAL, ours.check.id) is None
    assert {c.id for c in await service.claims(NEWSROOM)} == {i.claim.id for i in ours.flagged}
    assert {c.id for c in await service.claims(RIVAL)} == {i.claim.id for i in theirs.flagged}
    # the same article checked by both teams: separate records, separate verdicts
    shared = await service.check(RIVAL, HARBOUR, BEN, Place(channel="99"))
    await service.set_verdict(RIVAL, shared.flagged[0].claim.id, ClaimStatus.VERIFIED, BEN)
    assert (await service.claim(NEWSROOM, our_claim)).status is ClaimStatus.OPEN


async def test_one_thread_per_claim_even_when_asked_twice_at_once(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    claim_id = result.flagged[0].claim.id
    made: list[str] = []

    async def create(claim: FlaggedClaim) -> ThreadRef:
        await asyncio.sleep(0.1)  # a platform round trip
        made.append(claim.id)
        return ThreadRef(platform="slack", channel="C-desk", thread=f"ts-{len(made)}")

    (first, created_first), (second, created_second) = await asyncio.gather(
        service.open_thread(NEWSROOM, claim_id, create),
        service.open_thread(NEWSROOM, claim_id, create),
    )
    assert made == [claim_id]
    assert first == second
    assert sorted([created_first, created_second]) == [False, True]
    assert await service.thread_for(NEWSROOM, claim_id) == first
    # a later check of the same article finds the same thread
    again = await service.check(NEWSROOM, HARBOUR, BEN, DESK_CHANNEL)
    assert next(i.claim.thread for i in again.flagged if i.claim.id == claim_id) == first


async def test_a_thread_lock_taken_over_after_expiry_is_left_to_its_new_holder(
    service: Service, redis_settings: Settings
) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    claim_id = result.flagged[0].claim.id
    lock = keys.claim_lock(NEWSROOM, claim_id)
    other = connect(redis_settings)

    async def slow_create(claim: FlaggedClaim) -> ThreadRef:
        # our lock ran out while the platform was slow, and another process took it
        await other.client.set(lock, "another-process", ex=30)
        return ThreadRef(platform="slack", channel="C-desk", thread="ts-1")

    try:
        thread, created = await service.open_thread(NEWSROOM, claim_id, slow_create)
        assert created and thread.thread == "ts-1"
        assert await other.client.get(lock) == b"another-process", "not ours to delete"
    finally:
        await other.close()


async def test_check_view_reflects_later_verdicts(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    assert result.check is not None
    claim_id = result.flagged[0].claim.id
    await service.set_verdict(NEWSROOM, claim_id, ClaimStatus.MISLEADING, BEN)
    await service.record_result_message(NEWSROOM, result.check.id, Place(channel="C", message="m"))
    view = await service.check_view(NEWSROOM, result.check.id)
    assert view is not None
    assert view.check is not None
    assert view.check.result_message == Place(channel="C", message="m")
    assert {i.claim.id: i.claim.status for i in view.flagged}[claim_id] is ClaimStatus.MISLEADING
    assert view.analysis.claims == result.analysis.claims


async def test_team_settings_default_off_and_round_trip(service: Service) -> None:
    assert (await service.team_settings(NEWSROOM)).digest_channel is None
    await service.save_team_settings(
        NEWSROOM, TeamSettings(digest_channel="C-digest", digest_hour=7, timezone="Europe/Paris")
    )
    saved = await service.team_settings(NEWSROOM)
    assert (saved.digest_channel, saved.digest_hour, saved.timezone) == (
        "C-digest", 7, "Europe/Paris")
    assert (await service.team_settings(RIVAL)).digest_channel is None
    assert NEWSROOM in await service.desk.teams()


async def test_checks_showing_a_claim_are_those_with_a_posted_message(service: Service) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, DESK_CHANNEL)
    second = await service.check(NEWSROOM, HARBOUR, BEN, DESK_CHANNEL)
    assert first.check is not None
    assert second.check is not None
    await service.record_result_message(NEWSROOM, first.check.id, Place(channel="C", message="1"))
    claim_id = first.flagged[0].claim.id
    showing = await service.checks_showing(NEWSROOM, claim_id)
    assert [v.check.id for v in showing if v.check] == [first.check.id]
    await service.record_result_message(NEWSROOM, second.check.id, Place(channel="C", message="2"))
    showing = await service.checks_showing(NEWSROOM, claim_id)
    assert [v.check.id for v in showing if v.check] == [second.check.id, first.check.id]
