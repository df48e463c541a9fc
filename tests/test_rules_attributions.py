"""Attribution spans (source, cue, content) on our own invented news sentences: the
constructions and span conventions the rules follow (PolNeAR's, where it has one)."""

from __future__ import annotations

import pytest

from bot.models import Attribution
from tests.support.analyzers import analyze_text


def spans(found: Attribution) -> tuple[str | None, str, str]:
    return (found.source.text if found.source is not None else None, found.cue.text,
            found.content.text)


@pytest.mark.parametrize(("text", "source", "content"), [
    ('"I like the plan. Let the council vote on it," Ruiz said at the harbour on Tuesday.',
     "Ruiz", '"I like the plan. Let the council vote on it,"'),
    ('"She is sharp. The fact that she, in her first year on the council, really fixed the '
     'ferries," Berg said.', "Berg",
     '"She is sharp. The fact that she, in her first year on the council, really fixed the '
     'ferries,"'),
    ('"We asked twice. Probably," said one harbour official.', "one harbour official",
     '"We asked twice. Probably,"'),
])
def test_a_quotation_cut_into_sentences_is_what_the_speaker_after_it_said(
        text: str, source: str, content: str) -> None:
    (found,) = analyze_text(text).attributions
    assert spans(found) == (source, "said", content)


def test_a_quoted_noun_the_parser_made_a_subject_is_not_the_speaker() -> None:
    text = ('The union doubled down on Monday.\n\n"Well, look, the plan is bold, right? '
            'Clearly a costly plan, a rushed plan," union leader Tomas Berg said Monday.\n')
    found = next(a for a in analyze_text(text).attributions if a.cue.text == "said Monday")
    assert found.source is not None and found.source.text == "union leader Tomas Berg"
    assert found.content.text.startswith('"Well, look')


def test_a_that_clause_after_where_it_was_said_is_what_was_said() -> None:
    text = ("The harbour master said earlier on Friday during a news conference that the "
            "pier would close for a month.")
    (found,) = analyze_text(text).attributions
    assert spans(found) == ("The harbour master", "said",
                            "that the pier would close for a month")


def test_a_form_of_be_alone_is_no_cue() -> None:
    analysis = analyze_text("Berg was critical of the tender, and residents are wary of the "
                            "new timetable.")
    assert [a.cue.text for a in analysis.attributions] == []


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Council members disagree on the size of the new pier.", "disagree on",
     "the size of the new pier"),
    ("Residents have been fighting about the new ferry tender for months.",
     "have been fighting about", "the new ferry tender"),
])
def test_the_preposition_that_opens_the_topic_is_part_of_the_cue(
        text: str, cue: str, content: str) -> None:
    (found,) = analyze_text(text).attributions
    assert (found.cue.text, found.content.text) == (cue, content)


def test_the_venue_in_a_cue_stops_before_a_clause_the_parser_hung_on_it() -> None:
    (found,) = analyze_text("Berg's office said in a statement that the ferry would run.\n"
                            ).attributions
    assert spans(found) == ("Berg's office", "said in a statement", "that the ferry would run")


def test_a_quotation_opened_after_the_verb_runs_on_to_its_closing_mark() -> None:
    text = "One resident tweeted, “The ferry is late again. Third time this week.”"
    (found,) = analyze_text(text).attributions
    assert spans(found) == ("One resident", "tweeted",
                            "“The ferry is late again. Third time this week.”")


@pytest.mark.parametrize(("text", "content"), [
    ("As reported by the Almera Ledger, the council will vote on the tender next week.",
     "the council will vote on the tender next week"),
    ("The council will vote on the tender next week, as the Almera Ledger reported on "
     "Tuesday.", "The council will vote on the tender next week"),
])
def test_as_reported_credits_the_clause_it_is_attached_to(text: str, content: str) -> None:
    (found,) = analyze_text(text).attributions
    assert found.source is not None and found.source.text == "the Almera Ledger"
    assert found.content.text == content


def test_a_relative_clause_inside_what_was_said_is_no_attribution_of_its_own() -> None:
    text = ('Ruiz said she wants a harbour plan that calls for "new ferries, a longer pier and '
            'lower fares for islanders. It is the least the council owes them."')
    (found,) = analyze_text(text).attributions
    assert (found.cue.text, found.source.text if found.source else None) == ("said", "Ruiz")


def test_a_lone_headline_name_the_tagger_misread_is_the_speaker_when_named_elsewhere() -> None:
    text = ("Keel: Ferry Story Has Moved.\n\n"
            "Harbour board chair Marta Keel spoke on Monday.\n")
    found = next(a for a in analyze_text(text).attributions if a.cue.text == ":")
    assert spans(found) == ("Keel", ":", "Ferry Story Has Moved")


