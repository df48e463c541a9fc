"""How fast the Discord bot defers /factcheck while the model is slow.

Discord drops an interaction that is not answered within 3 seconds. This logs our real
`FactdeskBot` (discord.py) in against the fake Discord REST API (on its own thread and
event loop, so it stamps arrivals with its own clock), with the real
`LLMAnalyzer` pointed at the fake OpenAI-compatible server (each answer after 2 s) and a
real Redis; then feeds 50 /factcheck interactions at once through discord.py's gateway
parsing, as the gateway would deliver them. It prints the time from each interaction to
its deferral reaching Discord (p50/p99/max), and how long until every analysis was
posted. Goal: p99 well under 3,000 ms.

    .venv/bin/python bench/discord_ack.py [--commands 50] [--delay 2.0]

Uses only invented articles; needs no data from ../shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import article, percentile, slow_model  # noqa: E402
from bot.analyzers.factory import make_analyzer  # noqa: E402
from bot.redis_conn import connect  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.settings import AnalyzerChoice, Settings  # noqa: E402
from tests.support.fake_discord import (  # noqa: E402
    Call,
    DiscordInAThread,
    FakeDiscord,
    Interactions,
    feed,
    is_followup,
    logged_in,
)
from tests.support.fake_openai import FakeOpenAI, llm_settings  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402


async def wait_desks(fake: FakeDiscord, count: int, within: float) -> None:
    """Polls: the fake runs on another loop, so its own `wait_for` is not ours to await."""
    deadline = time.monotonic() + within
    while sum(1 for c in list(fake.calls) if is_desk(c)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"analyses not all posted within {within} s")
        await asyncio.sleep(0.02)


def is_desk(call: Call) -> bool:
    return is_followup(call) and any("footer" in e for e in call.message.get("embeds") or [])


async def run(commands: int, delay: float, state: Path) -> int:
    redis = RedisServer(state / "redis")
    model = FakeOpenAI()
    redis.start()
    model.start()
    model.responder = slow_model(delay)  # type: ignore[assignment]
    base = Settings(state_dir=state, redis_url=redis.url, llm_max_retries=0)
    settings = llm_settings(base, model)
    handle = connect(settings)
    discord = DiscordInAThread()
    discord.start()
    try:
        service = Service(settings, handle.client, make_analyzer(settings, AnalyzerChoice.LLM))
        async with logged_in(service) as bot:
            users = Interactions(discord.fake)
            feed(bot, users.slash("factcheck", {"text": article(10_000)}))
            await wait_desks(discord.fake, 1, within=delay + 30)
            payloads = [users.slash("factcheck", {"text": article(n)}) for n in range(commands)]
            fed: dict[str, float] = {}
            started = time.perf_counter()
            for payload in payloads:
                fed[payload["token"]] = time.perf_counter()
                feed(bot, payload)
            await wait_desks(discord.fake, commands + 1, within=delay * commands + 60)
            done = time.perf_counter() - started
            # the fake records a message when it arrives: let the last answers (and the
            # desk records after them) finish before the fake and the bot are closed
            await bot.inflight.drain(30)
            acks = {
                call.path.split("/")[3]: call.at
                for call in list(discord.fake.calls) if call.path.endswith("/callback")
                and call.json.get("type") == 5
            }
    finally:
        await handle.close()
        discord.stop()
        model.stop()
        redis.stop()

    missing = [t for t in fed if t not in acks]
    ms = [(acks[t] - fed[t]) * 1000 for t in fed if t in acks]
    print(f"{commands} /factcheck interactions at once to FactdeskBot (discord.py), "
          f"model answers after {delay:.1f} s")
    print(f"deferral  p50 {statistics.median(ms):6.1f} ms   p99 {percentile(ms, 0.99):6.1f} ms"
          f"   max {max(ms):6.1f} ms   (Discord's limit: 3000 ms)")
    print(f"every analysis posted after {done:.1f} s; model requests: {len(model.received)}")
    if missing:
        print(f"{len(missing)} interactions were never deferred")
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--delay", type=float, default=2.0, help="model answer delay, s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as state:
        os.chdir(state)  # no .env from the working tree
        return asyncio.run(run(args.commands, args.delay, Path(state)))


if __name__ == "__main__":
    raise SystemExit(main())
