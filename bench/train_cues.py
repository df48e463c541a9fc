"""Train the cue weights (bot/analyzers/rules/data/cue_model.json) on PolNeAR train.

Reads ../shared/data/polnear/train (never copied into the repo), parses each article with
the engine's pipeline, and labels every candidate token (`bot.analyzers.rules.cues`) 1
when it is the head word of a gold cue (the cue's token whose parse head lies outside
the cue). It fits a logistic regression over the binary features of
`cues.features` (L2, plain numpy on sparse rows: no extra dependency); features seen
fewer than `--min-count` times and weights nearer zero than 0.01 are dropped, so the file
holds numbers only. Dev is never read:

    .venv/bin/python bench/train_cues.py --cache /tmp/polnear-train.docbin
    .venv/bin/python bench/train_cues.py --holdout 0.2   # develop: score 20% held out
    .venv/bin/python bench/polnear_eval.py               # measure on dev
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analyzers.rules.analyzer import _without_metadata  # noqa: E402
from bot.analyzers.rules.cues import (  # noqa: E402
    EXTENSIONS,
    LINKS,
    MODEL,
    OBJECT_REACH,
    candidate,
    features,
)
from bot.analyzers.rules.pipeline import load_pipeline  # noqa: E402
from bot.evaluation.polnear import GoldArticle, load_split  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear" / "train"


def parse(golds: list[GoldArticle], cache: Path | None) -> list:  # type: ignore[type-arg]
    """The parse of every article; with `cache`, kept there between runs."""
    from spacy.tokens import DocBin

    nlp = load_pipeline()
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(golds):
            return docs
    docs = list(nlp.pipe((_without_metadata(g.text) for g in golds), batch_size=16))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def heads(doc, gold: GoldArticle) -> set[int]:  # type: ignore[no-untyped-def]
    """The token index of each gold cue's head word."""
    out: set[int] = set()
    for attribution in gold.attributions:
        inside = {t.i for a, b in attribution.cue for t in doc.char_span(
            a, b, alignment_mode="expand") or ()}
        roots = [doc[i] for i in sorted(inside) if doc[i].head.i not in inside
                 or doc[i].head.i == i]
        roots = [t for t in roots if candidate(t)] or roots
        if roots:
            verbs = [t for t in roots if t.pos_ in {"VERB", "AUX"}]
            out.add((verbs or roots)[0].i)
    return out


