"""`factdesk eval`: score the analyzers on the example article and on real data sets.

The data sets are not part of the repository: they are read from the workplace's
`shared/` folder (`--shared`, default `../shared` beside the checkout).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from bot.cli.runtime import EXIT_OK, EXIT_USER, load_settings, report_failure, setup_logging
from bot.errors import CheckError, InputError
from bot.settings import AnalyzerChoice

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared"


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "eval", help="score the analyzer on the example article, PolNeAR, the response labels "
        "or ClaimBuster's check-worthy sentences",
        description="Score an analyzer. Data is read from the shared folder, never the repo.",
    )
    parser.add_argument("suite", choices=("example", "polnear", "responses", "checkworthy"),
                        help="example: the user's example article; polnear: PolNeAR spans; "
                        "responses: official responses and unverified items against labels; "
                        "checkworthy: the check-worthiness scorer on ClaimBuster sentences")
    parser.add_argument("--split", default=None, choices=("dev", "train", "test"),
                        help="data split (default dev, test for checkworthy; train is for "
                        "tuning)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default {DEFAULT_SHARED})")
    parser.add_argument("--analyzer", choices=[c.value for c in AnalyzerChoice], default="rules")
    parser.add_argument("--json", action="store_true", help="responses: the numbers as JSON")
    parser.add_argument("--show", action="store_true",
                        help="responses: list each article's missed and wrong items too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        setup_logging(settings, terminal=True)
        from bot.analyzers.factory import make_analyzer

        if args.suite == "checkworthy":
            return _checkworthy(args.shared, args.split or "test")
        if args.split == "test":
            raise InputError(f"The {args.suite} suite has train and dev splits, not test.")
        args.split = args.split or "dev"
        analyzer = make_analyzer(settings, AnalyzerChoice(args.analyzer))
        if args.suite == "example":
            return asyncio.run(_example(args.shared, analyzer))
        if args.suite == "responses":
            return _responses(args, analyzer)
        return _polnear(args.shared / "data" / "polnear" / args.split, analyzer)
    except CheckError as exc:
        return report_failure(exc)


async def _example(shared: Path, analyzer: Any) -> int:
    from bot.analyzers.base import run_analyzer
    from bot.evaluation.example import score_example
    from bot.ingest import load_article, parse_input

    article_path = shared / "examples" / "soleimani-article.txt"
    if not article_path.is_file():
        raise InputError(f"The example article is not at {article_path}.")
    article = await load_article(parse_input(article_path.read_text("utf-8")), load_settings())
    analysis = await run_analyzer(analyzer, article)
    report = score_example(analysis, REPO / "tests" / "data" / "example_expected.json")
    print(report.table())
    return EXIT_OK if not report.missing else EXIT_USER


def _polnear(split_dir: Path, analyzer: Any) -> int:
    from bot.evaluation.polnear import evaluate_polnear

    if not split_dir.is_dir():
        raise InputError(f"PolNeAR is not at {split_dir}.")
    print(evaluate_polnear(split_dir, analyzer).table())
    return EXIT_OK


def _responses(args: argparse.Namespace, analyzer: Any) -> int:
    from bot.evaluation.responses import evaluate_responses, split_paths

    labels, text_dir = split_paths(args.shared, args.split)
    for needed in (labels, text_dir):
        if not needed.exists():
            raise InputError(f"The responses data is not complete: nothing at {needed}.")
    report = evaluate_responses(labels, text_dir, analyzer)
    if args.json:
        print(json.dumps(report.as_dict(errors=args.show), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.show:
        print(report.listing(), end="\n\n")
    print(report.table())
    return EXIT_OK


def _checkworthy(shared: Path, split: str) -> int:
    """The offline engine's check-worthiness scorer (whatever `--analyzer` says: a model's
    scores come with its claims, not sentence by sentence)."""
    from bot.analyzers.rules.pipeline import load_pipeline
    from bot.evaluation.checkworthy import evaluate, load, split_path

    if split == "dev":
        raise InputError("ClaimBuster has train and test splits, not dev.")
    items = load(split_path(shared, split))
    print(evaluate(load_pipeline(), items, split).table())
    return EXIT_OK
