"""Merging the parts' drafts: fresh ids, remapped references, duplicates kept once."""

from __future__ import annotations

from typing import Any

from bot.analyzers.llm.chunking import split_article
from bot.analyzers.llm.merge import merge, quote_key
from bot.analyzers.llm.schema import AnalysisDraft

TEXT = (
    "The mayor said the tunnel “is safe.” Critics disagree.\n\n"
    + "\n\n".join(
        ["Engineers inspected the tunnel walls for cracks and found none of concern. " * 46] * 3
    )
    + "\n\nThe mayor said the tunnel “is safe.” A ministry spokeswoman declined to comment."
)


def _draft(**lists: Any) -> AnalysisDraft:
    base: dict[str, Any] = {
        "summary": "s",
        "attributions": [],
        "claims": [],
        "denials": [],
        "flags": [],
    }
    return AnalysisDraft.model_validate({**base, **lists})


def _claim(local_id: str, quote: str, attribution: str | None = None) -> dict[str, Any]:
    return {
        "id": local_id,
        "statement": f"statement for {quote}",
        "quote": quote,
        "claimant": None,
        "attribution": attribution,
        "sourcing": "named",
        "checkworthy": 1.7,  # out of range: clamped, not rejected
    }


def _denial(local_id: str, quote: str, answers: list[str]) -> dict[str, Any]:
    return {
        "id": local_id,
        "by": "the ministry",
        "role": None,
        "organization": None,
        "official": True,
        "kind": "declined",
        "quote": quote,
        "venue": None,
        "firsthand": True,
        "answers": answers,
        "attribution": None,
    }


def test_quote_key_ignores_space_quote_marks_case_and_end_punctuation() -> None:
    assert quote_key('The tunnel  "is safe."') == quote_key("the tunnel “is safe”")


def test_duplicates_across_parts_are_kept_once_and_references_follow_the_survivor() -> None:
    parts = split_article(TEXT, 1000)
    assert len(parts) == 3
    first = _draft(claims=[_claim("x", "the tunnel “is safe.”")])
    last = _draft(
        claims=[_claim("y", 'the tunnel "is safe."')],
        denials=[_denial("q", "A ministry spokeswoman declined to comment", ["y"])],
    )

    merged = merge(TEXT, [(parts[2], last), (parts[0], first)])  # order of arrival is free

    (claim,) = merged.claims
    assert claim.id == "c1"
    assert claim.quote.start == TEXT.index("the tunnel “is safe.”")  # the first part's
    assert claim.checkworthy == 1.0
    (denial,) = merged.denials
    assert denial.answers == ["c1"]


def test_a_quote_is_located_in_the_part_that_quoted_it() -> None:
    parts = split_article(TEXT, 1000)
    draft = _draft(claims=[_claim("c1", "The mayor said the tunnel")])

    merged = merge(TEXT, [(parts[2], draft)])

    assert merged.claims[0].quote.start == TEXT.rindex("The mayor said the tunnel")


def test_duplicates_within_a_part_merge_their_answers() -> None:
    parts = split_article(TEXT, 1000)
    draft = _draft(
        claims=[_claim("c1", "Critics disagree"), _claim("c2", "the tunnel “is safe.”")],
        denials=[
            _denial("d1", "declined to comment", ["c1"]),
            _denial("d2", "declined to comment.", ["c2", "c1"]),
        ],
    )

    merged = merge(TEXT, [(parts[2], draft)])

    (denial,) = merged.denials
    assert denial.answers == ["c1", "c2"]


def test_references_to_ids_a_part_never_defined_are_dropped() -> None:
    parts = split_article(TEXT, 1000)
    draft = _draft(
        claims=[_claim("c1", "Critics disagree", attribution="a9")],
        denials=[_denial("d1", "declined to comment", ["c7", "c1"])],
        flags=[
            {
                "id": "f1",
                "kind": "vague_source",
                "quote": "Critics disagree",
                "claim": "c3",
                "attribution": "a1",
                "why": "Which critics?",
            }
        ],
    )

    merged = merge(TEXT, [(parts[0], draft)])

    assert merged.claims[0].attribution is None
    assert merged.denials[0].answers == ["c1"]
    assert merged.flags[0].claim is None
    assert merged.flags[0].attribution is None


def test_an_unfound_quote_is_left_for_grounding_to_drop() -> None:
    parts = split_article(TEXT, 1000)
    draft = _draft(claims=[_claim("c1", "The tunnel was closed in 2019")])

    (claim,) = merge(TEXT, [(parts[0], draft)]).claims

    assert (claim.quote.start, claim.quote.end) == (-1, -1)
    assert claim.quote.text == "The tunnel was closed in 2019"


def test_the_summary_is_the_first_parts() -> None:
    parts = split_article(TEXT, 1000)
    one = _draft(summary="Opening summary.")
    two = _draft(summary="Later summary.")
    assert merge(TEXT, [(parts[1], two), (parts[0], one)]).summary == "Opening summary."
