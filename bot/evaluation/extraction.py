"""How well the link path finds an article's main text: the article-extraction benchmark.

The data (181 real pages and their hand-checked bodies, from
scrapinghub/article-extraction-benchmark) is read from `../shared/data/` relative to the
repository and never copied into it. Each page is served by a local HTTP server under its
original path, gzip-encoded as a real server would send it, and goes through the whole
link path: `parse_input`, then `load_article` with 127.0.0.1 allowed, i.e. the safe fetcher,
charset decoding, trafilatura and our own rules (date line, minimum length).

Scoring follows the benchmark's published method (its `evaluate.py`): word tokens (`\\w+`),
4-token shingles, true/false positives and false negatives over the shingle multisets,
the three normalised per page so long pages weigh no more than short ones; precision is
averaged over pages with something predicted or expected (tp+fp > 0), recall over pages
with something expected (tp+fn > 0), and F1 is taken of the two averages. A page whose
fetch or extraction failed counts as an empty prediction, as in the benchmark.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.errors import CheckError
from bot.ingest import load_article, parse_input
from bot.ingest.extract import DEFAULT_OPTIONS, ExtractionOptions
from bot.settings import Settings

SHINGLE = 4
_TOKEN = re.compile(r"\w+")


def benchmark_dir(repo_root: Path) -> Path:
    """Where the shared data lives: `../shared/data/article-extraction-benchmark`."""
    return repo_root.parent / "shared" / "data" / "article-extraction-benchmark"


# --------------------------------------------------------------------------- scoring


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a text shorter than n tokens is one shingle."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


@dataclass(frozen=True)
class PageScore:
    """True positives, false positives and false negatives, normalised to sum to 1."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)


def score_page(expected: str, predicted: str) -> PageScore:
    truth, guess = shingles(expected), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float
    f1: float
    pages: int


def aggregate(scores: Iterable[PageScore]) -> Metrics:
    """Precision and recall averaged over pages, F1 of the two averages."""
    scored = list(scores)
    precisions = [s.precision for s in scored if s.tp + s.fp > 0]
    recalls = [s.recall for s in scored if s.tp + s.fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(precision=precision, recall=recall, f1=f1, pages=len(scored))


def bootstrap_f1_difference(
    a: list[PageScore], b: list[PageScore], rounds: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """F1(a) - F1(b) over the same pages: mean and 95% half-width from a paired bootstrap.

    The benchmark reports its confidence intervals this way; a difference smaller than
    its half-width is no reason to prefer one set of options over another.
    """
    assert len(a) == len(b)
    rng = random.Random(seed)  # noqa: S311 - resampling, not secrecy
    n = len(a)
    diffs = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        diffs.append(aggregate(a[i] for i in idx).f1 - aggregate(b[i] for i in idx).f1)
    return statistics.mean(diffs), 1.96 * statistics.stdev(diffs)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class BenchPage:
    id: str
    url: str  # the page's original address
    body: str  # the hand-checked article body
    html_gz: bytes  # the page as stored, gzip-compressed UTF-8

    @property
    def path(self) -> str:
        """The original path and query, under which the local server serves the page."""
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def html(self) -> str:
        return gzip.decompress(self.html_gz).decode("utf-8")


def load_benchmark(data_dir: Path) -> list[BenchPage]:
    """The benchmark's pages, in id order; FileNotFoundError when the data is absent."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        BenchPage(
            id=page_id,
            url=item["url"],
            body=item.get("articleBody") or "",
            html_gz=(data_dir / "html" / f"{page_id}.html.gz").read_bytes(),
        )
        for page_id, item in sorted(truth.items())
    ]


class BenchmarkServer:
    """Serves every benchmark page on 127.0.0.1 under its original path, gzip-encoded."""

    def __init__(self, pages: list[BenchPage]) -> None:
        self._by_path = {page.path: page for page in pages}
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url_for(self, page: BenchPage) -> str:
        return f"http://127.0.0.1:{self.port}{page.path}"

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        page = self._by_path.get(request.raw_path) or self._by_path.get(request.path_qs)
        if page is None:
            return web.Response(status=404, text="not in the benchmark")
        return web.Response(
            body=page.html_gz,
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        )

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One pass over the benchmark: what was extracted, what failed and why."""

    options: ExtractionOptions
    predictions: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # page id -> reason

    def scores(self, pages: list[BenchPage]) -> list[PageScore]:
        return [score_page(p.body, self.predictions.get(p.id, "")) for p in pages]

    def metrics(self, pages: list[BenchPage]) -> Metrics:
        return aggregate(self.scores(pages))

    def failure_reasons(self) -> Counter[str]:
        return Counter(self.failures.values())


def bench_settings() -> Settings:
    """Settings for the benchmark: the local server's address allowed, nothing else."""
    return Settings(fetch_allow="127.0.0.1")


async def run_link_path(
    pages: list[BenchPage],
    settings: Settings,
    options: ExtractionOptions = DEFAULT_OPTIONS,
    concurrency: int = 4,
) -> Run:
    """Every page through parse_input + load_article, served by a local HTTP server."""
    run = Run(options=options)
    server = BenchmarkServer(pages)
    await server.start()
    gate = asyncio.Semaphore(concurrency)

    async def one(page: BenchPage) -> None:
        async with gate:
            try:
                inp = parse_input(server.url_for(page))
                article = await load_article(inp, settings, extraction=options)
            except CheckError as exc:
                run.failures[page.id] = f"{type(exc).__name__}: {exc.message}"
            except Exception as exc:  # a benchmark reports every page, it does not stop
                run.failures[page.id] = f"unexpected {type(exc).__name__}"
            else:
                run.predictions[page.id] = article.text

    try:
        await asyncio.gather(*(one(page) for page in pages))
    finally:
        await server.stop()
    return run
