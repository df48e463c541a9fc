"""No answer where nobody answers, on our own invented sentences: accusations, intentions,
positions, habits, conditions, someone else's defence, a question about something else."""

from __future__ import annotations

import pytest

from bot.models import DenialKind
from tests.support.analyzers import analyze_text


def test_an_accusation_near_an_answer_is_not_an_answer() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe mayor accused Ana Ruiz of hiding the audit. Ruiz denied it. "
        "Later that day Ruiz accused the mayor of leaking a draft.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(DenialKind.DENIAL, "Ana Ruiz")]


def test_nothing_said_is_not_nothing_to_say() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nNothing the mayor said will calm the neighbours of the port.\n")
    assert analysis.denials == []


@pytest.mark.parametrize("sentence", [
    "Fifty-five percent of the voters said she does not deserve a second term.",
    "Keel told her she did not need a lawyer for the hearing.",
    "Keel said she could not recall the meeting with the contractor.",
])
def test_not_the_speaker_denying_a_fact(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert DenialKind.DENIAL not in [d.kind for d in analysis.denials]


@pytest.mark.parametrize("sentence", [
    "The ferry company sidestepped the new rules by registering abroad.",
    "The mayor stood by her husband's side at the rally.",
    "During the audit, Berg rebuffed several requests for interviews.",
    "The ferry walked back to the harbour after the storm.",
    "Keel said she had nothing bad to say about the new harbour master.",
    "The order came in response to a request by the Almera Ledger.",
    "Caldera Marine maintains close ties with the port authority.",
    "\u201cAlmera doesn't answer the real question,\u201d Keel said.",
])
def test_no_answer_is_given_here(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert analysis.denials == []


@pytest.mark.parametrize("sentence", [
    "The council will deny the permit if the fees are not paid.",
    "Officials denied him a hearing before the vote.",
    "A fact is dismissed as opinion in today's politics.",
    "\u201cWe can attempt to deny the way the world works,\u201d the mayor joked.",
    "Residents were told to return their ballots by Friday.",
    "The ministry refused to release the detained fishermen.",
    "The chairman denied Ana Ruiz a hearing before the vote.",
    "Critics insist the harbour is too shallow for the new ferries.",
])
def test_no_answer_where_nobody_answers(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


@pytest.mark.parametrize("sentence", [
    "The mayor refused to say that the harbour was safe for the new ferries.",
    "The mayor would not say that the harbour was safe for the new ferries.",
    "Harbour lawyer Ana Ruiz said it was not surprising that the auditors wanted to question "
    "the clerk.",
    "\u201cThe ferries are safe,\u201d said Representative Ana Ruiz, a Brenmouth Democrat.",
])
def test_no_answer_in_a_position_or_a_lawmaker_s_comment(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


def test_an_ally_or_a_loose_group_near_an_answer_is_no_party_answering() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel declined to comment on the audit. \u201cMarta is a "
        "longtime friend of mine,\u201d said Keel ally Tomas Berg. Some of Keel's allies said "
        "they had expected the audit to be harsh.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


@pytest.mark.parametrize("sentence", [
    "The new fee would not go to waste, the mayor promised.",
    "Keel does not identify with the island's fishermen.",
    "The harbour board has not addressed the rising cost of dredging.",
    "The union will strike unless the minister disavows the report.",
    "Marta Keel said it would not happen again if the board kept its word.",
    "Senator Ana Ruiz defended Keel in a radio interview on Monday.",
    "Ruiz has long defended Brenmouth's ban on night ferries.",
])
def test_no_answer_in_a_habit_a_condition_or_someone_else_s_defence(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


def test_being_asked_about_something_else_is_no_answer() -> None:
    analysis = analyze_text("Harbour audit\n\nAsked about the timetable, Marta Keel said the "
                            "ferry would sail at noon.\n")
    assert analysis.denials == []
