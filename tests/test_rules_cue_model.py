"""The cue model: attributions whose cue no rule lists, on our own invented sentences."""

from __future__ import annotations

import json

import pytest

from bot.analyzers.rules.cues import EXTENSIONS, MODEL
from bot.models import Analysis, Attribution, SourceType
from tests.support.analyzers import analyze_text


def only(analysis: Analysis) -> Attribution:
    assert len(analysis.attributions) == 1, [a.cue.text for a in analysis.attributions]
    return analysis.attributions[0]


@pytest.mark.parametrize(("text", "cue", "source", "content"), [
    ("The governor endorsed Mayor Ana Ruiz on Tuesday, a week before the harbour vote.",
     "endorsed", "The governor", "Mayor Ana Ruiz"),
    ("Senator Tomas Berg called for a review of the ferry contracts after the audit.",
     "called for", "Senator Tomas Berg", "a review of the ferry contracts"),
    ("In the interview, the council member was referring to the ferry tender awarded "
     "last spring.", "was referring to", "the council member",
     "the ferry tender awarded last spring"),
    ("Union leaders strongly opposed the new pension rules for dock workers.",
     "strongly opposed", "Union leaders", "the new pension rules for dock workers"),
    ("Berg's criticism of the port authority grew louder after the second accident.",
     "criticism of", "Berg", "the port authority"),
    ("The ferry deal was first reported by the Almera Ledger.",
     "was first reported", "the Almera Ledger", "The ferry deal"),
    ("The mayor spoke at the town hall on Tuesday about the cost of the new ferries.",
     "spoke", "The mayor", "the cost of the new ferries"),
    ("“Nobody on the island was asked,” one resident tweeted.",
     "tweeted", "one resident", "“Nobody on the island was asked,”"),
    ("Asked about the tender, Berg went on to say that nobody had broken the law.",
     "went on to say", "Berg", "that nobody had broken the law"),
    ("Ruiz continued to question the figures in the audit.",
     "continued to question", "Ruiz", "the figures in the audit"),
    ("The union thanked the harbour crew for its quick work during the storm.",
     "thanked", "The union", "the harbour crew for its quick work during the storm"),
])
def test_a_cue_no_word_list_names(text: str, cue: str, source: str, content: str) -> None:
    found = only(analyze_text(text))
    assert (found.cue.text, found.content.text) == (cue, content)
    assert found.source is not None and found.source.text == source
    assert text[found.cue.start : found.cue.end] == cue


def test_a_linking_verb_has_no_source_and_reports_its_subject() -> None:
    found = only(analyze_text("The mayor seemed unconvinced by the plan on Friday."))
    assert found.cue.text == "seemed"
    assert found.source is None
    assert found.content.text.startswith("The mayor")


def test_the_cue_takes_in_a_statement_it_was_made_in() -> None:
    found = only(analyze_text("Ruiz said in a statement that the ferries were safe."))
    assert found.cue.text == "said in a statement"
    assert found.content.text == "that the ferries were safe"


def test_a_learned_attribution_raises_no_flag_of_its_own() -> None:
    analysis = analyze_text("Some residents endorsed the new ferry timetable for the island.")
    found = only(analysis)
    assert found.cue.text == "endorsed"
    assert found.source_type is SourceType.VAGUE
    assert analysis.flags == []


def test_ids_follow_the_text_with_learned_and_ruled_attributions_mixed() -> None:
    analysis = analyze_text(
        "The governor endorsed Ana Ruiz. Ruiz said the ferries were safe. "
        "Berg called for an inquiry.")
    assert [a.cue.text for a in analysis.attributions] == ["endorsed", "said", "called for"]
    assert [a.id for a in analysis.attributions] == ["a1", "a2", "a3"]


def test_the_shipped_model_holds_numbers_only() -> None:
    data = json.loads(MODEL.read_text("utf-8"))
    assert isinstance(data["bias"], float)
    assert data["weights"] and all(isinstance(w, float) for w in data["weights"].values())
    assert all(len(name.split()) <= 1 and len(name) < 60 for name in data["weights"])
    table = json.loads(EXTENSIONS.read_text("utf-8"))
    assert set(table.values()) <= {"word", "whole", "object"}
    assert all(key.count("|") in {1, 2} and " " not in key for key in table)


def test_a_speaker_line_ending_in_a_colon_reports_the_next_paragraph() -> None:
    text = ('Harbour master Ana Ruiz says:\n\n'
            '"The pier is unsafe and the council has known it for two years."\n')
    found = only(analyze_text(text))
    assert found.cue.text == "says:"
    assert found.content.text == ('"The pier is unsafe and the council has known it for '
                                  'two years."')


def test_content_ending_in_a_quotation_takes_its_stop_and_closing_mark() -> None:
    analysis = analyze_text('Berg said the contract was "signed in a hurry." He left soon after.')
    said = next(a for a in analysis.attributions if a.cue.text == "said")
    assert said.content.text == 'the contract was "signed in a hurry."'
    analysis = analyze_text("Berg said the deal was ''signed in a hurry.'' He left soon after.")
    said = next(a for a in analysis.attributions if a.cue.text == "said")
    assert said.content.text == "the deal was ''signed in a hurry.''"


@pytest.mark.parametrize(("text", "source"), [
    ("WASHINGTON — Sen. Ana Ruiz said the ferry deal was rushed.", "Sen. Ana Ruiz"),
    ("Even critics say the new pier is well built.", "critics"),
])
def test_a_dateline_or_focusing_word_is_no_part_of_the_source(text: str, source: str) -> None:
    found = only(analyze_text(text))
    assert found.source is not None and found.source.text == source


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The ferry union issued a statement saying the new fares were unfair to island families.",
     "issued a statement saying", "the new fares were unfair to island families"),
    ("Several council members expressed concern that the harbour budget would run out by June.",
     "expressed concern", "that the harbour budget would run out by June"),
])
def test_the_noun_a_verb_says_something_with_is_part_of_the_cue(
        text: str, cue: str, content: str) -> None:
    found = only(analyze_text(text))
    assert (found.cue.text, found.content.text) == (cue, content)
