"""Cutting text into sentences and quotations, with offsets that hold.

The first engine, bot.analyzers.rules_v1, kept as the PolNeAR baseline.
"""

from __future__ import annotations

from bot.analyzers.rules_v1.text import parse


def sentences(text: str) -> list[str]:
    doc = parse(text)
    return [text[s.start : s.end] for s in doc.sentences]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Sen. Ada Brook (D-Ore.) met Mr. Lee in the U.S. Capitol on Jan. 4. They talked."
    assert sentences(text) == [
        "Sen. Ada Brook (D-Ore.) met Mr. Lee in the U.S. Capitol on Jan. 4.",
        "They talked.",
    ]


def test_quote_of_several_sentences_stays_with_its_speaker() -> None:
    text = "“We tried. We failed,” Kim said. Then she left."
    assert sentences(text) == ["“We tried. We failed,” Kim said.", "Then she left."]


def test_question_in_quotes_stays_with_its_speaker() -> None:
    text = '"Why not?" Trump asked. "We can."'
    assert sentences(text) == ['"Why not?" Trump asked.', '"We can."']


def test_double_apostrophe_quotes() -> None:
    text = "''It is over,'' said Mr. Park. ''We lost.''"
    doc = parse(text)
    assert [text[q.start : q.end] for q in doc.quotes] == ["''It is over,''", "''We lost.''"]
    assert sentences(text) == ["''It is over,'' said Mr. Park.", "''We lost.''"]


def test_open_quote_runs_into_the_next_paragraph() -> None:
    text = "“First part of the quote.\n\n“Second part,” she said."
    doc = parse(text)
    assert [text[q.start : q.end] for q in doc.quotes] == [text[: text.index(",”") + 2]]


def test_leading_metadata_line_is_skipped() -> None:
    text = " date 2021-05-08 The council met. It voted."
    doc = parse(text)
    assert text[doc.body_start :].startswith("The council met.")
    assert sentences(text) == ["The council met.", "It voted."]
