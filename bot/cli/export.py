"""`factdesk export --team <platform:id> --format claimreview|csv [--since 30d] [-o FILE]`:
the team's verdicts as schema.org ClaimReview JSON-LD or as CSV (`bot.desk_export`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.cli.runtime import EXIT_OK, load_settings, open_service, report_failure, setup_logging
from bot.cli.search import team_option
from bot.desk_export import ExportFile, ExportFormat, export
from bot.desk_search import parse_since
from bot.errors import InputError
from bot.records import Team


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "export", help="a team's verdicts as ClaimReview JSON-LD or CSV",
        description="Every verdict of the team: as schema.org ClaimReview JSON-LD (one "
        "review per claim with a verdict; needs FACTDESK_ORGANISATION) or as CSV (one row "
        "per verdict).",
    )
    parser.add_argument("--team", required=True, help="platform:id, e.g. slack:T0123")
    parser.add_argument("--format", choices=[f.value for f in ExportFormat],
                        default=ExportFormat.CLAIMREVIEW.value)
    parser.add_argument("--since", help="only verdicts given since: 24h, 7d, 2w or a date "
                        "such as 2026-11-30")
    parser.add_argument("-o", "--output", type=Path,
                        help="write to this file (default: standard output)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        setup_logging(settings, terminal=True)
        team = team_option(args.team)
        since = parse_since(args.since) if args.since else None
        made = asyncio.run(_export(settings, team, ExportFormat(args.format), since))
        if args.output is not None:
            try:
                args.output.write_bytes(made.content)
            except OSError as exc:
                raise InputError(f"Cannot write {str(args.output)[:200]}: "
                                 f"{exc.strerror or 'refused'}.") from None
            print(f"{made.count} {'reviews' if args.format == 'claimreview' else 'verdicts'} "
                  f"written to {args.output}", file=sys.stderr)
        else:
            sys.stdout.buffer.write(made.content)
            sys.stdout.flush()
    except Exception as exc:
        return report_failure(exc)
    return EXIT_OK


async def _export(settings: Any, team: Team, fmt: ExportFormat, since: Any) -> ExportFile:
    from bot.settings import AnalyzerChoice

    async with open_service(settings, AnalyzerChoice.RULES) as service:
        return await export(service, team, fmt, since)
