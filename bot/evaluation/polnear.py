"""Score an analyzer's attributions against PolNeAR, the way BBC's citron scores PARC 3.0.

PolNeAR (networkdynamics/PolNeAR) annotates every attribution in US political news as
Source, Cue and Content spans in brat standoff files. We read `<split>/text/<article>.txt`
and `<split>/attributions/<article>_<annotator>.ann`; when an article has several
annotators' files we take the first by file name, so runs are repeatable.

Scores, per span kind (cue, source, content):
- exact: a predicted attribution counts if its span equals a gold span; for source and
  content the gold attribution must also have a cue overlapping the predicted cue (as
  citron does), and a missing source matches a missing source. Precision is over
  predicted attributions, recall over gold ones. A discontinuous gold span
  (`start end;start end`) is its fragments' union, compared as the set of non-space
  characters covered, so fragments split only at white space equal one span.
- overlap: citron's token measure: per article, the word tokens covered by predicted
  spans of a kind against those covered by gold spans of that kind; precision is
  overlap / predicted tokens, recall overlap / gold tokens, summed over articles.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.analyzers.base import Analyzer
from bot.errors import ConfigError
from bot.evaluation.running import analyze_blocking, text_article
from bot.grounding import ground
from bot.models import Analysis, Article

KINDS = ("cue", "source", "content")
_TOKEN = re.compile(r"\w+|[^\w\s]")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    cue: Fragments
    source: Fragments | None
    content: Fragments


@dataclass(frozen=True)
class GoldArticle:
    name: str
    annotation: str  # the .ann file used
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass
class Counts:
    """Matched predicted, predicted, matched gold, gold; and token overlaps."""

    pred_matched: int = 0
    pred: int = 0
    gold_matched: int = 0
    gold: int = 0
    overlap: int = 0
    pred_tokens: int = 0
    gold_tokens: int = 0

    def exact(self) -> tuple[float, float, float]:
        return _prf(self.pred_matched, self.pred, self.gold_matched, self.gold)

    def overlapping(self) -> tuple[float, float, float]:
        return _prf(self.overlap, self.pred_tokens, self.overlap, self.gold_tokens)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _prf(hit_p: int, total_p: int, hit_g: int, total_g: int) -> tuple[float, float, float]:
    precision = hit_p / total_p if total_p else 0.0
    recall = hit_g / total_g if total_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# citron's published PARC 3.0 F1 (exact; content also with overlap), for the table.
CITRON_F1 = {("cue", "exact"): 82.3, ("source", "exact"): 82.0, ("content", "exact"): 59.3,
             ("content", "overlap"): 83.3}


@dataclass
class PolnearReport:
    split: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    seconds: float = 0.0
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    multi_annotated: int = 0  # articles with more than one annotator's file

    def f1(self, kind: str, mode: str = "exact") -> float:
        counts = self.counts[kind]
        return (counts.exact() if mode == "exact" else counts.overlapping())[2]

    def table(self) -> str:
        """A plain-text table: P/R/F1 per span kind, exact and overlap, beside citron's."""
        lines = [
            f"PolNeAR {self.split}: {self.articles} articles, {self.gold} gold attributions, "
            f"{self.predicted} predicted ({self.seconds:.1f}s); first annotator by file name "
            f"for the {self.multi_annotated} articles with several.",
            f"{'span':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}   citron F1 (PARC 3.0)",
        ]
        for kind in KINDS:
            counts = self.counts[kind]
            for mode, (p, r, f) in (("exact", counts.exact()), ("overlap", counts.overlapping())):
                ref = CITRON_F1.get((kind, mode))
                ref_text = f"{ref:.1f}" if ref is not None else "-"
                lines.append(
                    f"{kind:<8} {mode:<8} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f}   {ref_text}"
                )
        return "\n".join(lines)


