"""Flags, claims and the summary on our invented articles.

The first engine, bot.analyzers.rules_v1, kept as the PolNeAR baseline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules_v1 import RulesAnalyzer
from bot.models import Analysis, Article, Claim, Flag, FlagKind, SourceKind, Sourcing
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


def test_a_reported_denial_is_not_flagged_again_as_hedged(quarry: tuple[str, Analysis]) -> None:
    _, analysis = quarry
    lind = [f for f in analysis.flags if "Sofia Lind" in f.quote.text or "was not involved"
            in f.quote.text]
    assert [f.kind for f in lind] == [FlagKind.REPORTED_DENIAL]


def analyze_text(text: str) -> Analysis:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


def flags_on(analysis: Analysis, words: str) -> list[Flag]:
    return [f for f in analysis.flags if words in f.quote.text]


def claim_on(analysis: Analysis, words: str) -> Claim:
    found = [c for c in analysis.claims if words in c.quote.text]
    assert len(found) == 1, [c.quote.text for c in analysis.claims]
    return found[0]


def test_hedge_flag_quotes_the_hedged_sentence_and_says_no_source_is_named() -> None:
    analysis = analyze_text(
        "The ferry operator reportedly cut 12 crossings last winter to save fuel.\n"
    )
    (flag,) = flags_on(analysis, "reportedly cut")
    assert flag.kind is FlagKind.HEDGED
    assert flag.quote.text == (
        "The ferry operator reportedly cut 12 crossings last winter to save fuel."
    )
    assert "\u201creportedly\u201d" in flag.why
    assert "no source named" in flag.why


def test_hedge_flag_on_a_named_speaker_says_the_report_is_unsourced() -> None:
    analysis = analyze_text(
        "The contractor\u2019s owner, Ray Doyle, reportedly told investors that the bridge "
        "would open in May 2026.\n"
    )
    (flag,) = flags_on(analysis, "Ray Doyle")
    assert flag.kind is FlagKind.HEDGED
    assert "no source named" not in flag.why
    assert "The contractor\u2019s owner, Ray Doyle, but the report of it is unsourced" in flag.why


def test_one_flag_per_sentence_and_concern() -> None:
    analysis = analyze_text(
        "\u201cWe were not involved in the expansion,\u201d Mayor Tom Brandt reportedly told "
        "council members on Monday.\n\nIt is unclear whether the permit was ever signed.\n"
    )
    denial = flags_on(analysis, "Mayor Tom Brandt") + flags_on(analysis, "not involved")
    assert [f.kind for f in denial] == [FlagKind.REPORTED_DENIAL]
    unclear = flags_on(analysis, "It is unclear")
    assert [f.kind for f in unclear] == [FlagKind.UNKNOWN_ADMITTED]


def test_a_verb_of_knowing_makes_no_claimant() -> None:
    analysis = analyze_text(
        "The ferry operator reportedly cut two crossings last winter, but the engineers knew "
        "the timetable, and \u201cwarned the captains early.\u201d\n"
    )
    # PolNeAR counts "knew" as an attribution: it stays one
    assert [(a.source.text if a.source else None, a.cue.text)
            for a in analysis.attributions] == [("the engineers", "knew")]
    claim = claim_on(analysis, "reportedly cut")
    assert claim.claimant is None
    assert claim.attribution is None
    assert claim.sourcing is Sourcing.HEDGED


def test_a_speaker_after_a_verb_of_thinking_is_the_claimant() -> None:
    analysis = analyze_text(
        "Port officials believe the dredging caused the silt in 2022, the harbour master said.\n"
    )
    claim = claim_on(analysis, "dredging")
    assert claim.claimant == "the harbour master"
    said = next(a for a in analysis.attributions if a.cue.text == "said")
    assert claim.attribution == said.id


def test_an_expectation_before_the_speaker_leaves_the_speaker_the_claimant() -> None:
    analysis = analyze_text(
        "The levy is expected to raise $40 million in 2027, the harbour master said.\n"
    )
    assert ("is expected", None) in [
        (a.cue.text, a.source.text if a.source else None) for a in analysis.attributions
    ]
    claim = claim_on(analysis, "levy")
    assert claim.claimant == "the harbour master"


def test_claim_resting_on_an_outlet_mid_sentence() -> None:
    analysis = analyze_text(
        "The storm flooded 40 homes in the lower town this spring, and according to a Valley "
        "Courier article published on Friday, was forecast by the county weeks before.\n"
    )
    claim = claim_on(analysis, "flooded 40 homes")
    assert claim.claimant == "a Valley Courier article published on Friday"
    assert claim.sourcing is Sourcing.OUTLET_REPORT


def test_claim_resting_on_a_report_with_a_long_subject() -> None:
    analysis = analyze_text(
        "However, a new audit of the spending and staffing of the county water board claims "
        "that the board overpaid its contractors by $2 million.\n"
    )
    claim = claim_on(analysis, "overpaid")
    assert claim.claimant == "a new audit of the spending and staffing of the county water board"
    assert claim.sourcing is Sourcing.DOCUMENT


def test_claim_based_on_interviews_with_unnamed_people_is_anonymous() -> None:
    analysis = analyze_text(
        "Based on \u201cinterviews with 12 current and former council staff,\u201d the audit "
        "traces the delays to a single contract signed in 2019.\n"
    )
    claim = claim_on(analysis, "traces the delays")
    assert claim.claimant == "interviews with 12 current and former council staff"
    assert claim.sourcing is Sourcing.ANONYMOUS
    flag = flags_on(analysis, "council staff")
    assert [f.kind for f in flag] == [FlagKind.ANONYMOUS_SOURCE]


def test_claimant_and_anonymous_flag_lose_the_appositive_comma() -> None:
    text = (
        "The port authority\u2019s chief engineer, Maria Olsen, told the Harbor Gazette that "
        "the crane had failed twice in 2023.\n\nOne official, a veteran of the port authority, "
        "said the crane would be replaced by 2025.\n"
    )
    analysis = analyze_text(text)
    claim = claim_on(analysis, "failed twice")
    assert claim.claimant == "The port authority\u2019s chief engineer, Maria Olsen"
    source = analysis.attributions[0].source
    assert source is not None  # the span itself keeps PolNeAR's closing comma, verbatim
    assert source.text == "The port authority\u2019s chief engineer, Maria Olsen,"
    assert text[source.start : source.end] == source.text
    (flag,) = [f for f in analysis.flags if f.kind is FlagKind.ANONYMOUS_SOURCE]
    assert flag.quote.text == "One official, a veteran of the port authority"
    assert text[flag.quote.start : flag.quote.end] == flag.quote.text


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
