"""`factdesk analyze <link | file | ->…`: analyses on the terminal or as JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli.progress import Progress
from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    load_settings,
    open_service,
    report_failure,
    setup_logging,
)
from bot.errors import CheckError, InputError
from bot.models import Analysis
from bot.report import to_markdown, to_text
from bot.settings import AnalyzerChoice

FORMATS = ("text", "markdown", "json", "jsonl")
MAX_FILE_BYTES = 20 * 1024 * 1024


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "analyze",
        help="analyze articles: links, files, or - for standard input",
        description="Analyze one or more articles and print claims, denials and flags.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="a link (http/https), a file (text or HTML), or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default), markdown, json, or jsonl (one line per input)")
    add_analyzer_option(parser)
    parser.add_argument("--refresh", action="store_true",
                        help="ignore the cache and replace its entry")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except CheckError as exc:
        return report_failure(exc)
    setup_logging(settings, args.verbose, terminal=True)
    choice = analyzer_choice(args)
    try:
        return asyncio.run(_analyze_all(args, settings, choice))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): it has what it wanted
        _discard_stdout()
        return EXIT_OK


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of what the
    closed pipe did not take fails no more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


async def _analyze_all(args: argparse.Namespace, settings: Any,
                       choice: AnalyzerChoice | None) -> int:
    worst = EXIT_OK
    results: list[dict[str, Any]] = []
    progress = Progress(sys.stderr)
    try:
        async with open_service(settings, choice) as service:
            for item in args.inputs:
                try:
                    raw = read_input(item)
                    with progress.stage(_describe(item)):
                        analyzed = await service.analyze(raw, refresh=args.refresh)
                except Exception as exc:
                    progress.clear()
                    worst = max(worst, report_failure(exc, prefix=f"factdesk: {item}"))
                    results.append({"input": item, "error": True})
                    continue
                results.append({"input": item, "analysis": analyzed.analysis})
                _emit(args.format, item, analyzed.analysis)
    except BrokenPipeError:
        raise  # not a failure of ours: `run` ends quietly
    except Exception as exc:  # the cache or the analyzer could not even be set up
        progress.clear()
        return report_failure(exc)
    if args.format == "json":
        payload = [
            r["analysis"].model_dump(mode="json") for r in results if "analysis" in r
        ]
        body = payload[0] if len(args.inputs) == 1 and payload else payload
        print(json.dumps(body, ensure_ascii=False, indent=2))
    return worst


def _emit(fmt: str, item: str, analysis: Analysis) -> None:
    if fmt == "text":
        print(to_text(analysis))
    elif fmt == "markdown":
        print(to_markdown(analysis))
    elif fmt == "jsonl":
        line = {"input": item, "analysis": analysis.model_dump(mode="json")}
        print(json.dumps(line, ensure_ascii=False), flush=True)


def read_input(item: str) -> str:
    """The text to check: a link as is, a file's contents, or standard input for `-`."""
    if item == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        return _decode(data, "standard input")
    lowered = item.lower()
    if lowered.startswith(("http://", "https://")):
        return item
    path = Path(item)
    if not path.is_file():
        raise InputError(f"No such file: {item}. Give a link (http/https), a file, or - "
                         "for standard input.")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return _decode(data, item)


def _decode(data: bytes, where: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{where} is larger than 20 MB; that is not an article.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{where} is not UTF-8 text; is it a binary file?") from None


def _describe(item: str) -> str:
    if item == "-":
        return "analyzing standard input"
    return f"{'fetching and analyzing' if '://' in item else 'analyzing'} {item}"
