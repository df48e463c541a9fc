"""Score the rules analyzer's official responses and unverified items against the labels.

Reads ../shared/data/responses/<split>.json and the articles in
../shared/data/polnear/<split>/text relative to the repository root (never copied into
the repo) and skips cleanly when they are absent. Tune on `train`, report on `dev`:

    .venv/bin/python bench/responses_eval.py            # dev
    .venv/bin/python bench/responses_eval.py --split train --show
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analyzers.rules import RulesAnalyzer  # noqa: E402
from bot.evaluation.responses import evaluate_responses, split_paths  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--show", action="store_true", help="list missed and wrong items too")
    args = parser.parse_args()
    labels, text_dir = split_paths(args.shared, args.split)
    if not labels.is_file() or not text_dir.is_dir():
        print(f"skipped: response labels or articles not found at {labels}, {text_dir}")
        return 0
    report = evaluate_responses(labels, text_dir, RulesAnalyzer())
    if args.show:
        print(report.listing(), end="\n\n")
    print(report.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