def test_a_lone_word_before_a_colon_named_nowhere_else_is_no_speaker() -> None:
    text = "Update: The ferry will run on Sunday.\n\nThe harbour office confirmed the change.\n"
    assert not any(a.cue.text == ":" for a in analyze_text(text).attributions)


@pytest.mark.parametrize(("text", "source"), [
    ("Dana Holt, speaking on condition of anonymity, said the ferry plan would fail.",
     "Dana Holt"),
    ("Mayor Ana Ruiz, who said last month that the harbour would close, said the vote was "
     "final.", "Mayor Ana Ruiz"),
    ("Tom Berg, who runs the ferry company, said the fares would rise.",
     "Tom Berg, who runs the ferry company,"),
])
def test_an_aside_on_what_the_speaker_did_is_no_part_of_the_source(
        text: str, source: str) -> None:
    found = next(a for a in analyze_text(text).attributions if a.cue.text == "said"
                 and a.cue.start > text.index(" said the ") - 1)
    assert found.source is not None and found.source.text == source


@pytest.mark.parametrize(("text", "expected"), [
    ("Asked about the fares, Ruiz said they would rise in May.",
     [(None, "Asked about", "the fares"), ("Ruiz", "said", "they would rise in May")]),
    ("Ruiz was asked whether the fares would rise.",
     [(None, "was asked", "whether the fares would rise")]),
    ("The plan was criticized by Tom Berg as reckless.",
     [("Tom Berg", "was criticized", "The plan")]),
])
def test_a_passive_cue_without_by_names_no_source(
        text: str, expected: list[tuple[str | None, str, str]]) -> None:
    assert [spans(a) for a in analyze_text(text).attributions] == expected


def test_a_quotation_in_two_single_quote_pairs_runs_on_over_the_tag() -> None:
    text = ("''The fares are too high,'' Mr. Berg said. ''Nobody on the island can pay "
            "them.''\n\nThe council met later.")
    (found,) = analyze_text(text).attributions
    assert spans(found) == ("Mr. Berg", "said", text[: text.index("\n")])


@pytest.mark.parametrize("marks", [("“", "”"), ("''", "''"), ('"', '"')])
def test_a_quotation_the_tag_interrupts_after_a_comma_is_one_content(
        marks: tuple[str, str]) -> None:
    a, b = marks
    text = (f"{a}The fares are too high,{b} Mr. Berg said, {a}and nobody on the island can "
            f"pay them.{b}\n\nThe council met later.")
    (found,) = analyze_text(text).attributions
    assert spans(found) == ("Mr. Berg", "said", text[: text.index("\n")])


def test_a_quotation_resumed_after_another_cue_is_not_run_on() -> None:
    text = ("“The fares are too high,” Ms. Ruiz said, adding, “Nobody on the island can pay "
            "them.”\n\nThe council met later.")
    found = analyze_text(text).attributions
    assert found[0].content.text == "“The fares are too high,”"


@pytest.mark.parametrize(("text", "expected"), [
    ("Keel's view is that the second payment was lawful.",
     ("Keel", "view is", "that the second payment was lawful")),
    ("The board's position was that the contract had been awarded fairly.",
     ("The board", "position was", "that the contract had been awarded fairly")),
    ("In Keel's view, the second payment was lawful.",
     ("Keel", "In Keel's view", "the second payment was lawful")),
    ("In the view of some engineers, the quay is unsafe.",
     ("some engineers", "In the view of", "the quay is unsafe")),
])
def test_a_stance_is_its_holder_s_attribution(
        text: str, expected: tuple[str, str, str]) -> None:
    analysis = analyze_text(text)
    assert [spans(a) for a in analysis.attributions] == [expected]
    (claim,) = analysis.claims
    assert claim.claimant == expected[0]


@pytest.mark.parametrize("text", [
    "In his estimation of the harbour master, the second payment was an error.",
    "My view is that the second payment was lawful.",
    "The view from the quay is that of a busy harbour.",
    '"That is a test he failed, in the view of many of us," Keel said.',
])
def test_a_stance_without_a_holder_outside_a_quotation_is_none(text: str) -> None:
    assert not any(a.cue.text.startswith(("In", "in", "view", "My"))
                   for a in analyze_text(text).attributions)


def test_according_to_leaves_the_clause_its_subject() -> None:
    (found,) = analyze_text("According to court documents, the captain, Piet Holm, 52, had been "
                            "warned twice last year about speeding in the bay.").attributions
    assert spans(found) == ("court documents", "According to",
                            "the captain, Piet Holm, 52, had been warned twice last year about "
                            "speeding in the bay")
