"""Exporting verdicts: ClaimReview JSON-LD that has schema.org's shape, and CSV with one
row per verdict, from a desk with a verdict of every status in a real Redis."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.claimreview import SCALE
from bot.desk_export import CSV_COLUMNS, NO_ORGANISATION, ExportFormat, export
from bot.errors import ConfigError
from bot.records import ClaimStatus, Team
from bot.service import Service
from tests.support.claimreview_shape import problems
from tests.support.http_server import LocalHTTPServer
from tests.support.verdict_desk import FORMULA, SETTLED, desk_with_every_verdict

TEAM = Team(platform="slack", id="T0NEWS")


@pytest.fixture
def newsroom(service: Service) -> Service:
    service.settings = service.settings.model_copy(update={
        "organisation_name": "Coastal Ledger Fact Desk",
        "organisation_url": "https://ledger.example/factcheck"})
    return service


def test_the_shape_check_catches_what_is_not_a_claimreview() -> None:
    good = {"@type": "ClaimReview", "claimReviewed": "The bridge cost 3 million.",
            "datePublished": "2026-12-01",
            "author": {"@type": "Organization", "name": "Desk"},
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "worstRating": 1,
                             "bestRating": 4, "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "appearance": [
                {"@type": "CreativeWork", "url": "https://news.example/a"}]}}
    assert problems({"@context": "https://schema.org", "@graph": [good]}) == []
    assert any("without claimReviewed" in p for p in problems(
        {k: v for k, v in good.items() if k != "claimReviewed"}))
    assert any("outside" in p for p in problems(
        good | {"reviewRating": good["reviewRating"] | {"ratingValue": 7}}))
    assert any("not a property of ClaimReview" in p for p in problems(good | {"verdict": "x"}))
    assert any("not one of ['URL']" in p for p in problems(good | {"itemReviewed": {
        "@type": "Claim", "appearance": [{"@type": "CreativeWork", "url": "ledger"}]}}))
    assert any("not one of ['Date', 'DateTime']" in p for p in problems(
        good | {"datePublished": "last week"}))
    assert any("a Rating where" in p for p in problems(
        good | {"author": {"@type": "Rating", "alternateName": "x"}}))


async def test_claimreview_of_every_status_has_the_shape(newsroom: Service,
                                                         http_server: LocalHTTPServer
                                                         ) -> None:
    desk = await desk_with_every_verdict(newsroom, TEAM, http_server)
    made = await export(newsroom, TEAM, ExportFormat.CLAIMREVIEW)
    assert made.filename.endswith(".jsonld") and made.media_type == "application/ld+json"
    doc = json.loads(made.content)
    assert problems(doc) == []
    reviews = {r["identifier"]: r for r in doc["@graph"]}
    assert set(reviews) == {c.id for c in desk.settled.values()}, \
        "one per claim with a verdict; the reopened and open ones have none"
    for status, claim in desk.settled.items():
        review = reviews[claim.id]
        assert review["claimReviewed"] == claim.statement
        assert review["author"] == {"@type": "Organization", "name": "Coastal Ledger Fact Desk",
                                    "url": "https://ledger.example/factcheck"}
        assert review["reviewRating"]["alternateName"] == SCALE[status].name
        assert review["reviewRating"].get("ratingValue") == SCALE[status].value
        assert review["datePublished"] == claim.history[-1].at.date().isoformat()
        item = review["itemReviewed"]
        assert item["appearance"][0]["url"] in desk.urls
        assert item["firstAppearance"] == item["appearance"][0]
        if claim.claimant:
            assert item["author"]["name"] == claim.claimant
    ratings = sorted(r["reviewRating"].get("ratingValue", 0) for r in reviews.values())
    assert ratings == [0, 1, 2, 3, 4], "false … true on the scale, unverifiable off it"


async def test_csv_has_one_row_per_verdict_and_no_live_formula(newsroom: Service,
                                                               http_server: LocalHTTPServer
                                                               ) -> None:
    desk = await desk_with_every_verdict(newsroom, TEAM, http_server)
    made = await export(newsroom, TEAM, ExportFormat.CSV)
    assert made.content.startswith(b"\xef\xbb\xbf"), "a BOM: spreadsheets read UTF-8 right"
    rows = list(csv.DictReader(io.StringIO(made.content.decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == desk.verdicts == made.count
    assert [r["status"] for r in rows][: len(SETTLED)] == [s.value for s in SETTLED]
    assert [r["status"] for r in rows if r["claim_id"] == desk.reopened.id] == ["false", "open"]
    [false_row] = [r for r in rows if r["claim_id"] == desk.settled[ClaimStatus.FALSE].id]
    assert false_row["note"] == "'" + FORMULA, "a formula is kept as text"
    assert false_row["rating_value"] == "1" and false_row["by"] == "Ben"
    assert all(r["article_url"] in desk.urls for r in rows)


async def test_since_and_an_unset_organisation(service: Service,
                                               http_server: LocalHTTPServer) -> None:
    await desk_with_every_verdict(service, TEAM, http_server)
    with pytest.raises(ConfigError) as refused:
        await export(service, TEAM, ExportFormat.CLAIMREVIEW)
    assert refused.value.message == NO_ORGANISATION
    later = await export(service, TEAM, ExportFormat.CSV,
                         since=datetime.now(UTC) + timedelta(minutes=1))
    assert later.count == 0
    other = await export(service, Team(platform="slack", id="T0OTHER"), ExportFormat.CSV)
    assert other.count == 0, "another team's export holds none of these"
