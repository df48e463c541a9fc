"""Who a mention names: the words the source of an attribution keeps (invented sentences)."""

from __future__ import annotations

import pytest

from tests.support.analyzers import analyze_text


def sources_of(text: str, cue: str) -> list[str]:
    return [a.source.text for a in analyze_text(text).attributions
            if a.source is not None and a.cue.text == cue]


@pytest.mark.parametrize(("text", "cue", "source"), [
    ("All the report reveals is that the pilots were “partners” of the harbour police.",
     "reveals", "the report"),
    ("All the harbour memo says is that the berths were never inspected.", "says",
     "the harbour memo"),
])
def test_the_all_of_a_pseudo_cleft_is_not_part_of_the_source(text: str, cue: str,
                                                              source: str) -> None:
    assert sources_of(text, cue) == [source]


def test_all_before_a_plain_speaker_stays_part_of_the_source() -> None:
    text = "All the harbour pilots said the new berth was too shallow for the ferries."
    assert sources_of(text, "said") == ["All the harbour pilots"]
