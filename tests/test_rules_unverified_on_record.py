"""Sources on the record are not flagged, on our own invented sentences: named people and
bodies, their office holders and data, the article's own outlet, a group the article has
pinned down; each beside the shaky form where one reads alike."""

from __future__ import annotations

import pytest

from bot.models import DenialKind, FlagKind, Sourcing
from tests.support.analyzers import analyze_text


@pytest.mark.parametrize("sentence", [
    "Harbour master Ana Ruiz said the ferry would run all winter.",
    "The ministry said in a statement that the fees had been paid.",
    "The mayor wants a new vote on the contract.",
    "The board approved the contract on Tuesday by five votes to two.",
    "Some ferries were late on Monday because of the storm.",
    "Other ports have raised their fees as well.",
    "The plan was criticized by the harbour master, Ana Ruiz.",
    "Officials have not said when the berth will reopen.",
    "Brenmouth police said the driver of the ferry had fled.",
    "A passer-by who saw the smoke called 911 at once.",
    "The new berth appears to be the largest on the coast.",
    "There have been no reported problems with the new ferries.",
    "The skipper was accused by Ana Ruiz of falsifying the logs.",
    "The European Commission said in a report last week that the ferry subsidies were legal.",
    "In a report, the ministry said the ferry was safe.",
    "The ferry company's website says it has built 40 ferries since 1990.",
])
def test_nothing_flagged_where_the_source_is_on_the_record(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").flags == []


def test_data_from_a_named_publisher_is_on_the_record() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nFreight volumes fell by a third in May, according to data from "
        "Harbourstat.\n\nAccording to a survey by Coastal Polling, most islanders oppose the "
        "new fee.\n")
    assert {c.sourcing for c in analysis.claims} == {Sourcing.NAMED}
    assert analysis.flags == []


def test_an_office_holder_of_a_named_body_is_on_the_record() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nNorland's ambassador to Brenmouth said the ferry deal was fair.\n\n"
        "The directors of Caldera Marine and the Merrow port authority denied any "
        "wrongdoing.\n")
    claim = next(c for c in analysis.claims if "fair" in c.statement)
    assert claim.sourcing is Sourcing.NAMED
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]
    assert analysis.flags == []


def test_nothing_flagged_for_a_tally_by_a_named_body() -> None:
    analysis = analyze_text("Harbour audit\n\nRuiz won 61 percent of the vote, according to "
                            "a tally by the Brenmouth election office.\n")
    assert analysis.flags == []


def test_a_look_at_the_figures_is_no_unnamed_source() -> None:
    analysis = analyze_text("Harbour audit\n\nA close look at the harbour's accounts suggests "
                            "that the fees doubled in two years.\n")
    assert analysis.flags == []


def test_the_second_official_is_not_the_official_named_before() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nHarbour master Ana Ruiz said the fees would rise in May.\n\n"
        "The board had not been told, said the second official.\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE]


def test_a_letter_sent_to_someone_is_no_document_the_outlet_has() -> None:
    analysis = analyze_text("Harbour audit\n\nThe clerk wrote a letter to the board on "
                            "Thursday asking for a new vote.\n")
    assert analysis.flags == []


def test_the_article_s_own_outlet_is_no_secondary_report() -> None:
    own = analyze_text(
        "Harbour audit\n\nThe port paid the clerk twice, a Ledger analysis found. The harbour "
        "board did not respond to the Ledger's questions.\n")
    assert FlagKind.SECONDARY_REPORT not in [f.kind for f in own.flags]
    other = analyze_text(
        "Harbour audit\n\nThe port paid the clerk twice, a Ledger analysis found. The harbour "
        "board did not respond to the Gazette's questions.\n")
    assert FlagKind.SECONDARY_REPORT in [f.kind for f in other.flags]


def test_a_group_the_article_has_pinned_down_is_not_loose() -> None:
    analysis = analyze_text("Harbour audit\n\nThe harbour board's leaders decried the new "
                            "fee.\n")
    assert analysis.flags == []


def test_an_accuser_named_after_a_clause_is_named() -> None:
    analysis = analyze_text("Harbour audit\n\nThe skipper was accused by Ana Ruiz, the "
                            "harbour master, of falsifying the logs.\n")
    assert analysis.flags == []
