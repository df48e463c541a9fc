"""Searching the desk: lemmas, newest first, status and time filters, backfill, isolation.

Checks go through the service (the rules engine on invented articles) into a real Redis;
the index is the one the desk's own writes keep.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import keys
from bot.desk_search import (
    HitKind,
    SearchQuery,
    ensure_indexed,
    find,
    parse_since,
    parse_status,
    search,
)
from bot.errors import InputError
from bot.lemmas import terms
from bot.records import Actor, ClaimStatus, Place, Team
from bot.service import Service
from tests.support.articles import HARBOUR, HARBOUR_FOLLOW_UP, SCHOOLS

NEWSROOM = Team(platform="slack", id="T0NEWS")
RIVAL = Team(platform="slack", id="T0RIVAL")
ANA = Actor(id="U1", name="Ana")
HERE = Place(channel="C-desk")


def test_inflected_forms_share_their_lemma() -> None:
    assert terms("denies") == terms("denied") == ["deny"]
    assert terms("The cranes failed two inspections") == ["crane", "fail", "2", "inspection"]
    assert terms("officials were paid 1,200 euros") == ["official", "pay", "1200", "euro"]
    assert "not" in terms("he didn't approve it"), "a negation is kept"


async def test_words_find_claims_and_articles_whatever_their_form(service: Service) -> None:
    harbour = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    await service.check(NEWSROOM, SCHOOLS, ANA, HERE)

    found = await search(service, NEWSROOM, SearchQuery("crane fails inspection"))
    [hit] = found.hits
    assert hit.kind is HitKind.CLAIM and "failed two safety inspections" in hit.text
    assert hit.status is ClaimStatus.OPEN and hit.verdict is None
    assert hit.id in {item.claim.id for item in harbour.flagged}

    approved = await search(service, NEWSROOM, SearchQuery("approves closure"))
    texts = [h.text for h in approved.hits if h.kind is HitKind.CLAIM]
    assert any("was approved in secret" in t for t in texts)
    assert all("merge" not in t for t in texts), "every word must be there"

    merger = (await search(service, NEWSROOM, SearchQuery("mergers saved 4.2 million"))).hits
    [claim] = [h for h in merger if h.kind is HitKind.CLAIM]
    assert "the merger would save 4.2 million euros" in claim.text
    [article] = [h for h in merger if h.kind is HitKind.CHECK]
    assert article.text.startswith("The city council voted") and article.claims == 3


async def test_newest_first_and_a_verdict_brings_a_claim_up(service: Service) -> None:
    first = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    await service.check(NEWSROOM, HARBOUR_FOLLOW_UP, ANA, HERE)
    found = await search(service, NEWSROOM, SearchQuery("closure", limit=20))
    times = [h.at for h in found.hits]
    assert times == sorted(times, reverse=True)
    assert found.hits[0].kind is HitKind.CHECK, "the follow-up article is the latest"

    cranes = next(i.claim for i in first.flagged if "cranes" in i.claim.quote)
    secret = next(i.claim for i in first.flagged if "in secret" in i.claim.quote)
    await service.set_verdict(NEWSROOM, secret.id, ClaimStatus.FALSE, ANA, "Minutes show it.")
    found = await search(service, NEWSROOM, SearchQuery("closure", limit=20))
    assert found.hits[0].id == secret.id and found.hits[0].status is ClaimStatus.FALSE
    assert found.hits[0].verdict is not None and found.hits[0].verdict.note == "Minutes show it."
    assert cranes.id not in {h.id for h in found.hits}


async def test_status_and_time_filters(service: Service) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    cranes = next(i.claim for i in result.flagged if "cranes" in i.claim.quote)
    await service.set_verdict(NEWSROOM, cranes.id, ClaimStatus.FALSE, ANA)

    false = await search(service, NEWSROOM, SearchQuery("terminals", ClaimStatus.FALSE))
    assert [h.id for h in false.hits] == [cranes.id]
    still_open = await search(service, NEWSROOM, SearchQuery("terminals", ClaimStatus.OPEN))
    assert [h.text[:31] for h in still_open.hits] == ["The port of Valmora will close "]
    assert all(h.kind is HitKind.CLAIM for h in still_open.hits), "articles have no status"

    # back to open: the status sets follow
    await service.set_verdict(NEWSROOM, cranes.id, ClaimStatus.OPEN, ANA)
    assert not (await search(service, NEWSROOM, SearchQuery("terminal", ClaimStatus.FALSE))).hits

    now = datetime.now(UTC)
    later = await search(service, NEWSROOM, SearchQuery("closure", since=now + timedelta(1)))
    assert later.hits == []
    recent = await search(service, NEWSROOM, SearchQuery("closure", since=now - timedelta(1)))
    assert recent.hits
    before = await find(service.desk, NEWSROOM, SearchQuery(
        "closure", until=now - timedelta(hours=1)))
    assert before.hits == []


def test_chat_queries_carry_their_filters() -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    query = SearchQuery.parse("ferry status:false since:7d contract", now)
    assert (query.text, query.status, query.since) == (
        "ferry contract", ClaimStatus.FALSE, now - timedelta(days=7))
    assert parse_status("needs-context") is ClaimStatus.NEEDS_CONTEXT
    assert parse_since("2026-11-30") == datetime(2026, 11, 30, tzinfo=UTC)
    with pytest.raises(InputError, match="use one of open, verified"):
        parse_status("wrong")
    with pytest.raises(InputError, match="24h, 7d, 2w"):
        parse_since("last tuesday")


async def test_a_query_of_common_words_only_is_explained(service: Service) -> None:
    with pytest.raises(InputError, match="too common"):
        await search(service, NEWSROOM, SearchQuery("the of it was"))


async def test_one_team_never_finds_another_teams_records(service: Service) -> None:
    await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    assert (await search(service, NEWSROOM, SearchQuery("closure"))).hits
    assert (await search(service, RIVAL, SearchQuery("closure"))).hits == []
    client = service.desk.client
    team_tag = "{" + NEWSROOM.key + "}"
    index_keys = [k.decode() async for k in client.scan_iter("fd:*search*")]
    assert index_keys and all(team_tag in k or "{" + RIVAL.key + "}" in k for k in index_keys)
    assert not any("{" + RIVAL.key + "}" + ":search:t:" in k for k in index_keys)


async def test_records_from_before_the_index_are_added_on_first_search(service: Service
                                                                       ) -> None:
    result = await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    client = service.desk.client
    # as a desk written by the version before the index: no search keys at all
    old = [k async for k in client.scan_iter("fd:*:search:*")]
    await client.delete(*old)
    found = await search(service, NEWSROOM, SearchQuery("cranes"))
    assert [h.id for h in found.hits] == [
        i.claim.id for i in result.flagged if "cranes" in i.claim.quote]
    assert await client.get(keys.search_ready(NEWSROOM)) == b"1"
    assert await ensure_indexed(service.desk, NEWSROOM) == 0, "only once"


async def test_more_says_when_the_page_is_full(service: Service) -> None:
    await service.check(NEWSROOM, HARBOUR, ANA, HERE)
    await service.check(NEWSROOM, HARBOUR_FOLLOW_UP, ANA, HERE)
    page = await search(service, NEWSROOM, SearchQuery("closure", limit=1))
    assert len(page.hits) == 1 and page.more
