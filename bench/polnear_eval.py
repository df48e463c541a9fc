"""Score the rules analyzer's attributions on PolNeAR (cue, source, content; P/R/F1).

Reads the corpus from ../shared/data/polnear/<split> relative to the repository root
(never copied into the repo) and skips cleanly when it is absent. Tune on `train`,
report on `dev`:

    .venv/bin/python bench/polnear_eval.py            # dev
    .venv/bin/python bench/polnear_eval.py --split train
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analyzers.rules import RulesAnalyzer  # noqa: E402
from bot.evaluation.polnear import evaluate_polnear  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=DATA, help="the polnear folder")
    args = parser.parse_args()
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"skipped: PolNeAR not found at {split_dir}")
        return 0
    analyzer = RulesAnalyzer()
    report = evaluate_polnear(split_dir, analyzer)
    print(report.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
