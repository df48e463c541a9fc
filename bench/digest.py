"""Digest benchmark: a team with 10,000 checks and 50,000 flagged claims against one with 100.

Run: .venv/bin/python -m bench.digest [--rounds 50]

A redis-server of its own on a free port; both desks are filled through the desk's own
write paths (`tests/support/desk_fill.py`: checks over 30 days, repeats across articles,
re-checks, model checks with tokens, verdicts on a fifth of the claims). Then
`build_digest` is timed for the last 24 h and the last 7 days of each team, and each
digest's Redis commands (INFO commandstats) and round trips are counted. Goal: the large
team's 24 h digest under 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import Connection

from bench.common import percentile, with_own_redis
from bot.desk import Desk
from bot.digest import Digest, build_digest
from bot.records import Team
from tests.support.desk_fill import DeskShape, fill_desk

GOAL_MS = 200.0
END = datetime(2031, 3, 1, 9, tzinfo=UTC)
LARGE, SMALL = Team(platform="slack", id="TLARGE"), Team(platform="discord", id="4100")
WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}


class CountingConnection(Connection):
    """A connection that counts what it sends: one write per command or pipeline."""

    sends = 0

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountingConnection.sends += 1
        await super().send_packed_command(command, check_health)


async def commands_run(client: aioredis.Redis) -> int:
    stats: dict[str, dict[str, int]] = await client.info("commandstats")
    return sum(int(entry["calls"]) for entry in stats.values())


async def measure(rounds: int, url: str) -> None:
    pool = aioredis.ConnectionPool.from_url(url, connection_class=CountingConnection)
    client = aioredis.Redis(connection_pool=pool)
    desk = Desk(client)
    for team, shape in ((LARGE, DeskShape(checks=10_000, claims=50_000, end=END)),
                        (SMALL, DeskShape(checks=100, claims=500, end=END))):
        started = time.perf_counter()
        await fill_desk(desk, team, shape)
        print(f"filled {team.key}: {shape.checks:,} checks, "
              f"{len(await desk.claim_ids(team)):,} flagged claims over {shape.days:.0f} days "
              f"in {time.perf_counter() - started:.1f} s")

    print(f"\n{'team, window':18}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'full GCs':>10}"
          f"{'commands':>10}{'trips':>7}   checks / flagged / verdicts / open / repeated")
    results: dict[tuple[str, str], tuple[float, float]] = {}
    shown: list[str] = []
    for team in (LARGE, SMALL):
        for name, span in WINDOWS.items():
            digest, commands, sends = await counted(client, desk, team, END - span)
            times, full_collections = await timings(desk, team, END - span, rounds)
            p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
            results[(team.key, name)] = p50, p99
            print(f"{team.key + ' ' + name:18}{p50:>8.1f}{p99:>8.1f}{max(times):>8.1f}"
                  f"{full_collections:>10}{commands:>10}{sends:>7}   {digest.checks} / "
                  f"{digest.flagged_total} / {digest.verdicts_total} / {digest.open_total} / "
                  f"{digest.repeated_total}")
            shown.append(f"{team.key} {name}: {digest.articles_total} articles, "
                         f"verdicts by status {digest.verdicts_by_status}")
    await client.aclose()

    print("", *shown, sep="\n")
    large50, large99 = results[(LARGE.key, "24h")]
    small50, _ = results[(SMALL.key, "24h")]
    verdict = "met" if large99 < GOAL_MS else "NOT met"
    print(f"\ngoal: large team's 24h digest under {GOAL_MS:.0f} ms (p99): {verdict} "
          f"(p50 {large50:.1f} ms, p99 {large99:.1f} ms; p50 {large50 / small50:.1f}x the "
          f"small team's {small50:.1f} ms)")
    print("(full GCs: Python's generation-2 collections during the timed rounds; each pauses "
          "the process for as long as its whole heap takes to scan)")


async def counted(client: aioredis.Redis, desk: Desk, team: Team, start: datetime
                  ) -> tuple[Digest, int, int]:
    """One digest (after a warm-up), with the Redis commands and round trips it took."""
    await build_digest(desk, team, start, END)
    commands, sends = await commands_run(client), CountingConnection.sends
    digest = await build_digest(desk, team, start, END)
    # minus the INFO that read the first count
    return (digest, await commands_run(client) - commands - 1,
            CountingConnection.sends - sends - 1)


async def timings(desk: Desk, team: Team, start: datetime, rounds: int
                  ) -> tuple[list[float], int]:
    """Milliseconds per digest, and how many full garbage collections ran meanwhile."""
    times: list[float] = []
    full_collections = gc.get_stats()[2]["collections"]
    for _ in range(rounds):
        began = time.perf_counter()
        await build_digest(desk, team, start, END)
        times.append((time.perf_counter() - began) * 1000)
    return times, gc.get_stats()[2]["collections"] - full_collections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    asyncio.run(with_own_redis(measure, parser.parse_args().rounds))


if __name__ == "__main__":
    main()
