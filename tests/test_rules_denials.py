"""Answers, on our own invented sentences: every way news writes a denial or an answer
that denies nothing, who answers, and which of a party's words around an answer belong to it."""

from __future__ import annotations

import pytest

from bot.models import DenialKind
from tests.support.analyzers import analyze_text


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Caldera Marine denied wrongdoing.", DenialKind.DENIAL),
    ("The ministry denies any involvement in the tender.", DenialKind.DENIAL),
    ("Berg called the accusations baseless.", DenialKind.DENIAL),
    ('The company said the report was "completely false."', DenialKind.DENIAL),
    ("Ruiz dismissed the claims as a smear.", DenialKind.DENIAL),
    ("The contractor insisted it had followed the rules.", DenialKind.DENIAL),
    ('The firm said it "categorically denies" the claims.', DenialKind.DENIAL),
    ('The company said the claims were "without merit."', DenialKind.DENIAL),
    ("\u201cThat's simply not true,\u201d Keel said.", DenialKind.DENIAL),
    ("Berg said he had done nothing wrong.", DenialKind.DENIAL),
    ("The board pushed back on the report, saying it had followed every rule.",
     DenialKind.NON_DENIAL),
    ("Ruiz said the allegations were politically motivated.", DenialKind.NON_DENIAL),
    ("The ministry acknowledged that two payments had been made late.", DenialKind.NON_DENIAL),
    ("Keel pleaded not guilty to both charges on Monday.", DenialKind.DENIAL),
    ("The skipper has maintained his innocence.", DenialKind.DENIAL),
    ("The ministry has said it followed all procedures.", DenialKind.DENIAL),
    ("The port said it had acted appropriately at every stage.", DenialKind.DENIAL),
    ("A spokesman said the audit mischaracterized the board's role.", DenialKind.DENIAL),
    ('Berg\'s lawyer said his client "categorically denies" the claims.', DenialKind.DENIAL),
    ("The company has long maintained that the invoices were not inflated.",
     DenialKind.DENIAL),
    ("Keel's office responded that she never signed the contract.", DenialKind.DENIAL),
    ("The board countered that the report was late, as every audit is.",
     DenialKind.NON_DENIAL),
    ("Keel would only say that the board was reviewing the audit.", DenialKind.NON_DENIAL),
    ("Keel downplayed the auditors' findings on Wednesday.", DenialKind.NON_DENIAL),
    ("The mayor brushed aside questions about the payments.", DenialKind.NON_DENIAL),
    ("Berg shrugged off the criticism.", DenialKind.NON_DENIAL),
    ("Ruiz has stood by her remarks about the harbour board.", DenialKind.NON_DENIAL),
    ("The minister later walked back his comments.", DenialKind.NON_DENIAL),
])
def test_every_way_of_answering(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


def test_a_party_that_negates_what_it_is_accused_of_denies_it() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe audit accused the Keel Group of inflating its invoices. A "
        "spokesman for the Keel Group said none of the invoices were inflated.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [
        (DenialKind.DENIAL, "A spokesman for the Keel Group")]


def test_words_beside_an_answer_given_by_deed_answer_too() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nIn response to the Ledger's questions about the donations, Senator "
        "Ana Ruiz returned the money on Friday. \u201cWe acted out of caution,\u201d said Ruiz "
        "campaign manager Jon Berg.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [
        (DenialKind.NON_DENIAL, "Ana Ruiz"), (DenialKind.NON_DENIAL, "Jon Berg")]


def test_an_intention_is_not_a_denial() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe harbour master announced that he would not seek a second term. "
        "Keel said she would never have approved the contract.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(DenialKind.DENIAL, "Keel")]


def test_a_title_after_the_answer_is_not_its_claim() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe board responded with a long essay, entitled \u201cThe port is "
        "not for sale.\u201d\n")
    assert [d.kind for d in analysis.denials] in ([], [DenialKind.NON_DENIAL])


def test_a_spoken_denial_quotes_the_speaker_and_role_whole() -> None:
    analysis = analyze_text("Harbour audit\n\n\u201cThat is not true,\u201d said Tomas Berg, "
                            "a spokesman for the port.\n")
    assert [d.quote.text for d in analysis.denials] == [
        "\u201cThat is not true,\u201d said Tomas Berg, a spokesman for the port."]


