"""Denials and responses on our invented articles: who, what kind, where, first-hand or not.

The first engine, bot.analyzers.rules_v1, kept as the PolNeAR baseline.
"""

from __future__ import annotations

from pathlib import Path

from bot.analyzers.rules_v1 import RulesAnalyzer
from bot.models import Analysis, Article, Denial, DenialKind, SourceKind
from bot.textnorm import content_hash

ARTICLES = Path(__file__).resolve().parent / "articles"


def analyze(name: str) -> Analysis:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


def denial_by(analysis: Analysis, who: str) -> Denial:
    found = [d for d in analysis.denials if who in d.by]
    assert len(found) == 1, [(d.by, d.kind) for d in analysis.denials]
    return found[0]


def test_on_the_record_denial_with_venue() -> None:
    analysis = analyze("quarry_dispute.txt")
    hendry = denial_by(analysis, "Paul Hendry")
    assert hendry.by == "Paul Hendry"
    assert hendry.role == "operations director"
    assert hendry.organization == "Greywater"
    assert hendry.venue == "Radio Fenwick"
    assert hendry.kind is DenialKind.DENIAL
    assert hendry.official and hendry.firsthand
    assert "nothing to do with those cracks" in hendry.quote.text


def test_reported_denial_is_not_firsthand_and_is_flagged() -> None:
    analysis = analyze("quarry_dispute.txt")
    lind = denial_by(analysis, "Sofia Lind")
    assert lind.role == "regional environment minister"
    assert lind.official and not lind.firsthand
    assert lind.venue == "colleagues"
    assert lind.attribution is not None
    reported = [f for f in analysis.flags if f.kind.value == "reported_denial"]
    assert [f.quote.text for f in reported] == [lind.quote.text]
    # the witnesses who reported it are not the deniers
    assert not any("two people" in d.by for d in analysis.denials)


def test_company_denial_in_the_authors_words() -> None:
    analysis = analyze("quarry_dispute.txt")
    company = denial_by(analysis, "Greywater Aggregates")
    assert company.kind is DenialKind.DENIAL
    assert company.quote.text.startswith("Greywater Aggregates denied any link")


def test_silence_and_no_comment() -> None:
    analysis = analyze("quarry_dispute.txt")
    regulator = denial_by(analysis, "regulator")
    assert regulator.kind is DenialKind.NON_DENIAL
    assert regulator.quote.text == "The regulator has stayed silent on the memo."
    parent = denial_by(analysis, "Holt Industrial")
    assert parent.kind is DenialKind.NO_COMMENT
    assert parent.official  # a company's own response


def test_declined_and_request_for_comment() -> None:
    analysis = analyze("harbor_bridge.txt")
    ministry = denial_by(analysis, "transport ministry")
    assert ministry.kind is DenialKind.DECLINED
    assert ministry.official
    spokeswoman = denial_by(analysis, "Lindqvist Steel")
    assert spokeswoman.kind is DenialKind.NO_COMMENT
    assert spokeswoman.role == "spokeswoman"
    assert spokeswoman.organization == "Lindqvist Steel"
    assert "did not respond to a request for comment" in spokeswoman.quote.text


def test_no_denials_where_nobody_denies() -> None:
    analysis = analyze("injection_notice.txt")
    assert analysis.denials == []
