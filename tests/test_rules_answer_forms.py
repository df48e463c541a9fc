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
    "Keel said she had done absolutely nothing wrong.",
    'Keel said the contract was awarded "in full compliance with procurement law."',
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


@pytest.mark.parametrize("sentence", [
    'A spokesman for the board said, "We are not going to comment on the audit."',
    "Keel said she was not going to get into the details of the contract.",
    "\u201cI'm not going to talk about that,\u201d Keel said.",
    "\u201cThat's not something I'm going to discuss,\u201d Keel said.",
    "\u201cI have nothing more to say about it,\u201d Keel said.",
    'In a statement, a board spokesman said, "We are not going to speak to the content of '
    'the audit."',
])
def test_a_refusal_in_the_speaker_s_own_words_is_no_comment(sentence: str) -> None:
    assert [kind for kind, _, _ in answers_in(sentence)] == [DenialKind.NO_COMMENT]


def test_an_intention_announced_with_going_to_is_not_a_denial() -> None:
    kinds = [kind for kind, _, _ in answers_in("Keel said she was not going to resign.")]
    assert kinds == [DenialKind.NON_DENIAL]


def test_not_keeping_quiet_is_no_refusal() -> None:
    kinds = [kind for kind, _, _ in answers_in("\u201cI can't not speak my mind,\u201d Keel said.")]
    assert DenialKind.NO_COMMENT not in kinds


@pytest.mark.parametrize("sentence", [
    "Keel denied the allegations, according to Channel 4.",
    "Keel has denied the allegations, the Tribune reported.",
])
def test_an_answer_another_outlet_reports_is_relayed(sentence: str) -> None:
    analysis = analyze_text(LEAD + sentence + "\n")
    answers = [d for d in analysis.denials if d.quote.start >= len(LEAD) - 1]
    assert [(d.kind, d.firsthand) for d in answers] == [(DenialKind.DENIAL, False)]


def test_an_outlet_answering_for_itself_answers_first_hand() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nKeel accused the Tribune of smearing the board. The Tribune "
        "responded with a second editorial, defending its reporting.\n")
    assert [(d.by, d.firsthand) for d in analysis.denials] == [("Tribune", True)]
