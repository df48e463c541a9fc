"""Main-text extraction on the article-extraction benchmark, through the whole link path.

Run from the repository root:

    .venv/bin/python bench/extraction.py                 # every variant below
    .venv/bin/python bench/extraction.py --variant balanced --failures

Reads the 181 pages from ../shared/data/article-extraction-benchmark (never copied into
the repo) and skips cleanly when they are absent. Each variant of trafilatura's options
runs every page through parse_input + load_article against a local HTTP server (see
bot/evaluation/extraction.py), and is scored with the benchmark's method. The `direct`
line is the benchmark's own trafilatura runner (`trafilatura.extract(html,
include_comments=False)` on the stored HTML, no HTTP, none of our rules), to compare
with the published 0.958 (trafilatura 2.0.0) and to show what the link path adds or loses.
The variant marked * is the one load_article uses. Each variant after the first shows its
F1 difference from the first, with a 95% interval from a paired bootstrap over pages (the
benchmark's own way of comparing).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.evaluation.extraction import (  # noqa: E402 - after the path set-up
    BenchPage,
    Metrics,
    PageScore,
    aggregate,
    bench_settings,
    benchmark_dir,
    bootstrap_f1_difference,
    load_benchmark,
    run_link_path,
    score_page,
)
from bot.ingest.extract import DEFAULT_OPTIONS, ExtractionOptions  # noqa: E402

VARIANTS = {
    "balanced": ExtractionOptions(favor_precision=False),  # trafilatura's own default
    "precision": ExtractionOptions(favor_precision=True),
    "recall": ExtractionOptions(favor_precision=False, favor_recall=True),
    "fast": ExtractionOptions(favor_precision=False, fast=True),
    "precision-fast": ExtractionOptions(favor_precision=True, fast=True),
    "no-tables": ExtractionOptions(favor_precision=False, include_tables=False),
}


def direct(pages: list[BenchPage]) -> Metrics:
    scores = []
    for page in pages:
        predicted = trafilatura.extract(page.html(), include_comments=False) or ""
        scores.append(score_page(page.body, predicted))
    return aggregate(scores)


def line(name: str, metrics: Metrics, failed: int | str, seconds: float) -> str:
    return (f"{name:<15} precision={metrics.precision:.3f}  recall={metrics.recall:.3f}  "
            f"F1={metrics.f1:.3f}  failed={failed!s:<4} {seconds:6.1f} s")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), action="append",
                        help="run only this variant (repeatable); default: all")
    parser.add_argument("--no-direct", action="store_true", help="skip the direct line")
    parser.add_argument("--failures", action="store_true", help="list each failed page")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--data", type=Path, default=benchmark_dir(ROOT))
    args = parser.parse_args()

    if not (args.data / "ground-truth.json").exists():
        print(f"skipped: benchmark data not found at {args.data}")
        return 0
    pages = load_benchmark(args.data)
    settings = bench_settings()
    print(f"{len(pages)} pages from {args.data}, trafilatura {trafilatura.__version__}")

    if not args.no_direct:
        started = time.perf_counter()
        print(line("direct", direct(pages), "-", time.perf_counter() - started))
    baseline: tuple[str, list[PageScore]] | None = None
    for name in args.variant or list(VARIANTS):
        started = time.perf_counter()
        run = await run_link_path(pages, settings, VARIANTS[name], args.concurrency)
        label = f"{name}*" if VARIANTS[name] == DEFAULT_OPTIONS else name
        print(line(label, run.metrics(pages), len(run.failures), time.perf_counter() - started))
        scores = run.scores(pages)
        if baseline is None:
            baseline = (name, scores)
        else:
            mean, half = bootstrap_f1_difference(scores, baseline[1])
            print(f"    F1 minus {baseline[0]}: {mean:+.3f} ± {half:.3f} (95%, paired bootstrap)")
        for reason, count in run.failure_reasons().most_common():
            print(f"    {count:>3} x {reason}")
        if args.failures:
            by_id = {page.id: page for page in pages}
            for page_id, reason in sorted(run.failures.items()):
                print(f"    {by_id[page_id].url}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
