"""Unverified attributions in general forms, on our own invented sentences: loose quantifier
pronouns ("others say"), bare plurals of people or bodies ("forecasters say", "banks
warn"), counted groups ("a wide array of economists"); each beside a near form that a
reader can check."""

from __future__ import annotations

import pytest

from bot.models import FlagKind
from tests.support.analyzers import analyze_text


def kinds(body: str) -> list[FlagKind]:
    return [f.kind for f in analyze_text("Harbour levy\n\n" + body + "\n").flags]


@pytest.mark.parametrize(("body", "kind"), [
    ("Others, however, say the levy is overdue.", FlagKind.VAGUE_SOURCE),
    ("Many argue that the ferry timetable favours tourists.", FlagKind.VAGUE_SOURCE),
    ("If fares keep rising, forecasters say the island will lose residents.",
     FlagKind.VAGUE_SOURCE),
    ("On the north shore, developers see the old quay as wasted space.",
     FlagKind.VAGUE_SOURCE),
    ("Cutting fares too soon, a wide array of economists say, slowed the recovery.",
     FlagKind.ANONYMOUS_SOURCE),
    ("Shipping companies say a bigger levy would drive trade to other ports.",
     FlagKind.VAGUE_SOURCE),
    ("On the islands, banks warn that the harbour loans are at risk.", FlagKind.VAGUE_SOURCE),
])
def test_loose_and_generic_sources_are_flagged(body: str, kind: FlagKind) -> None:
    assert kinds(body) == [kind]


@pytest.mark.parametrize("body", [
    "Harbour master Ana Ruiz and port director Tom Bell met on Monday. Ruiz hit back, "
    "saying the levy was fair.",
    "Under the bill, ferry clerks would be allowed to deny boarding.",
    "The shipping companies said a bigger levy would drive trade to other ports.",
    "Both banks said the harbour loans were at risk.",
    "Two residents, Ana Ruiz and Tom Bell, said the ferry was late.",
])
def test_named_or_hypothetical_sources_are_not(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "Many liberal Democrats have also warned the council not to raise fares this year.",
])
def test_a_loose_collective_s_warning_is_flagged(body: str) -> None:
    assert FlagKind.VAGUE_SOURCE in kinds(body)


def test_a_loose_collective_s_warning_is_quoted_as_speaker_and_verb() -> None:
    flags = analyze_text("Harbour levy\n\nSome of the ferry crews warned the council not to "
                         "cut the Sunday service.\n").flags
    assert [(f.kind, f.quote.text, f.why) for f in flags] == [
        (FlagKind.VAGUE_SOURCE, "Some of the ferry crews warned",
         "loose collective (Some of the ferry crews): who exactly says so?")]


@pytest.mark.parametrize("body", [
    "Many liberal Democrats have not warned the council to raise fares this year.",
    "Some of the ferry crews did not warn the council to cut the Sunday service.",
    "Many liberal Democrats would warn the council not to raise fares this year.",
    "Several skippers would suggest moving the quay further north.",
    "A few councillors have called on the mayor to resign over the levy.",
])
def test_what_a_loose_collective_did_not_or_would_say_or_called_for_is_not(
        body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "Some councillors declined to comment on the levy.",
    "When two ferry firms write a licensing agreement, the harbour takes a share.",
])
def test_a_loose_collective_s_silence_or_paperwork_is_not(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "A number of studies have credited the levy with cutting harbour traffic.",
    "Initial estimates put the cost of the new quay at about 40 million euros.",
    "New emails seem to show close ties between the harbour board and the ferry firm.",
    "The mayor spoke in the wake of a new poll showing her party down to 14 percent.",
])
def test_unnamed_documents_that_show_estimate_or_credit_are_flagged(body: str) -> None:
    assert kinds(body) == [FlagKind.UNNAMED_DOCUMENT]


def test_a_document_without_an_article_showing_a_thing_is_not() -> None:
    assert kinds("He kept classified material showing the route of the ferry.") == []


@pytest.mark.parametrize("body", [
    "The council met on Monday. The levy will double in May, reported the Almera Ledger.",
    "The council met on Monday. Multiple outlets reported on Wednesday that the ferry "
    "would be sold.",
    "The council met on Monday. Her anger, combined with a report in the Almera Ledger "
    "about the harbour's debts, has begun to show.",
    "The council met on Monday. He also shared a story from the news site Harbour Info.",
])
def test_other_outlets_reports_are_flagged_however_the_parse_hides_them(body: str) -> None:
    assert FlagKind.SECONDARY_REPORT in kinds(body)


