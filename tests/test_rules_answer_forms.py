"""Answers written with contractions, with verbs of contesting or laughing off, and a party
that does not make itself available: the kind and the answerer, on invented sentences."""

from __future__ import annotations

import pytest

from bot.models import DenialKind
from tests.support.analyzers import analyze_text

LEAD = ("Harbour audit\n\nAuditors have accused Mira Keel, the harbour board's chair, of "
        "steering a dredging contract to a firm run by her cousin. ")



def answers_in(sentence: str) -> list[tuple[DenialKind, str, str]]:
    """The answers found in `sentence`, after a lead that makes the accusation."""
    analysis = analyze_text(LEAD + sentence + "\n")
    return [(d.kind, d.by, d.quote.text) for d in analysis.denials
            if d.quote.start >= len(LEAD) - 1]


@pytest.mark.parametrize("sentence", [
    "\u201cThat isn't true,\u201d Keel said.",
    "\u201cThat isn\u2019t true,\u201d Keel said.",
    "\u201cThat didn't happen,\u201d Keel told the Gazette.",
    "Keel said the meeting with her cousin never took place.",
    "Keel said there was no basis for the accusations.",
    "Keel said the contract was aboveboard.",
])
def test_words_that_deny_with_or_without_a_contraction(sentence: str) -> None:
    assert [kind for kind, _, _ in answers_in(sentence)] == [DenialKind.DENIAL]


@pytest.mark.parametrize("sentence", [
    "Keel has contested the charges.",
    "Keel challenged the auditors' findings in a letter to the board.",
])
def test_contesting_an_allegation_denies_it(sentence: str) -> None:
    assert [kind for kind, _, _ in answers_in(sentence)] == [DenialKind.DENIAL]


@pytest.mark.parametrize("sentence", [
    "Keel challenged her rival to a public debate.",
    "Keel contested the chair's seat in 2019 and lost.",
])
def test_contesting_what_is_no_allegation_is_no_answer(sentence: str) -> None:
    assert analyze_text("Harbour board\n\n" + sentence + "\n").denials == []


@pytest.mark.parametrize("sentence", [
    "Keel laughed off the accusations.",
    "Keel waved off questions about the contract.",
])
def test_laughing_or_waving_off_an_allegation_answers_without_denying(sentence: str) -> None:
    assert [kind for kind, _, _ in answers_in(sentence)] == [DenialKind.NON_DENIAL]


def test_not_making_oneself_available_is_the_party_s_refusal_whole() -> None:
    found = answers_in("Keel did not make herself available for an interview.")
    assert found == [(DenialKind.NO_COMMENT, "Mira Keel",
                      "Keel did not make herself available for an interview.")]
