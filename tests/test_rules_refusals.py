"""Refusals, on our own invented sentences: every way news writes that a party did not
answer (no comment, unreachable, declined), and a refusal beside an answer or in a clause."""

from __future__ import annotations

import pytest

from bot.models import DenialKind
from tests.support.analyzers import analyze_text


@pytest.mark.parametrize(("sentence", "kind", "by"), [
    ("The ministry did not return a message seeking comment.", DenialKind.NO_COMMENT,
     "The ministry"),
    ("Keel didn't reply to emails.", DenialKind.NO_COMMENT, "Keel"),
    ("No one at the harbour board could be reached on Sunday.", DenialKind.NO_COMMENT,
     "the harbour board"),
    ("Calls to the contractor's office went unanswered.", DenialKind.NO_COMMENT,
     "the contractor's office"),
    ("Messages left for Berg were not returned.", DenialKind.NO_COMMENT, "Berg"),
    ("The port authority had no immediate comment.", DenialKind.NO_COMMENT,
     "The port authority"),
    ("A spokeswoman for the ministry was not immediately available for comment.",
     DenialKind.NO_COMMENT, "A spokeswoman for the ministry"),
    ("The governor's office declined interview requests.", DenialKind.DECLINED,
     "The governor's office"),
    ("Keel has yet to respond to the report.", DenialKind.NO_COMMENT, "Keel"),
    ("The board did not answer written questions from the Ledger.", DenialKind.NO_COMMENT,
     "The board"),
    ("Asked about the payments, Keel said she would not comment on an ongoing inquiry.",
     DenialKind.NO_COMMENT, "Keel"),
    ("The company has remained silent about the payments.", DenialKind.NON_DENIAL,
     "The company"),
    ("There was no immediate response from the harbour board.", DenialKind.NO_COMMENT,
     "the harbour board"),
    ("Efforts to reach the contractor's office were unsuccessful.", DenialKind.NO_COMMENT,
     "the contractor's office"),
    ("Attempts to contact Berg failed on Friday.", DenialKind.NO_COMMENT, "Berg"),
    ("Requests for comment sent to the ministry went unanswered.", DenialKind.NO_COMMENT,
     "the ministry"),
    ("A spokesman for the ministry was not available to comment.", DenialKind.NO_COMMENT,
     "A spokesman for the ministry"),
    ("Keel declined to be interviewed for this article.", DenialKind.DECLINED, "Keel"),
    ("Reached by phone, Keel had nothing to say about the payments.", DenialKind.NO_COMMENT,
     "Keel"),
    ("When reached on Monday, Berg had little to add.", DenialKind.NON_DENIAL, "Berg"),
    ("\u201cNo comment,\u201d Keel said as she left the hearing.", DenialKind.NO_COMMENT,
     "Keel"),
    ("A spokesman said Keel would not comment on the audit.", DenialKind.NO_COMMENT,
     "A spokesman"),
    ("Nobody in the Ruiz campaign returned calls seeking comment.", DenialKind.NO_COMMENT,
     "the Ruiz campaign"),
    ("None of the board's members responded to requests for comment.", DenialKind.NO_COMMENT,
     "the board's members"),
    ("The harbour board has not addressed the audit publicly.", DenialKind.NO_COMMENT,
     "The harbour board"),
])
def test_every_way_of_not_answering(sentence: str, kind: DenialKind, by: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(kind, by)]


@pytest.mark.parametrize("sentence", [
    "A clerk who declined to be identified said the chair signed both invoices.",
    "A board member, who refused to be named, said the chair signed both invoices.",
])
def test_withholding_one_s_own_name_is_no_refusal_to_answer(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


@pytest.mark.parametrize("joined", [" but", ", but", " and", ", and"])
def test_a_refusal_and_a_statement_beside_it_are_two_answers(joined: str) -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe audit accused Marta Keel of approving inflated invoices. Keel "
        f"declined to comment on the invoices{joined} said the board was cooperating with the "
        "auditors.\n")
    assert [(d.kind, d.quote.text) for d in analysis.denials] == [
        (DenialKind.DECLINED, "Keel declined to comment on the invoices"),
        (DenialKind.NON_DENIAL, "said the board was cooperating with the auditors."),
    ]


def test_a_habit_of_not_discussing_is_a_refusal() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nA spokesman for the Keel Group declined to comment, saying the "
        "company does not discuss pending audits.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


def test_a_refusal_in_a_relative_clause_is_an_answer_of_its_own() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel, who did not respond to a request for comment, has "
        "denied taking any payments from the contractor.\n")
    assert [(d.kind, d.quote.text) for d in analysis.denials] == [
        (DenialKind.NO_COMMENT, "who did not respond to a request for comment"),
        (DenialKind.DENIAL, "has denied taking any payments from the contractor."),
    ]


def test_having_never_discussed_something_is_no_refusal() -> None:
    analysis = analyze_text("Harbour audit\n\nKeel said she had never discussed the tender "
                            "with the contractor.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]


def test_refusing_to_say_whether_is_a_refusal() -> None:
    analysis = analyze_text("Harbour audit\n\nThe mayor refused to say whether the harbour "
                            "was safe for the new ferries.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


def test_a_statement_then_a_refusal_are_two_answers() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nAuditors say the ferry contract was steered to a donor's firm. "
        "The firm, Caldera Marine, said in an email that it had won the "
        "contract \"on merit\" and declined to answer further questions.\n")
    assert [(d.kind, d.quote.text) for d in analysis.denials] == [
        (DenialKind.NON_DENIAL,
         "The firm, Caldera Marine, said in an email that it had won the contract \"on merit\""),
        (DenialKind.DECLINED, "declined to answer further questions.")]


def test_a_company_speaking_of_itself_answers_twice() -> None:
    analysis = analyze_text(
        "Ferry collision\n\nThe ferry's captain has been charged with reckless navigation. The "
        "ferry operator, Nordvik Lines, said it was cooperating fully with investigators but "
        "would not comment on an ongoing case.\n")
    assert [(d.kind, d.by, d.quote.text) for d in analysis.denials] == [
        (DenialKind.NON_DENIAL, "Nordvik Lines",
         "The ferry operator, Nordvik Lines, said it was cooperating fully with investigators"),
        (DenialKind.NO_COMMENT, "Nordvik Lines", "would not comment on an ongoing case.")]