def extensions(docs, golds: list[GoldArticle]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The words after a cue's head that gold cues take in, by head lemma and word: "word"
    for the preposition alone ("referring to"), "whole" for its phrase ("said in a
    statement"), "object" for the noun a verb does its saying with ("issued a statement
    saying", "expressed concern that"; by verb and noun, and by the noun alone), kept when
    most of the train cues with that pair take them in."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc, gold in zip(docs, golds, strict=True):
        for attribution in gold.attributions:
            inside = {t.i for a, b in attribution.cue for t in doc.char_span(
                a, b, alignment_mode="expand") or ()}
            for i in inside:
                head = doc[i]
                if head.head.i in inside and head.head.i != i:
                    continue
                for child in head.rights:
                    if child.dep_ not in LINKS or child.i > head.i + 3:
                        continue
                    key = f"{head.lemma_.lower()}|{child.lower_}"
                    whole = all(t.i in inside for t in child.subtree)
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        counts[f"{key}|{pobj.lemma_.lower()}", "seen"] += 1
                        counts[f"{key}|{pobj.lemma_.lower()}", "whole"] += whole
                    counts[key, "seen"] += 1
                    counts[key, "word"] += child.i in inside and not whole
                obj = next((c for c in head.rights if c.dep_ == "dobj"
                            and c.i <= head.i + OBJECT_REACH), None)
                if head.pos_ == "VERB" and obj is not None:
                    for key in (f"{head.lemma_.lower()}|dobj|{obj.lemma_.lower()}",
                                f"dobj|{obj.lemma_.lower()}"):
                        counts[key, "seen"] += 1
                        counts[key, "object"] += obj.i in inside
    # how often each pair occurs after any candidate with that lemma, cue or not
    out: dict[str, str] = {}
    for (key, what), n in counts.items():
        if what != "seen" and n >= 3 and n >= 0.5 * counts[key, "seen"]:
            out[key] = what
    return dict(sorted(out.items()))


def rows_of(docs, golds: list[GoldArticle]) -> tuple[list[list[str]], list[int], list[int]]:  # type: ignore[no-untyped-def]
    """Features, labels and article number of every candidate token."""
    rows: list[list[str]] = []
    labels: list[int] = []
    article: list[int] = []
    for number, (doc, gold) in enumerate(zip(docs, golds, strict=True)):
        doc.user_data.clear()
        positive = heads(doc, gold)
        for token in doc:
            if candidate(token):
                rows.append(features(token))
                labels.append(int(token.i in positive))
                article.append(number)
    return rows, labels, article


def fit(rows: list[np.ndarray], y: np.ndarray, d: int, l2: float, steps: int,
        positive_weight: float) -> np.ndarray:
    """Logistic regression on sparse binary rows, full-batch gradient descent with Adam."""
    lengths = np.array([len(r) for r in rows])
    indices = np.concatenate(rows)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    n = len(rows)
    sample = np.where(y == 1, positive_weight, 1.0)
    sample = sample / sample.sum()
    w = np.zeros(d)
    m, v = np.zeros(d), np.zeros(d)
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        z = np.add.reduceat(w[indices], starts) if n else np.zeros(0)
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        error = (p - y) * sample
        grad = np.bincount(indices, weights=np.repeat(error, lengths), minlength=d) + l2 * w
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        w -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w


def encode(rows: list[list[str]], index: dict[str, int]) -> list[np.ndarray]:
    return [np.array(sorted({index[f] for f in row if f in index}), dtype=np.int64)
            for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the PolNeAR train folder")
    parser.add_argument("--out", type=Path, default=MODEL, help="where the weights go")
    parser.add_argument("--min-count", type=int, default=25, help="keep features seen this often")
    parser.add_argument("--l2", type=float, default=1e-5, help="L2 penalty")
    parser.add_argument("--steps", type=int, default=600, help="gradient steps")
    parser.add_argument("--positive-weight", type=float, default=1.0,
                        help="weight of a cue token against a non-cue one")
    parser.add_argument("--holdout", type=float, default=0.0,
                        help="score this share of the articles, held out, instead of writing")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a file to keep the parses in between runs (outside the repo)")
    parser.add_argument("--extensions-only", action="store_true",
                        help="rewrite the cue extensions only, not the weights")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: PolNeAR train not found at {args.data}")
        return 0
    golds = load_split(args.data)
    docs = parse(golds, args.cache)
    if args.extensions_only:
        table = extensions(docs, golds)
        EXTENSIONS.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {len(table)} extensions to {EXTENSIONS}")
        return 0
    rows, labels, article = rows_of(docs, golds)
    numbers = list(range(len(golds)))
    random.Random(11).shuffle(numbers)
    held = set(numbers[int(len(numbers) * (1 - args.holdout)):])
    train = [i for i, a in enumerate(article) if a not in held]
    seen = Counter(f for i in train for f in set(rows[i]))
    names = sorted(f for f, n in seen.items() if n >= args.min_count)
    index = {name: i for i, name in enumerate(names)}
    y = np.array(labels, dtype=np.float64)
    w = fit(encode([rows[i] for i in train], index), y[train], len(names), args.l2,
            args.steps, args.positive_weight)
    kept = {name: round(float(x), 3) for name, x in zip(names, w, strict=True)
            if abs(x) >= 0.01}
    if held:
        test = [i for i, a in enumerate(article) if a in held]
        for threshold in (0.3, 0.4, 0.5, 0.6):
            hit = predicted = 0
            for i in test:
                z = sum(kept.get(f, 0.0) for f in set(rows[i]))
                if z >= np.log(threshold / (1 - threshold)):
                    predicted += 1
                    hit += labels[i]
            gold = sum(labels[i] for i in test)
            print(f"threshold {threshold}: precision {hit / max(predicted, 1):.3f} "
                  f"recall {hit / max(gold, 1):.3f} ({predicted} predicted, {gold} gold)")
        return 0
    args.out.write_text(json.dumps({"bias": 0.0, "weights": kept}, indent=0, sort_keys=True)
                        + "\n", encoding="utf-8")
    table = extensions(docs, golds)
    EXTENSIONS.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} weights to {args.out}, {len(table)} extensions to {EXTENSIONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
