"""The user's example article: every required denial, flag and claim is found, verbatim.

Reads ../shared/examples/soleimani-article.txt (never copied into the repo); skips when
it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.base import run_analyzer
from bot.analyzers.rules import RulesAnalyzer
from bot.evaluation.example import score_example
from bot.models import Analysis, Article, DenialKind, SourceKind
from bot.textnorm import content_hash

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "example_expected.json"
ARTICLE = ROOT.parent / "shared" / "examples" / "soleimani-article.txt"


@pytest.fixture(scope="module")
def text() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"example article not found at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def analysis(text: str) -> Analysis:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


def test_every_required_item_is_found(analysis: Analysis, text: str) -> None:
    report = score_example(analysis, EXPECTED, article_text=text)
    assert report.missing == [], report.table()
    assert report.misplaced_quotes == [], report.table()


def test_every_span_is_verbatim_at_its_offsets(analysis: Analysis, text: str) -> None:
    spans = [c.quote for c in analysis.claims] + [d.quote for d in analysis.denials]
    spans += [f.quote for f in analysis.flags]
    for a in analysis.attributions:
        spans += [a.cue, a.content] + ([a.source] if a.source else [])
    assert spans
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


def test_conricus_denial_in_detail(analysis: Analysis) -> None:
    conricus = next(d for d in analysis.denials if "Conricus" in d.by)
    assert conricus.by == "Jonathan Conricus"
    assert conricus.venue == "France 24"
    assert conricus.official and conricus.firsthand
    assert conricus.kind is DenialKind.DENIAL
    assert conricus.organization is not None and "Israel Defense Forces" in conricus.organization


def test_reported_denials_are_not_firsthand(analysis: Analysis) -> None:
    netanyahu = next(d for d in analysis.denials if "Netanyahu" in d.by)
    assert netanyahu.role is not None and "Prime Minister" in netanyahu.role
    assert not netanyahu.firsthand
    assert netanyahu.answers, "the denial should point at the involvement claim"


def test_the_metadata_line_is_not_part_of_any_quote(analysis: Analysis) -> None:
    for claim in analysis.claims:
        assert "2021-05-08" not in claim.quote.text
    assert "2021-05-08" not in analysis.summary


async def test_grounding_keeps_every_item(text: str) -> None:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    analysis = await run_analyzer(RulesAnalyzer(), article)
    assert analysis.engine.dropped == 0
    assert analysis.engine.analyzer == "rules"
    assert analysis.engine.tokens_in == 0 and analysis.engine.tokens_out == 0
    assert 2 <= analysis.summary.count(". ") + 1 <= 4
