"""Train the check-worthiness weights (bot/analyzers/rules/data/checkworthy_model.json).

Reads ClaimBuster's train split from ../shared/data/claimbuster/train.json (never copied
into the repo), parses each sentence with the engine's pipeline, turns it into the
features of `bot.analyzers.rules.checkworthy.features`, and fits a logistic regression
(L2, classes weighted to balance, plain numpy gradient descent: no extra dependency).
Lemma features are kept only for lemmas seen in `--min-count` sentences or more, and
weights nearer zero than 0.01 are dropped, so the file stays small and holds weights, not
sentences. Running it again regenerates the shipped file; the test split is never read:

    .venv/bin/python bench/train_checkworthy.py                 # writes the model file
    .venv/bin/python bench/train_checkworthy.py --holdout 0.2   # develop: score 20% held out
    .venv/bin/factdesk eval checkworthy --split test            # measure
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

from bot.analyzers.rules.checkworthy import MODEL, features  # noqa: E402
from bot.analyzers.rules.pipeline import load_pipeline  # noqa: E402
from bot.evaluation.checkworthy import Scores, load, split_path  # noqa: E402

SHARED = ROOT.parent / "shared"


def parse(texts: list[str], cache: Path | None) -> list[dict[str, float]]:
    """The features of every text; with `cache`, the parses are kept there between runs."""
    from spacy.tokens import DocBin

    nlp = load_pipeline()
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(texts):
            return [features(doc[:]) for doc in docs]
    docs = list(nlp.pipe(texts, batch_size=256))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return [features(doc[:]) for doc in docs]


def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    out = np.zeros((len(rows), len(names)), dtype=np.float64)
    for r, row in enumerate(rows):
        for name, value in row.items():
            column = index.get(name)
            if column is not None:
                out[r, column] = value
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int) -> tuple[float, np.ndarray]:
    """Class-balanced logistic regression by full-batch gradient descent with Adam."""
    n, d = x.shape
    positive = y.mean()
    sample = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive)) / n
    w = np.zeros(d)
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros(d), np.zeros(d), 0.0, 0.0
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-np.clip(x @ w + b, -30, 30)))
        error = (p - y) * sample
        grad_w = x.T @ error + l2 * w
        grad_b = float(error.sum())
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w**2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        w -= rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        b -= rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    return b, w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=MODEL, help="where the weights go")
    parser.add_argument("--min-count", type=int, default=10,
                        help="a lemma is a feature when this many sentences have it")
    parser.add_argument("--l2", type=float, default=1e-3, help="L2 penalty")
    parser.add_argument("--steps", type=int, default=600, help="gradient steps")
    parser.add_argument("--holdout", type=float, default=0.0,
                        help="score this share of train, held out, instead of writing")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a file to keep the parses in between runs (outside the repo)")
    args = parser.parse_args()
    path = split_path(args.shared, "train")
    if not path.is_file():
        print(f"skipped: ClaimBuster train split not found at {path}")
        return 0
    items = load(path)
    rows = parse([item.text for item in items], args.cache)
    labels = np.array([item.label for item in items], dtype=np.float64)
    order = list(range(len(items)))
    random.Random(11).shuffle(order)
    cut = int(len(order) * (1 - args.holdout))
    train, held = order[:cut], order[cut:]
    seen = Counter(name for i in train for name in rows[i] if name.startswith("w:"))
    names = sorted({name for i in train for name in rows[i] if not name.startswith("w:")}
                   | {name for name, n in seen.items() if n >= args.min_count})
    x = matrix([rows[i] for i in train], names)
    bias, weights = fit(x, labels[train], args.l2, args.steps)
    kept = {name: round(float(w), 4) for name, w in zip(names, weights, strict=True)
            if abs(w) >= 0.01}
    if held:
        x_held = matrix([rows[i] for i in held], list(kept))
        w_held = np.array(list(kept.values()))
        guess = (x_held @ w_held + bias) >= 0
        scores = Scores.of(labels[held].astype(int).tolist(), guess.tolist())
        print(f"held out {len(held)}: P {scores.precision:.3f} R {scores.recall:.3f} "
              f"F1 {scores.f1:.3f} acc {scores.accuracy:.3f} ({len(kept)} weights)")
        return 0
    args.out.write_text(json.dumps({
        "_about": "Check-worthiness weights (logistic regression over the features of "
                  "bot/analyzers/rules/checkworthy.py), learned from ClaimBuster train.json "
                  "by bench/train_checkworthy.py, which regenerates this file.",
        "settings": {"min_count": args.min_count, "l2": args.l2, "steps": args.steps},
        "bias": round(bias, 4),
        "weights": dict(sorted(kept.items())),
    }, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(kept)} weights to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
