"""`factdesk search --team <platform:id> [--status S] [--since 7d] <words>`: the team's
claims and checked articles matching the words, newest first, as text or JSON lines."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from bot.cli.runtime import EXIT_OK, load_settings, open_service, report_failure, setup_logging
from bot.desk_search import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    HitKind,
    SearchHit,
    SearchQuery,
    SearchResult,
    parse_since,
    parse_status,
    rebuild_index,
    search,
)
from bot.errors import InputError
from bot.records import ClaimStatus, Team
from bot.stored import stored


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "search", help="search a team's claims and checked articles",
        description="The team's flagged claims and checked articles whose text has every "
        "word (in any form: 'denies' finds 'denied'), newest first.",
    )
    parser.add_argument("--team", required=True, help="platform:id, e.g. slack:T0123")
    parser.add_argument("--status", help="only claims with this verdict: "
                        + ", ".join(s.value for s in ClaimStatus))
    parser.add_argument("--since", help="only what moved since: 24h, 7d, 2w or a date "
                        "such as 2026-11-30")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"at most this many (default {DEFAULT_LIMIT}, up to {MAX_LIMIT})")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--reindex", action="store_true",
                        help="first rebuild the team's search index from its records (a "
                        "desk written before the index is indexed at its first search; "
                        "about 80 s for 50,000 claims)")
    parser.add_argument("words", nargs="+", help="what to look for")
    parser.set_defaults(run=run)


def team_option(value: str) -> Team:
    try:
        return Team.parse(value)
    except ValueError:
        raise InputError("Give the team as platform:id, e.g. slack:T0123 or "
                         "discord:81234.") from None


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        setup_logging(settings, terminal=True)
        team = team_option(args.team)
        query = SearchQuery(
            " ".join(args.words),
            status=parse_status(args.status) if args.status else None,
            since=parse_since(args.since) if args.since else None,
            limit=args.limit,
        )
        result = asyncio.run(_search(settings, team, query, args.reindex))
    except Exception as exc:
        return report_failure(exc)
    print(to_json_lines(result) if args.format == "json" else to_text(result), end="")
    return EXIT_OK


async def _search(settings: Any, team: Team, query: SearchQuery, reindex: bool
                  ) -> SearchResult:
    from bot.settings import AnalyzerChoice

    async with open_service(settings, AnalyzerChoice.RULES) as service:
        if reindex:
            await stored(rebuild_index(service.desk, team))
        return await search(service, team, query)


def hit_lines(hit: SearchHit) -> list[str]:
    day = f"{hit.at:%Y-%m-%d %H:%M}"
    if hit.kind is HitKind.CHECK:
        lines = [f"{day}  article  {hit.text[:200]}",
                 f"    {hit.claims} flagged claim(s)"]
        if hit.article_url:
            lines.append(f"    article: {hit.article_url}")
        return lines
    status = (hit.status or ClaimStatus.OPEN).label
    if hit.verdict is not None and hit.status is not ClaimStatus.OPEN:
        status += f" ({hit.verdict.by.label}, {hit.verdict.at:%Y-%m-%d})"
    lines = [f"{day}  claim    [{status}] {hit.text[:300]}"]
    if hit.thread is not None:
        lines.append(f"    thread: {hit.thread.url or hit.thread.thread}")
    if hit.article_url:
        lines.append(f"    article: {hit.article_url}")
    return lines


def to_text(result: SearchResult) -> str:
    if not result.hits:
        return "Nothing on the desk matches.\n"
    lines = [line for hit in result.hits for line in hit_lines(hit)]
    if result.more:
        lines.append(f"(more match; use --limit, --status or --since; at most {MAX_LIMIT})")
    return "\n".join(lines) + "\n"


def to_json_lines(result: SearchResult) -> str:
    rows = []
    for hit in result.hits:
        rows.append(json.dumps({
            "kind": hit.kind.value, "id": hit.id, "at": hit.at.isoformat(), "text": hit.text,
            "status": hit.status.value if hit.status else None,
            "verdict_by": hit.verdict.by.label if hit.verdict else None,
            "verdict_at": hit.verdict.at.isoformat() if hit.verdict else None,
            "thread": hit.thread.url if hit.thread else None,
            "article": hit.article_url,
        }, ensure_ascii=False))
    return "".join(row + "\n" for row in rows)
