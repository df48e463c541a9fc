"""Attributions that look unverified but are not, on our own invented sentences: people the
article has already counted out ("the two officials"), the article itself ("this story"),
figures a named body released, what people would say, one person pointed back to ("the ferry
supporter"); each beside the unverified form it must not swallow."""

from __future__ import annotations

import pytest

from bot.models import FlagKind
from tests.support.analyzers import analyze_text


def kinds(body: str) -> list[FlagKind]:
    return [f.kind for f in analyze_text("Harbour audit\n\n" + body + "\n").flags]


@pytest.mark.parametrize("body", [
    "Council member Ana Ruiz and board chair Tom Bell sent the letter on Monday. "
    "\"The plan is unlawful,\" the two officials wrote.",
    "Harbour master Ana Ruiz and port director Tom Bell disagree. The two lawmakers argue "
    "that the levy is unfair.",
    "This story has been updated to note that the ferry company responded.",
    "The mayor raised 2 million euros, according to figures her campaign released Friday.",
    "Some voters might blame the mayor for the closure.",
    "A councillor, however, would be praising the plan.",
    "\"It is a tax on islanders,\" the ferry supporter retorted.",
])
def test_sources_the_reader_can_check_are_not_flagged(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize(("body", "kind"), [
    ("Two officials said the ferry would be sold.", FlagKind.ANONYMOUS_SOURCE),
    ("The port will close in May, two of the officials said.", FlagKind.ANONYMOUS_SOURCE),
    ("The Almera Ledger reported that the ferry company had responded.",
     FlagKind.SECONDARY_REPORT),
    ("Critics say the levy would hurt islanders.", FlagKind.VAGUE_SOURCE),
    ("The Almera Ledger's website reported that the ferry had been sold.",
     FlagKind.SECONDARY_REPORT),
    ("A website says the ferry has been sold.", FlagKind.SECONDARY_REPORT),
    ("Some voters blame the mayor for the closure.", FlagKind.VAGUE_SOURCE),
    ("The business community says the levy will cost jobs.", FlagKind.VAGUE_SOURCE),
    ("A councillor said the plan was rushed.", FlagKind.ANONYMOUS_SOURCE),
])
def test_the_unverified_forms_beside_them_still_are(body: str, kind: FlagKind) -> None:
    assert kinds(body) == [kind]


def test_figures_nobody_is_said_to_have_released_are_still_flagged() -> None:
    assert len(kinds("The levy was paid twice, according to figures released Friday.")) == 1


@pytest.mark.parametrize("body", [
    "The mayor is running for a third term. Polls show a tight race in the harbour district.",
    "Records show a pattern of late payments by the ferry company.",
    "Internal polling shows the senator trailing.",
    "The senator trails her rival, according to recent polling.",
])
def test_unnamed_documents_that_show_a_thing_are_flagged(body: str) -> None:
    assert kinds(body) == [FlagKind.UNNAMED_DOCUMENT]


@pytest.mark.parametrize("body", [
    "The new ferry schedule shows a late departure on Sundays.",
    "The study does not show a link between the levy and the closures.",
    "The harbour master showed reporters the damaged pier.",
])
def test_what_is_not_an_unnamed_document_showing_something_is_not(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "But ignoring the levy also carries risks, as critics point out.",
    "Critics have likened the levy to a tax on islanders.",
])
def test_a_loose_collective_s_comparison_or_point_is_flagged(body: str) -> None:
    assert kinds(body) == [FlagKind.VAGUE_SOURCE]


@pytest.mark.parametrize("body", [
    "Harbour master Ana Ruiz pointed out that the levy is unfair.",
    "Supporters pointed to the new timetable.",
    "The mayor likened the levy to a harbour toll.",
])
def test_a_named_person_s_point_or_a_mere_pointing_is_not(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize(("body", "kind"), [
    ("The skipper often travelled for work, the news site Harbour Info reported.",
     FlagKind.SECONDARY_REPORT),
    ("The skipper was a civil engineer, Portuguese newspaper Correio da Ilha reports.",
     FlagKind.SECONDARY_REPORT),
    ("It's been reported that the clerk has left the country.", FlagKind.HEDGED),
    ("It has been claimed that the tender was rigged.", FlagKind.HEDGED),
    ("The clerk is reported to have left the country.", FlagKind.HEDGED),
])
def test_media_named_as_such_and_impersonal_reports_are_flagged(body: str,
                                                                  kind: FlagKind) -> None:
    assert kinds(body) == [kind]


@pytest.mark.parametrize("body", [
    "The skipper was a civil engineer, the ferry company Nordvik Lines said.",
    "Newspaper owner Tom Bell said the levy was unfair.",
    "The theft was reported to the police on Friday.",
])
def test_named_bodies_and_reports_to_the_police_are_not(body: str) -> None:
    assert kinds(body) == []


def test_a_hedge_with_an_adverb_before_its_verb_is_still_a_hedge() -> None:
    assert kinds("The board is expected to again delay the vote.") == [FlagKind.HEDGED]


def test_a_poll_the_article_has_introduced_is_not_flagged_again() -> None:
    body = ("A Harbour Institute poll of 800 islanders was published on Monday. "
            "The poll shows a tight race in the harbour district.")
    assert kinds(body) == []