def test_confirming_answers_only_from_a_party_to_the_story() -> None:
    party = analyze_text("Harbour audit\n\nAuditors accused the harbour board of hiding "
                         "losses. The harbour board confirmed it had opened an internal "
                         "review.\n")
    assert [d.kind for d in party.denials] == [DenialKind.NON_DENIAL]
    bystander = analyze_text("Harbour audit\n\nThe Brenmouth fire brigade responded and "
                             "confirmed that there was smoke in the engine room.\n")
    assert bystander.denials == []


def test_a_party_s_words_next_to_its_answer_answer_too() -> None:
    analysis = analyze_text(
        "Harbour audit\n\n"
        "Auditors accused Voss Holdings of overcharging the port for dredging.\n\n"
        "Voss Holdings denied the charge on Tuesday. In a letter to the council, Voss Holdings "
        "said the dredging had cost more because of the winter storms.\n\n"
        + "The port handled more cargo than in any year since 1990. " * 3
        + "\n\nThe ferry timetable changes in May. The harbour master said the new berth "
        "would open in June.\n\n"
        + "Tourism rose by 4 percent last summer. " * 3
        + "\n\nVoss Holdings said it would bid for the next contract as well.\n"
    )
    answers = [(d.kind, d.quote.text) for d in analysis.denials]
    assert (DenialKind.DENIAL, "Voss Holdings denied the charge on Tuesday.") in answers
    assert (DenialKind.NON_DENIAL, "Voss Holdings said the dredging had cost more because of "
            "the winter storms.") in answers
    assert not any("next contract" in quote or "new berth" in quote for _, quote in answers)


def test_a_party_s_own_quoted_never_is_a_denial() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe minister, Piet Ross, denied the report on Tuesday.\n\n"
        "\u201cI have never discussed a tender with the port,\u201d Ross told Radio Merrow.\n\n"
        + "The ferries carried more cars than in any year since 1990. " * 4
        + "\n\n\u201cWe never expected such a crowd,\u201d said Ana Ruiz, who runs the kiosk.\n")
    answers = [(d.kind, d.by) for d in analysis.denials]
    assert answers == [(DenialKind.DENIAL, "Piet Ross"), (DenialKind.DENIAL, "Piet Ross")]
    assert analysis.denials[1].quote.text.endswith("Ross told Radio Merrow.")


def test_a_firm_saying_it_did_not_is_a_denial() -> None:
    analysis = analyze_text("Harbour audit\n\nNordvik Ferries said it had not overcharged "
                            "the port.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The harbour board has not addressed the allegations.", DenialKind.NO_COMMENT),
    ("A port spokesman said the agency does not comment on individual contracts.",
     DenialKind.NO_COMMENT),
    ("Keel admitted that the figure in her report was inaccurate.", DenialKind.NON_DENIAL),
    ("Keel defended her handling of the tender.", DenialKind.NON_DENIAL),
])
def test_more_ways_of_answering(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Keel responded on Sunday to accusations that she had hidden the losses.",
     DenialKind.NON_DENIAL),
    ("Keel chose not to respond to the accusations.", DenialKind.DECLINED),
    ("Asked about the allegations, Keel said the board would publish its accounts.",
     DenialKind.NON_DENIAL),
])
def test_answering_an_allegation_by_name(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


def test_a_party_s_words_near_a_non_denial_are_not_taken_as_answers() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel acknowledged that two payments had been made late. "
        "Keel said the new ferry timetable would start in May.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.NON_DENIAL]
    assert "timetable" not in analysis.denials[0].quote.text


def test_something_done_in_response_to_questions_answers() -> None:
    analysis = analyze_text("Harbour audit\n\nIn response to the Ledger's questions about the "
                            "payments, the harbour board repaid 40,000 euros to the port.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.NON_DENIAL]
    unprompted = analyze_text("Harbour audit\n\nIn response to the storm, the harbour board "
                              "closed the port for two days.\n")
    assert unprompted.denials == []


def test_not_thinking_what_was_put_to_you_is_a_denial() -> None:
    analysis = analyze_text("Harbour audit\n\nKeel said she does not think the new fees will "
                            "hurt the island's ferry trade.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]
    unsure = analyze_text("Harbour audit\n\nKeel said she did not know whether the fees "
                          "had been paid.\n")
    assert DenialKind.DENIAL not in [d.kind for d in unsure.denials]
