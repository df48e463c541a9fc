"""Claim matching on invented pairs: precision and recall of "the same claim, reworded".

Run: .venv/bin/python bench/claim_matching.py [--show]

tests/data/claim_pairs.jsonl: 50 pairs (25 rewordings, 25 near misses that change one
thing: a number, a negation, a verb, a place); the rules were developed looking at them.
tests/data/claim_pairs_holdout.jsonl: 16 more, written before the matcher and never
tuned on. All invented by us.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.claim_matching import SIMILARITY, evaluate, same_claim  # noqa: E402

SETS = {"development (50)": ROOT / "tests/data/claim_pairs.jsonl",
        "holdout (16)": ROOT / "tests/data/claim_pairs_holdout.jsonl"}


def load(path: Path) -> list[tuple[str, str, bool]]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(row["a"], row["b"], bool(row["same"])) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the pairs it got wrong")
    show = parser.parse_args().show
    print(f"match: numbers and negations agree, the shorter's words all in the longer, "
          f"overlap >= {SIMILARITY}")
    for name, path in SETS.items():
        pairs = load(path)
        score = evaluate(pairs)
        print(f"{name:18} precision {score.precision:.2f}  recall {score.recall:.2f}  "
              f"(TP {score.true_positives}, FP {score.false_positives}, "
              f"FN {score.false_negatives})")
        if show:
            for a, b, same in pairs:
                if same_claim(a, b) != same:
                    kind = "missed" if same else "wrongly matched"
                    print(f"    {kind}: {a!r} / {b!r}")


if __name__ == "__main__":
    main()
