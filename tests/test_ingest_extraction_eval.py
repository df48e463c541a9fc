"""The extraction benchmark's scorer and runner, on pages we wrote (not the real data)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.evaluation.extraction import (
    PageScore,
    aggregate,
    bench_settings,
    bootstrap_f1_difference,
    load_benchmark,
    run_link_path,
    score_page,
    shingles,
)
from bot.settings import Settings
from tests.test_ingest_fetch import PARAGRAPHS, news_page


def test_shingles_are_four_token_windows_over_word_characters() -> None:
    assert shingles("The board, it said: voted no.") == {
        ("The", "board", "it", "said"): 1,
        ("board", "it", "said", "voted"): 1,
        ("it", "said", "voted", "no"): 1,
    }
    assert shingles("Too short") == {("Too", "short"): 1}
    assert shingles("") == {}


def test_a_page_score_counts_multisets_and_normalises() -> None:
    expected = "a b c d e"  # shingles: abcd, bcde
    predicted = "a b c d x a b c d"  # abcd x2, bcdx, cdxa, dxab, xabc
    score = score_page(expected, predicted)
    # tp = 1 (abcd once), fp = 5 (abcd again + 4 others), fn = 1 (bcde): total 7
    assert score == PageScore(tp=1 / 7, fp=5 / 7, fn=1 / 7)
    assert score.precision == pytest.approx(1 / 6)
    assert score.recall == pytest.approx(1 / 2)


def test_perfect_and_empty_predictions() -> None:
    perfect = score_page("one two three four five", "one two three four five")
    assert (perfect.precision, perfect.recall) == (1.0, 1.0)
    missing = score_page("one two three four five", "")
    assert missing == PageScore(tp=0.0, fp=0.0, fn=1.0)
    assert missing.recall == 0.0


def test_aggregate_averages_over_pages_as_the_benchmark_does() -> None:
    good = PageScore(tp=1.0, fp=0.0, fn=0.0)
    half = PageScore(tp=0.5, fp=0.0, fn=0.5)  # precision 1, recall 0.5
    failed = PageScore(tp=0.0, fp=0.0, fn=1.0)  # no prediction: recall 0, no precision
    metrics = aggregate([good, half, failed])
    assert metrics.precision == pytest.approx(1.0)  # the failed page has no precision
    assert metrics.recall == pytest.approx(0.5)
    assert metrics.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert metrics.pages == 3


def test_bootstrap_of_identical_runs_is_zero() -> None:
    scores = [PageScore(0.5, 0.25, 0.25), PageScore(1.0, 0.0, 0.0), PageScore(0.2, 0.4, 0.4)]
    mean, half = bootstrap_f1_difference(scores, scores, rounds=50)
    assert (mean, half) == (0.0, 0.0)


def _write_benchmark(root: Path, pages: dict[str, tuple[str, str, str]]) -> None:
    (root / "html").mkdir(parents=True)
    truth = {}
    for page_id, (url, html, body) in pages.items():
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"url": url, "articleBody": body}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")


async def test_the_runner_serves_each_page_under_its_path_through_the_link_path(
    tmp_path: Path, settings: Settings
) -> None:
    _write_benchmark(
        tmp_path,
        {
            "p1": ("https://courier.example/news/2023/reservoir?id=7", news_page(),
                   "\n".join(PARAGRAPHS)),
            "p2": ("https://courier.example/app", "<html><body><script>x()</script></body></html>",
                   "An article the page never shows."),
        },
    )
    pages = load_benchmark(tmp_path)
    assert [p.path for p in pages] == ["/news/2023/reservoir?id=7", "/app"]
    assert bench_settings().fetch_allow_list() == ["127.0.0.1"]
    run = await run_link_path(pages, settings, concurrency=2)
    assert set(run.predictions) == {"p1"}
    assert run.failures["p2"].startswith("EmptyArticleError: No article text found")
    for paragraph in PARAGRAPHS:
        assert paragraph in run.predictions["p1"]
    metrics = run.metrics(pages)
    scores = run.scores(pages)
    assert scores[0].recall == 1.0  # every expected shingle was found
    assert scores[0].precision > 0.8  # the headline is extra, the page's noise is not
    assert scores[1] == PageScore(0.0, 0.0, 1.0)
    assert metrics.recall == pytest.approx(0.5)


def test_load_benchmark_says_when_the_data_is_absent(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_benchmark(tmp_path / "nowhere")
