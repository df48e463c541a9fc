"""What the offline engine finds in two invented articles, read whole: every form of an
official response in one (who answers, resolved, with role and venue; first-hand or relayed),
every kind of sourcing that cannot be taken at face value in the other, and the source each
claim rests on. Single sentences, topic by topic: test_rules_refusals, test_rules_denials,
test_rules_no_answer, test_rules_unverified_kinds, test_rules_unverified_on_record,
test_rules_claimants."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import Analysis, Denial, DenialKind, FlagKind, Sourcing
from tests.support.analyzers import analyze_text

ARTICLES = Path(__file__).resolve().parent / "articles"


def analyze(name: str) -> Analysis:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return analyze_text(text)


@pytest.fixture(scope="module")
def answers() -> Analysis:
    return analyze("ferry_answers.txt")


@pytest.fixture(scope="module")
def audit() -> Analysis:
    return analyze("harbour_audit.txt")


def answer_to(analysis: Analysis, words: str) -> Denial:
    found = [d for d in analysis.denials if words in d.quote.text]
    assert len(found) == 1, [(d.kind.value, d.quote.text) for d in analysis.denials]
    return found[0]


@pytest.mark.parametrize(("words", "kind", "by"), [
    ("declined to comment", DenialKind.DECLINED, "Caldera Marine"),
    ("did not respond to requests for comment", DenialKind.NO_COMMENT, "Marta Keel"),
    ("could not be reached", DenialKind.NO_COMMENT, "Tomas Berg"),
    ("would not say whether", DenialKind.NO_COMMENT, "A spokesman for the port authority"),
    ("would not discuss the audit", DenialKind.NO_COMMENT, "Spokesmen for the ministry"),
    ("has denied that the board broke", DenialKind.DENIAL, "Marta Keel"),  # "Keel", resolved
    ("disputes the auditors' figures", DenialKind.DENIAL, "The mayor's office"),
    ("rejected the allegation", DenialKind.DENIAL, "Ana Ruiz"),
    ("called the report false", DenialKind.DENIAL, "Tomas Berg"),
    ("neither confirm nor deny", DenialKind.NON_DENIAL, "The port authority"),
    ("We had no role", DenialKind.DENIAL, "Ana Ruiz"),
])
def test_every_form_of_answer(answers: Analysis, words: str, kind: DenialKind, by: str) -> None:
    answer = answer_to(answers, words)
    assert answer.kind is kind
    assert answer.by == by


def test_who_answers_comes_with_role_and_venue(answers: Analysis) -> None:
    keel = answer_to(answers, "did not respond")
    assert keel.role == "board's chairwoman"
    berg = answer_to(answers, "could not be reached")
    assert berg.role == "contractor's lawyer"
    ruiz = answer_to(answers, "rejected the allegation")
    assert ruiz.role == "transport minister" and ruiz.official
    on_record = answer_to(answers, "We had no role")
    assert on_record.venue == "the Almera Ledger" and on_record.firsthand


def test_an_answer_known_only_second_hand_is_relayed_and_flagged(answers: Analysis) -> None:
    relayed = answer_to(answers, "did nothing wrong")
    assert relayed.kind is DenialKind.DENIAL and not relayed.firsthand
    assert relayed.by == "Marta Keel"
    reported = [f for f in answers.flags if f.kind is FlagKind.REPORTED_DENIAL]
    assert [f.quote.text for f in reported] == [relayed.quote.text]
    # "reportedly" there is the reported answer's own concern: no second, hedged flag
    assert not [f for f in answers.flags if f.kind is FlagKind.HEDGED]
    witnesses = [f for f in answers.flags if f.kind is FlagKind.ANONYMOUS_SOURCE]
    assert [f.quote.text for f in witnesses] == [
        "according to two people present at the meeting"]


def test_answers_are_not_listed_as_claims(answers: Analysis) -> None:
    assert not [c for c in answers.claims if "declined to comment" in c.quote.text
                or "could not be reached" in c.quote.text]


@pytest.mark.parametrize(("kind", "quote"), [
    (FlagKind.ANONYMOUS_SOURCE, "officials said"),
    (FlagKind.ANONYMOUS_SOURCE, "People familiar with the inquiry said"),
    (FlagKind.VAGUE_SOURCE, "Critics say"),
    (FlagKind.UNNAMED_DOCUMENT, "Records show"),
    (FlagKind.UNNAMED_DOCUMENT, "The materials indicate"),
    (FlagKind.SECONDARY_REPORT, "The Almera Ledger reported"),
    (FlagKind.SECONDARY_REPORT, "According to a report by the Coastal Times"),
    (FlagKind.HEDGED, "The former harbour master reportedly moved the money himself."),
    (FlagKind.HEDGED, "He has allegedly met the contractor twice"),
    (FlagKind.HEDGED, "the board's treasurer was accused of hiding the losses."),
    (FlagKind.HEDGED, "The audit comes amid allegations of bribery at the port."),
    (FlagKind.UNKNOWN_ADMITTED, "It is unclear whether the police have opened a case."),
    (FlagKind.UNKNOWN_ADMITTED, "The figures could not be independently verified."),
])
def test_every_kind_of_shaky_sourcing(audit: Analysis, kind: FlagKind, quote: str) -> None:
    hits = [f for f in audit.flags if f.quote.text == quote]
    assert [f.kind for f in hits] == [kind], [(f.kind.value, f.quote.text) for f in audit.flags]
    assert hits[0].why and "\n" not in hits[0].why


def test_anonymity_granted_in_a_relative_clause(audit: Analysis) -> None:
    (flag,) = [f for f in audit.flags if "condition of anonymity" in f.quote.text]
    assert flag.kind is FlagKind.ANONYMOUS_SOURCE
    assert flag.quote.text.startswith("Two council staff members")


def test_claims_rest_on_the_source_that_carries_them(audit: Analysis) -> None:
    def claim(words: str) -> tuple[str | None, Sourcing]:
        (found,) = [c for c in audit.claims if words in c.quote.text]
        return found.claimant, found.sourcing

    assert claim("lost track of $3 million") == ("officials", Sourcing.ANONYMOUS)
    assert claim("ignored early warnings") == ("Critics", Sourcing.VAGUE)
    assert claim("paid into an account") == ("Records", Sourcing.DOCUMENT)
    assert claim("left the country") == ("The Almera Ledger", Sourcing.OUTLET_REPORT)
    assert claim("questioned in May") == ("a report by the Coastal Times",
                                          Sourcing.OUTLET_REPORT)
