"""Score the check-worthiness scorer on ClaimBuster (P/R/F1 of the check-worthy class).

Reads ../shared/data/claimbuster/<split>.json relative to the repository root (never
copied into the repo) and skips cleanly when it is absent. The weights are learned on
`train` (bench/train_checkworthy.py); report on `test`:

    .venv/bin/python bench/checkworthy_eval.py            # test
    .venv/bin/python bench/checkworthy_eval.py --split train
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analyzers.rules.pipeline import load_pipeline  # noqa: E402
from bot.evaluation.checkworthy import evaluate, load, split_path  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    args = parser.parse_args()
    path = split_path(args.shared, args.split)
    if not path.is_file():
        print(f"skipped: ClaimBuster not found at {path}")
        return 0
    print(evaluate(load_pipeline(), load(path), args.split).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
