"""Search and the desk at a glance on a desk of 10,000 checks and 50,000 flagged claims.

Run: .venv/bin/python -m bench.desk_search [--rounds 200]

A redis-server of its own on a free port; the desk is filled through the desk's own
write paths (`tests/support/desk_fill.py`: checks over 30 days, repeats, re-checks,
verdicts on a fifth of the claims), which keep the search index and look for reworded
claims as checks do. Then:

- search: a mix of queries (common words that match thousands, selective words, a rare
  number, words that never occur together, a status filter, a time window), each timed
  `--rounds` times through `bot.desk_search.find`; goals p50 <= 50 ms, p99 <= 200 ms;
- the desk at a glance (`bot.desk_home.build_glance`) for a reader with 200 discussions;
  goal p50 <= 100 ms;
- the index's memory: MEMORY USAGE of every search key, per claim (and per check);
- the backfill: the index dropped and rebuilt from the records (`ensure_indexed`).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from bench.common import percentile, with_own_redis
from bot.desk import Desk
from bot.desk_home import build_glance
from bot.desk_search import SearchQuery, ensure_indexed, find
from bot.records import Actor, ClaimStatus, Team, ThreadRef
from tests.support.desk_fill import DeskShape, fill_desk

END = datetime(2031, 3, 1, 9, tzinfo=UTC)
TEAM = Team(platform="slack", id="TLARGE")
READER = Actor(id="U0READER", name="reader")
SEARCH_P50, SEARCH_P99, HOME_P50 = 50.0, 200.0, 100.0
QUERIES = [
    SearchQuery("officials plan"),  # in every claim: the first page is found at once
    SearchQuery("bridge contract Valmora"),  # about one claim in 50
    SearchQuery("story 4321"),  # one article's claims
    SearchQuery("hospital tram"),  # two subjects never in one claim: no match at all
    SearchQuery("safety inspections", ClaimStatus.FALSE),  # a status filter
    SearchQuery("school merger Brask", since=END - timedelta(days=7)),  # a time window
    SearchQuery("approved secret", ClaimStatus.NEEDS_CONTEXT, since=END - timedelta(days=3)),
    SearchQuery("news example story"),  # the checked articles (and their URLs)
]


async def measure(rounds: int, url: str) -> None:
    client = aioredis.Redis.from_url(url)
    desk = Desk(client)
    shape = DeskShape(checks=10_000, claims=50_000, end=END)
    started = time.perf_counter()
    await fill_desk(desk, TEAM, shape)
    claim_ids = await desk.claim_ids(TEAM)
    filled = time.perf_counter() - started
    print(f"filled {TEAM.key}: {shape.checks:,} checks, {len(claim_ids):,} flagged claims in "
          f"{filled:.0f} s ({filled / shape.checks * 1000:.1f} ms per check, with the index "
          "and claim matching)")
    await discussions(desk, claim_ids[::250])
    await ensure_indexed(desk, TEAM)  # marks it ready (the fill wrote it all already)

    print(f"\n{'search':56}{'hits':>5}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    every: list[float] = []
    for query in QUERIES:
        result = await find(desk, TEAM, query, now=END)
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            await find(desk, TEAM, query, now=END)
            times.append((time.perf_counter() - began) * 1000)
        every.extend(times)
        label = query.text + (f" status:{query.status.value}" if query.status else "") + (
            f" since:{(END - query.since).days}d" if query.since else "")
        print(f"{label:56}{len(result.hits):>5}{percentile(times, 0.5):>8.1f}"
              f"{percentile(times, 0.99):>8.1f}{max(times):>8.1f}")
    s50, s99 = percentile(every, 0.5), percentile(every, 0.99)
    print(f"{'all queries':56}{'':>5}{s50:>8.1f}{s99:>8.1f}{max(every):>8.1f}")

    glance = await build_glance(desk, TEAM, READER, now=END)
    home: list[float] = []
    for _ in range(rounds):
        began = time.perf_counter()
        await build_glance(desk, TEAM, READER, now=END)
        home.append((time.perf_counter() - began) * 1000)
    h50, h99 = percentile(home, 0.5), percentile(home, 0.99)
    print(f"\ndesk at a glance: p50 {h50:.1f} ms, p99 {h99:.1f} ms ({glance.open_total:,} open, "
          f"{len(glance.mine)} of the reader's shown, {glance.week_total:,} verdicts this week)")

    index_bytes, keys_count = await index_memory(client)
    print(f"\nsearch index: {index_bytes / 1e6:.1f} MB in {keys_count:,} keys = "
          f"{index_bytes / len(claim_ids):,.0f} bytes per claim "
          f"(claims and checks together; {index_bytes / (len(claim_ids) + shape.checks):,.0f} "
          "bytes per indexed record)")
    info = await client.info("memory")
    print(f"redis used_memory in all: {int(info['used_memory']) / 1e6:.1f} MB")

    await client.delete(*[k async for k in client.scan_iter(f"fd:{{{TEAM.key}}}:search:*")])
    began = time.perf_counter()
    added = await ensure_indexed(desk, TEAM)
    print(f"backfill of {added:,} records (index dropped, rebuilt): "
          f"{time.perf_counter() - began:.1f} s")
    await client.aclose()

    print(f"\ngoals: search p50 <= {SEARCH_P50:.0f} ms: {'met' if s50 <= SEARCH_P50 else 'NOT met'}"
          f"; search p99 <= {SEARCH_P99:.0f} ms: {'met' if s99 <= SEARCH_P99 else 'NOT met'}"
          f"; glance p50 <= {HOME_P50:.0f} ms: {'met' if h50 <= HOME_P50 else 'NOT met'}")


async def discussions(desk: Desk, claim_ids: list[str]) -> None:
    """The reader opens the discussion of some claims (through the desk's own path)."""
    for n, claim_id in enumerate(claim_ids):
        async def create(_claim: object, n: int = n) -> ThreadRef:
            return ThreadRef(platform="slack", channel="C-desk", thread=f"1700000000.{n:06d}",
                             url=f"https://desk.example/p{n}", opened_by=READER)
        await desk.open_thread(TEAM, claim_id, create)


async def index_memory(client: aioredis.Redis) -> tuple[int, int]:
    found = [k async for k in client.scan_iter(f"fd:{{{TEAM.key}}}:search:*", count=1000)]
    total = 0
    for start in range(0, len(found), 1000):
        async with client.pipeline(transaction=False) as pipe:
            for key in found[start:start + 1000]:
                pipe.memory_usage(key, samples=0)
            total += sum(int(v or 0) for v in await pipe.execute())
    return total, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    asyncio.run(with_own_redis(measure, parser.parse_args().rounds))


if __name__ == "__main__":
    main()
