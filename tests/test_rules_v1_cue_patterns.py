"""Less common cue shapes, on an invented article: headlines, colons, polls, asides.

The first engine, bot.analyzers.rules_v1, kept as the PolNeAR baseline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules_v1 import RulesAnalyzer
from bot.models import Analysis, Article, SourceKind
from bot.textnorm import content_hash

ARTICLE = Path(__file__).resolve().parent / "articles" / "transit_poll.txt"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    text = ARTICLE.read_text(encoding="utf-8")
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


def triples(analysis: Analysis) -> set[tuple[str | None, str, str]]:
    return {
        (a.source.text if a.source else None, a.cue.text, a.content.text)
        for a in analysis.attributions
    }


@pytest.mark.parametrize(
    "expected",
    [
        ("Mayor", "Says", "Tram Line Will Open In Spring"),  # title-case headline
        ("Ruiz", ":", "The tram will carry 20,000 riders a day"),  # "Name: words"
        ("a new Alder Ledger poll released Friday", "In",
         "58 percent of residents back the tram"),
        ("reporters", "Asked", "whether the budget would grow again"),
        ("Ruiz", "said", "it would not"),
        ("she", "said", "The delays, she said, were caused by a supplier in Rotterdam"),
        ("The union", "is saying", "that drivers were never consulted"),
        ("Okafor", "praised", "the engineers"),  # stops before the second cue
        ("Okafor", "warned", 'that the timetable was "optimistic at best."'),
        ("the Harbor Herald", "reported", "the tram depot flooded twice last winter"),
        ("Okafor", "noted", "the depot had since been raised by a metre"),  # no "that"
    ],
)
def test_pattern(analysis: Analysis, expected: tuple[str | None, str, str]) -> None:
    assert expected in triples(analysis)


def test_nothing_else(analysis: Analysis) -> None:
    assert len(analysis.attributions) == 11