# ------------------------------------------------------------------------------ reading


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attributions of one brat .ann file (Attribution and Attribution-no-source)."""
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            head = parts[1].split(" ", 1)
            if len(head) != 2:
                continue
            try:
                fragments = tuple(
                    (int(a), int(b))
                    for a, b in (piece.split() for piece in head[1].split(";"))
                )
            except ValueError:
                continue
            spans[parts[0]] = fragments
        elif parts[0].startswith("E"):
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            events.append(roles)
    out: list[GoldAttribution] = []
    for roles in events:
        if not any(k.startswith("Attribution") for k in roles):
            continue
        cue, content = roles.get("Cue"), roles.get("Content")
        if cue not in spans or content not in spans:
            continue
        source = roles.get("Source")
        out.append(
            GoldAttribution(
                cue=spans[cue],
                source=spans.get(source) if source else None,
                content=spans[content],
            )
        )
    return out


def load_split(split_dir: Path) -> list[GoldArticle]:
    """Every article of a PolNeAR split directory, in name order."""
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ConfigError(
            f"No PolNeAR split at {split_dir}: expected text/ and attributions/ folders there."
        )
    annotations: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    out = []
    for text_path in sorted(text_dir.glob("*.txt")):
        files = annotations.get(text_path.stem)
        if not files:
            continue
        chosen = files[0]
        out.append(
            GoldArticle(
                name=text_path.stem,
                annotation=chosen.name if len(files) == 1 else f"{chosen.name} (of {len(files)})",
                text=text_path.read_text(encoding="utf-8"),
                attributions=tuple(parse_ann(chosen.read_text(encoding="utf-8"))),
            )
        )
    return out


# ------------------------------------------------------------------------------ scoring


def _chars(text: str, fragments: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in fragments for i in range(a, b) if not text[i].isspace())


def _overlaps(a: Fragments, b: Fragments) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _token_set(
    starts: list[int], ends: list[int], fragments: Iterable[tuple[int, int]]
) -> set[int]:
    """Indexes of the word tokens that any fragment touches."""
    out: set[int] = set()
    for a, b in fragments:
        index = bisect.bisect_right(ends, a)
        while index < len(starts) and starts[index] < b:
            out.add(index)
            index += 1
    return out


def score_article(gold: GoldArticle, analysis: Analysis) -> dict[str, Counts]:
    """Counts for one article (see module doc)."""
    text = gold.text
    predicted = [
        (
            ((a.cue.start, a.cue.end),),
            ((a.source.start, a.source.end),) if a.source is not None else None,
            ((a.content.start, a.content.end),),
        )
        for a in analysis.attributions
    ]
    golds = [(g.cue, g.source, g.content) for g in gold.attributions]
    result = {kind: Counts(pred=len(predicted), gold=len(golds)) for kind in KINDS}

    def same(x: Fragments | None, y: Fragments | None) -> bool:
        if x is None or y is None:
            return x is None and y is None
        return _chars(text, x) == _chars(text, y)

    for position, kind in enumerate(KINDS):
        counts = result[kind]
        for p in predicted:
            if any(
                same(p[position], g[position]) and (position == 0 or _overlaps(p[0], g[0]))
                for g in golds
            ):
                counts.pred_matched += 1
        for g in golds:
            if any(
                same(p[position], g[position]) and (position == 0 or _overlaps(p[0], g[0]))
                for p in predicted
            ):
                counts.gold_matched += 1
    tokens = list(_TOKEN.finditer(text))
    starts = [t.start() for t in tokens]
    ends = [t.end() for t in tokens]
    for position, kind in enumerate(KINDS):
        pred_set = _token_set(starts, ends, (f for p in predicted for f in (p[position] or ())))
        gold_set = _token_set(starts, ends, (f for g in golds for f in (g[position] or ())))
        counts = result[kind]
        counts.overlap = len(pred_set & gold_set)
        counts.pred_tokens = len(pred_set)
        counts.gold_tokens = len(gold_set)
    return result


def _article(gold: GoldArticle) -> Article:
    return text_article(gold.text)


def collect(split_dir: Path, golds: list[GoldArticle], analyses: list[Analysis],
             seconds: float) -> PolnearReport:
    """The report of `analyses` scored against `golds`, article by article."""
    report = PolnearReport(split=split_dir.name, seconds=seconds)
    for gold, analysis in zip(golds, analyses, strict=True):
        report.articles += 1
        report.gold += len(gold.attributions)
        report.predicted += len(analysis.attributions)
        report.multi_annotated += "(of " in gold.annotation
        for kind, counts in score_article(gold, analysis).items():
            report.counts[kind].add(counts)
    return report


def evaluate_polnear(split_dir: Path, analyzer: Analyzer) -> PolnearReport:
    """Run `analyzer` over every article of a PolNeAR split and score it (module doc).

    Synchronous: uses the analyzer's `analyze_sync` when it has one (the rules analyzer),
    otherwise runs `analyze` on a fresh event loop; call `aevaluate_polnear` from async code.
    Raises `ConfigError` when the split is not there.
    """
    golds = load_split(split_dir)
    started = time.perf_counter()
    analyses = [ground(analyze_blocking(analyzer, _article(g)), g.text) for g in golds]
    return collect(split_dir, golds, analyses, time.perf_counter() - started)


async def aevaluate_polnear(split_dir: Path, analyzer: Analyzer) -> PolnearReport:
    """`evaluate_polnear` for callers already inside an event loop."""
    golds = load_split(split_dir)
    started = time.perf_counter()
    analyses = [ground(await analyzer.analyze(_article(g)), g.text) for g in golds]
    return collect(split_dir, golds, analyses, time.perf_counter() - started)
