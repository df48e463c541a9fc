"""The PolNeAR scorer on a tiny brat corpus written here, scored by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import ConfigError
from bot.evaluation.polnear import evaluate_polnear, load_split, parse_ann, score_article
from bot.models import Analysis, ArticleMeta, Attribution, Engine, SourceKind, Span

TEXT = "Smith said the plan works. “It is late. We know,” Lee said. Rain fell."


def span(start: int, end: int) -> Span:
    return Span(text=TEXT[start:end], start=start, end=end)


def brat() -> str:
    lines = [
        "T1\tSource 0 5\tSmith",
        "T2\tCue 6 10\tsaid",
        "T3\tContent 11 25\tthe plan works",
        "T4\tAttribution 6 10\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        # a discontinuous content: two fragments split at white space only
        "T5\tContent 27 39;40 49\t“It is late. We know,”",
        "T6\tSource 50 53\tLee",
        "T7\tCue 54 58\tsaid",
        "T8\tAttribution 54 58\tsaid",
        "E2\tAttribution:T8 Content:T5 Source:T6 Cue:T7",
        "T9\tDiscuss 60 70\tRain fell.",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def split_dir(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_aaaa.ann").write_text(brat(), encoding="utf-8")
    # a second annotator's file: never read, the first by name is used
    (tmp_path / "attributions" / "doc1_zzzz.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_parse_ann_keeps_attributions_and_fragments() -> None:
    gold = parse_ann(brat())
    assert len(gold) == 2
    assert gold[0].source == ((0, 5),)
    assert gold[1].content == ((27, 39), (40, 49))
    assert TEXT[27:39] == "“It is late." and TEXT[40:49] == "We know,”"


def test_first_annotator_by_name(split_dir: Path) -> None:
    (article,) = load_split(split_dir)
    assert article.annotation == "doc1_aaaa.ann (of 2)"
    assert len(article.attributions) == 2


def _analysis(attributions: list[Attribution]) -> Analysis:
    meta = ArticleMeta(kind=SourceKind.TEXT, content_hash="x", length=len(TEXT))
    engine = Engine(analyzer="t", model="t", prompt_hash="t")
    return Analysis(article=meta, summary="", attributions=attributions, engine=engine)


def test_exact_and_overlap_counts(split_dir: Path) -> None:
    (gold,) = load_split(split_dir)
    predicted = _analysis([
        # right cue and source, content one word short
        Attribution(id="a1", source=span(0, 5), cue=span(6, 10), content=span(11, 19)),
        # the fragments' union as one span: an exact match
        Attribution(id="a2", source=span(50, 53), cue=span(54, 58), content=span(27, 49)),
        # a cue that is not in the gold at all
        Attribution(id="a3", source=None, cue=span(60, 64), content=span(65, 69)),
    ])
    counts = score_article(gold, predicted)
    assert (counts["cue"].pred_matched, counts["cue"].pred) == (2, 3)
    assert (counts["cue"].gold_matched, counts["cue"].gold) == (2, 2)
    assert counts["source"].pred_matched == 2
    assert counts["content"].pred_matched == 1 and counts["content"].gold_matched == 1
    # overlap in word tokens: gold "the plan works" (3) + the quote's 9 (“ It is late . We know , ”)
    content = counts["content"]
    assert content.gold_tokens == 3 + 9
    assert content.overlap == 2 + 9  # "the plan" + the whole quote
    assert content.pred_tokens == 2 + 9 + 1  # plus "fell" from a3
    precision, recall, _ = content.overlapping()
    assert precision == pytest.approx(11 / 12) and recall == pytest.approx(11 / 12)


def test_rules_analyzer_end_to_end(split_dir: Path) -> None:
    report = evaluate_polnear(split_dir, RulesAnalyzer())
    assert report.articles == 1 and report.gold == 2
    assert report.f1("cue") == pytest.approx(1.0)
    assert report.f1("source") == pytest.approx(1.0)
    assert report.f1("content") == pytest.approx(1.0)
    table = report.table()
    assert "cue" in table and "100.0" in table and "82.3" in table


def test_missing_split_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No PolNeAR split"):
        load_split(tmp_path / "nowhere")
