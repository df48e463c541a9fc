"""Score the rules analyzer's attributions on PolNeAR (cue, source, content; P/R/F1).

Reads the corpus from ../shared/data/polnear/<split> relative to the repository root
(never copied into the repo) and skips cleanly when it is absent. Tune on `train`,
report on `dev`:

    .venv/bin/python bench/polnear_eval.py            # dev
    .venv/bin/python bench/polnear_eval.py --split train --cache /tmp/polnear-train.docbin
    .venv/bin/python bench/polnear_eval.py --split train --sample 200 --cues

With `--cache` the parses are kept in that file between runs (outside the repo) and only
the attribution rules run on them, which is what the scores measure: a train run then
takes a minute instead of a quarter of an hour. `--sample N` scores N articles drawn
with a fixed seed; `--cues` (train only) adds cue precision and recall by the cue head's
lemma and part of speech: the gold cues missed and the predicted ones that are not gold,
most frequent first.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analyzers.rules import RulesAnalyzer  # noqa: E402
from bot.analyzers.rules import attributions as attribution_rules  # noqa: E402
from bot.analyzers.rules.analyzer import _without_metadata  # noqa: E402
from bot.analyzers.rules.pipeline import load_pipeline  # noqa: E402
from bot.evaluation.polnear import (  # noqa: E402
    GoldArticle,
    collect,
    evaluate_polnear,
    load_split,
)
from bot.models import Analysis, Attribution, Span  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"


def parse(golds: list[GoldArticle]) -> list[Any]:
    """The parse of every article, as the analyzer parses it."""
    nlp = load_pipeline()
    return list(nlp.pipe((_without_metadata(g.text) for g in golds), batch_size=16))


def parses(golds: list[GoldArticle], cache: Path) -> list[Any]:
    """The parse of every article, kept in `cache` (a DocBin) between runs."""
    from spacy.tokens import DocBin

    names = "\n".join(g.name for g in golds)
    listing = cache.with_suffix(cache.suffix + ".names")
    if cache.is_file() and listing.is_file() and listing.read_text("utf-8") == names:
        return list(DocBin().from_disk(cache).get_docs(load_pipeline().vocab))
    docs = parse(golds)
    DocBin(docs=docs).to_disk(cache)
    listing.write_text(names, "utf-8")
    return docs


def attributions_only(doc: Any, text: str) -> Analysis:
    """An analysis holding only the attributions the rules find in `doc`."""

    def span(start: int, end: int) -> Span:
        return Span(text=text[start:end], start=start, end=end)

    items = []
    for n, found in enumerate(attribution_rules.find(doc), start=1):
        source = None
        if found.source is not None:
            first, last = found.source.tokens[0], found.source.tokens[-1]
            source = span(first.idx, last.idx + len(last.text))
        items.append(Attribution(id=f"a{n}", source=source, cue=span(*found.cue),
                                 content=span(*found.content)))
    return Analysis.model_construct(attributions=items)


def cue_table(golds: list[GoldArticle], docs: list[Any], analyses: list[Analysis]) -> str:
    """Gold cues missed and predicted cues not gold, by the head word's lemma and POS."""
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for gold, doc, analysis in zip(golds, docs, analyses, strict=True):
        text = gold.text
        predicted = {frozenset(i for i in range(a.cue.start, a.cue.end) if not text[i].isspace())
                     for a in analysis.attributions}
        wanted = {frozenset(i for s, e in g.cue for i in range(s, e) if not text[i].isspace())
                  for g in gold.attributions}
        for chars, counter in [(c, missed) for c in wanted - predicted] + [
                (c, wrong) for c in predicted - wanted]:
            if not chars:
                continue
            span = doc.char_span(min(chars), max(chars) + 1, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            counter[f"{head.lemma_.lower()}/{head.pos_}"] += 1
    lines = ["gold cues missed (cue head lemma/POS):"]
    lines += [f"  {n:5d} {key}" for key, n in missed.most_common(40)]
    lines.append("predicted cues not gold:")
    lines += [f"  {n:5d} {key}" for key, n in wrong.most_common(40)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=DATA, help="the polnear folder")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the parses in this file (outside the repo); score the "
                        "attribution rules alone")
    parser.add_argument("--sample", type=int, default=0,
                        help="score this many articles, drawn with a fixed seed")
    parser.add_argument("--cues", action="store_true",
                        help="train only: the cue heads most often missed or wrong")
    args = parser.parse_args()
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"skipped: PolNeAR not found at {split_dir}")
        return 0
    if args.cues and args.split != "train":
        parser.error("--cues lists gold cues: train only (dev is for measuring)")
    if args.cache is None and not args.sample and not args.cues:
        report = evaluate_polnear(split_dir, RulesAnalyzer())
        print(report.table())
        return 0
    golds = load_split(split_dir)
    chosen = range(len(golds))
    if args.sample:
        chosen = sorted(random.Random(7).sample(chosen, min(args.sample, len(golds))))
    started = time.perf_counter()
    if args.cache is not None:  # the cache holds the whole split
        every = parses(golds, args.cache)
        docs = [every[i] for i in chosen]
        golds = [golds[i] for i in chosen]
    else:
        golds = [golds[i] for i in chosen]
        docs = parse(golds)
    analyses = [attributions_only(doc, g.text) for doc, g in zip(docs, golds, strict=True)]
    report = collect(split_dir, golds, analyses, time.perf_counter() - started)
    print(report.table())
    if args.cues:
        print(cue_table(golds, docs, analyses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
