"""Sentences come from the parser; a headline or dateline line never runs into the text."""

from __future__ import annotations

from bot.analyzers.rules import RulesAnalyzer
from bot.analyzers.rules.spans import sentences as doc_sentences


def sentences(text: str) -> list[str]:
    doc = RulesAnalyzer().nlp()(text)
    return [s.text.strip() for s in doc_sentences(doc)]


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = ("Sen. Ada Brook met Mr. Lee in the U.S. Capitol on Jan. 4. They talked. "
            "The guard carried a .45-caliber pistol. Police said he fled.")
    assert sentences(text) == [
        "Sen. Ada Brook met Mr. Lee in the U.S. Capitol on Jan. 4.",
        "They talked.",
        "The guard carried a .45-caliber pistol.",
        "Police said he fled.",
    ]


def test_quote_stays_with_its_speaker() -> None:
    text = "“We tried hard,” Kim said. Then she left."
    assert sentences(text) == ["“We tried hard,” Kim said.", "Then she left."]


def test_headline_and_dateline_lines_are_their_own_sentences() -> None:
    text = ("Ferry deal under fire\nPORT ALMERA, Tuesday\nThe harbour board approved the deal "
            "on Monday, officials said.\n")
    assert sentences(text) == [
        "Ferry deal under fire",
        "PORT ALMERA, Tuesday",
        "The harbour board approved the deal on Monday, officials said.",
    ]


def test_hard_wrapped_prose_is_not_cut_at_its_line_breaks() -> None:
    text = ("The harbour board approved the ferry contract\non Monday, two officials said, "
            "and the\nmayor signed it.\n")
    assert len(sentences(text)) == 1
