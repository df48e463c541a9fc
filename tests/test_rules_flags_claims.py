"""Flags, claims and the summary on our invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.models import Analysis, Article, FlagKind, SourceKind, Sourcing
from bot.textnorm import content_hash

ARTICLES = Path(__file__).resolve().parent / "articles"


def analyze(name: str) -> tuple[str, Analysis]:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return text, RulesAnalyzer().analyze_sync(article)


@pytest.fixture(scope="module")
def quarry() -> tuple[str, Analysis]:
    return analyze("quarry_dispute.txt")


@pytest.mark.parametrize(
    ("kind", "quote"),
    [
        (FlagKind.UNNAMED_DOCUMENT, "A leaked internal memo"),
        (FlagKind.ANONYMOUS_SOURCE, "two people present at the meeting"),
        (FlagKind.UNKNOWN_ADMITTED,
         "It is unclear whether the readings were ever reported to the regulator."),
        (FlagKind.PARTY_ACCUSATION,
         "Residents have accused Greywater of ignoring their complaints for years."),
        (FlagKind.VAGUE_SOURCE, "Critics say"),
    ],
)
def test_flags(quarry: tuple[str, Analysis], kind: FlagKind, quote: str) -> None:
    text, analysis = quarry
    hits = [f for f in analysis.flags if f.kind is kind and f.quote.text == quote]
    assert len(hits) == 1, [(f.kind.value, f.quote.text) for f in analysis.flags]
    flag = hits[0]
    assert text[flag.quote.start : flag.quote.end] == quote
    assert flag.why and "\n" not in flag.why


def test_hedge_flag_quotes_the_hedged_sentence(quarry: tuple[str, Analysis]) -> None:
    _, analysis = quarry
    hedged = [f for f in analysis.flags if f.kind is FlagKind.HEDGED]
    assert any("reportedly told colleagues" in f.quote.text for f in hedged)
    assert any("\u201creportedly\u201d" in f.why for f in hedged)


def test_flag_ids_and_claim_links(quarry: tuple[str, Analysis]) -> None:
    _, analysis = quarry
    assert [f.id for f in analysis.flags] == [f"f{n}" for n in range(1, len(analysis.flags) + 1)]
    claim_ids = {c.id for c in analysis.claims}
    assert all(f.claim is None or f.claim in claim_ids for f in analysis.flags)


def test_claims_carry_who_asserts_them(quarry: tuple[str, Analysis]) -> None:
    _, analysis = quarry
    cracks = next(c for c in analysis.claims if "cracked the walls" in c.quote.text)
    assert cracks.claimant == "Residents of Elmstead"
    assert cracks.sourcing is Sourcing.NAMED
    assert cracks.statement == (
        "Residents of Elmstead say blasting at the Greywater quarry has cracked the walls "
        "of at least 30 homes since January."
    )
    memo = next(c for c in analysis.claims if "vibrations" in c.quote.text)
    assert memo.sourcing is Sourcing.DOCUMENT
    critics = next(c for c in analysis.claims if c.quote.text.startswith("Critics say"))
    assert critics.sourcing is Sourcing.ANONYMOUS
    assert all(0.0 <= c.checkworthy <= 1.0 for c in analysis.claims)


def test_numbers_make_a_sentence_more_checkworthy() -> None:
    _, analysis = analyze("harbor_bridge.txt")
    cost = next(c for c in analysis.claims if "$48 million" in c.quote.text)
    assert cost.sourcing is Sourcing.DOCUMENT
    assert cost.claimant == "an engineering report released on Tuesday"
    assert cost.checkworthy >= max(c.checkworthy for c in analysis.claims if c is not cost) - 0.2


def test_summary_is_two_to_four_sentences_from_the_article() -> None:
    text, analysis = analyze("harbor_bridge.txt")
    flat = " ".join(text.split())
    sentences = [s for s in analysis.summary.split(". ") if s]
    assert 2 <= len(sentences) <= 4
    for sentence in sentences:
        assert sentence.rstrip(".") in flat
