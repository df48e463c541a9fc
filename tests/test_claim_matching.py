"""Claims seen before: reworded claims matched to the desk's earlier ones, measured on our
invented pairs, and recognised through the service on a real Redis."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.claim_matching import ClaimTerms, evaluate, same_claim, similarity
from bot.records import Actor, ClaimStatus, Place, Team, ThreadRef
from bot.service import Service
from tests.support.articles import CRANES_NEAR_MISS, CRANES_REWORDED, HARBOUR, SCHOOLS

DATA = Path(__file__).parent / "data"
NEWSROOM = Team(platform="slack", id="T0NEWS")
RIVAL = Team(platform="slack", id="T0RIVAL")
ANA = Actor(id="U1", name="Ana")
HERE = Place(channel="C-desk")


def pairs(name: str) -> list[tuple[str, str, bool]]:
    rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]
    return [(r["a"], r["b"], r["same"]) for r in rows]


def test_the_pairs_are_enough_and_balanced() -> None:
    dev = pairs("claim_pairs.jsonl")
    assert len(dev) >= 40
    assert sum(same for *_, same in dev) == sum(not same for *_, same in dev)


def test_precision_and_recall_on_our_pairs() -> None:
    dev = evaluate(pairs("claim_pairs.jsonl"))
    assert dev.precision >= 0.9 and dev.recall >= 0.75, dev
    holdout = evaluate(pairs("claim_pairs_holdout.jsonl"))
    assert holdout.precision >= 0.9 and holdout.recall >= 0.75, holdout


def test_what_must_agree() -> None:
    base = "Police arrested 37 protesters outside parliament on Saturday."
    assert same_claim(base, "On Saturday, 37 protesters were arrested by police outside "
                            "parliament, the report says.")
    assert not same_claim(base, base.replace("37", "thirty-eight"))
    assert not same_claim(base, "Police never arrested 37 protesters outside parliament on "
                                "Saturday.")
    assert not same_claim(base, base.replace("parliament", "the embassy"))
    assert similarity(ClaimTerms.of_text("The, of, and."), ClaimTerms.of_text("")) == 0.0


async def test_a_reworded_claim_comes_with_the_earlier_verdict_and_thread(
    service: Service
) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    cranes = next(i.claim for i in first.flagged if "cranes" in i.claim.quote)
    thread = ThreadRef(platform="slack", channel="C-desk", thread="1700000000.000200",
                       url="https://desk.example/archives/C-desk/p1700000000000200")

    async def create(_claim: object) -> ThreadRef:
        return thread

    await service.open_thread(NEWSROOM, cranes.id, create)
    await service.set_verdict(NEWSROOM, cranes.id, ClaimStatus.FALSE, ANA, "Records say no.")

    later = await service.check(NEWSROOM, CRANES_REWORDED, ANA, HERE)
    [item] = [i for i in later.flagged if "cranes" in i.claim.quote]
    assert item.claim.id != cranes.id, "other words: another claim on the desk"
    assert item.seen_before is not None and item.seen_before.id == cranes.id
    assert item.seen_before.status is ClaimStatus.FALSE
    assert item.seen_before.thread is not None and item.seen_before.thread.url == thread.url
    assert item.claim.repeats == cranes.id

    # the answer re-read after a verdict still says so
    assert later.check is not None
    view = await service.check_view(NEWSROOM, later.check.id)
    assert view is not None
    [again] = [i for i in view.flagged if "cranes" in i.claim.quote]
    assert again.seen_before is not None and again.seen_before.id == cranes.id

    # the digest groups them: the earlier claim, seen in two articles
    now = datetime.now(UTC)
    digest = await service.digest_window(NEWSROOM, now - timedelta(hours=1),
                                         now + timedelta(minutes=1))
    [grouped] = [c for c in digest.repeated if c.id == cranes.id]
    assert grouped.articles == 2
    assert item.claim.id not in {c.id for c in digest.repeated}


async def test_a_near_miss_and_another_team_are_not_matched(service: Service) -> None:
    await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    await service.check(NEWSROOM, SCHOOLS, ANA, HERE)
    near = await service.check(NEWSROOM, CRANES_NEAR_MISS, ANA, HERE)
    assert all(i.seen_before is None for i in near.flagged), "three is not two"
    elsewhere = await service.check(RIVAL, CRANES_REWORDED, ANA, HERE)
    assert all(i.seen_before is None for i in elsewhere.flagged), "not another team's"


async def test_the_same_article_again_is_not_a_rewording(service: Service) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    again = await service.check(NEWSROOM, HARBOUR, ANA, HERE, refresh=True)
    assert [i.claim.id for i in again.flagged] == [i.claim.id for i in first.flagged]
    assert all(i.seen_before is None for i in again.flagged)