@pytest.mark.parametrize("body", [
    "The council met on Monday. He cited a police report on the crash.",
    "The council met on Monday. Her campaign will reprint an Almera Ledger editorial.",
])
def test_documents_and_opinion_pieces_are_not_reports(body: str) -> None:
    assert FlagKind.SECONDARY_REPORT not in kinds(body)


@pytest.mark.parametrize("body", [
    "The council met on Monday. The governor was criticized by conservatives like "
    "Representative Ana Ruiz for selling the quay.",
    "The council met on Monday. Almera and 25 other states sued the ministry, calling the "
    "levy unlawful.",
])
def test_critics_named_by_their_members_and_states_are_not_loose(body: str) -> None:
    assert FlagKind.VAGUE_SOURCE not in kinds(body)


def test_critics_with_no_one_named_still_are() -> None:
    assert FlagKind.VAGUE_SOURCE in kinds(
        "The council met on Monday. The governor was criticized for selling the quay, even "
        "by conservatives.")


@pytest.mark.parametrize("body", [
    "The Almera Ledger ran the story on Monday. Ana Ruiz read it twice. She said the levy "
    "was fair.",
    "The Harbour Group, an economic consulting firm, has calculated that the levy will "
    "cost 40 million euros.",
    "Islanders will be watching closely to see whether the ferry runs on time.",
    "The media will call it a defeat for the mayor.",
])
def test_people_named_bodies_and_predictions_are_not_flagged(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize(("body", "kind"), [
    ("\"The ferry is always late,\" one user wrote.", FlagKind.ANONYMOUS_SOURCE),
    ("The meeting turned into a gripe session about the mayor, according to people in "
     "attendance.", FlagKind.ANONYMOUS_SOURCE),
    ("People with knowledge of the board's plans said the levy would double.",
     FlagKind.ANONYMOUS_SOURCE),
    ("Election scholars caution that high turnout does not mean a win in May.",
     FlagKind.VAGUE_SOURCE),
    ("When the firm announced 600 layoffs, some workers felt betrayed.",
     FlagKind.VAGUE_SOURCE),
    ("Despite polls showing her well behind, the mayor campaigned on the quay.",
     FlagKind.UNNAMED_DOCUMENT),
    ("One official even suggested raising the levy again.", FlagKind.ANONYMOUS_SOURCE),
])
def test_more_unnamed_and_loose_sources_are_flagged(body: str, kind: FlagKind) -> None:
    assert kinds(body) == [kind]


def test_a_loose_collective_inside_someone_s_quote_rests_on_the_speaker() -> None:
    assert FlagKind.VAGUE_SOURCE not in kinds(
        "\"We wanted a vote on the levy,\" Ana Ruiz said in an interview. \"Most islanders "
        "agree that the ferry should be public.\"")


@pytest.mark.parametrize("body", [
    "The council met on Monday. A web search shows no reports by the Almera Ledger on "
    "the levy.",
    "The council met on Monday. The mayor's office called the Almera Ledger's report a "
    "rush to judgment.",
    "Applicants must promise to live on the island for five years.",
])
def test_reports_denied_or_absent_and_duties_are_not_flagged(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "There is growing anger in ferry circles over the levy.",
    "There is a tacit recognition among some members of the mayor's circle that she is "
    "to blame.",
    "The levy has raised alarm among legal experts.",
])
def test_a_feeling_found_in_a_loose_group_is_flagged(body: str) -> None:
    assert kinds(body) == [FlagKind.VAGUE_SOURCE]


@pytest.mark.parametrize("body", [
    "The mayor has strong support among island voters.",
    "There is anxiety among our members about the levy.",
])
def test_poll_support_and_our_own_members_are_not(body: str) -> None:
    assert kinds(body) == []


@pytest.mark.parametrize("body", [
    "The council met on Monday. The firm faces allegations that it overcharged islanders.",
    "The council met on Monday. The firm is suspected of overcharging islanders.",
    "The council met on Monday. The mayor resigned amid claims that she took bribes.",
    "The council met on Monday. There have been allegations of bribery at the port.",
])
def test_allegations_and_suspicions_with_no_accuser_are_hedges(body: str) -> None:
    assert kinds(body) == [FlagKind.HEDGED]
