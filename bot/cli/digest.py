"""`factdesk digest --team <platform:id> --window 7d`: a team's digest as Markdown."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.runtime import EXIT_OK, load_settings, open_service, report_failure, setup_logging
from bot.digest_report import to_markdown
from bot.errors import InputError
from bot.records import Team


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "digest", help="print a team's digest as Markdown",
        description="Print a team's digest (checks, flags, verdicts, open claims) as Markdown.",
    )
    parser.add_argument("--team", required=True, help="platform:id, e.g. slack:T0123")
    parser.add_argument("--window", default="24h",
                        help="today, yesterday, 24h (default) or a number of days such as 7d")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        setup_logging(settings, terminal=True)
        try:
            team = Team.parse(args.team)
        except ValueError:
            raise InputError("Give the team as platform:id, e.g. slack:T0123 or "
                             "discord:81234.") from None
        print(asyncio.run(_digest(settings, team, args.window)), end="")
    except Exception as exc:
        return report_failure(exc)
    return EXIT_OK


async def _digest(settings: Any, team: Team, window: str) -> str:
    from bot.settings import AnalyzerChoice

    async with open_service(settings, AnalyzerChoice.RULES) as service:
        return to_markdown(await service.digest(team, window))
