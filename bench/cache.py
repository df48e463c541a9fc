"""Cache benchmark: a hit against a miss (rules; a model answering in 1 s), and single-flight.

Run: .venv/bin/python -m bench.cache [--rounds 200]

Everything is real and local: a redis-server started on a free port, the article served
by a local HTTP server through the whole link path, and for the model an OpenAI-compatible
server of our own (tests/support/fake_openai.py) that answers after 1 s. Prints p50/p99 of
hit and miss times, their ratios, and the number of analyses run for 50 concurrent checks
of one URL.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import percentile
from bot.analyzers.llm import LLMAnalyzer
from bot.analyzers.rules import RulesAnalyzer
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.analyzers import CountingAnalyzer
from tests.support.articles import HARBOUR, html_page
from tests.support.fake_openai import FakeOpenAI, Reply, completion, llm_settings
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import RedisServer
from tests.test_llm_analyzer import ARTICLE as MODEL_ARTICLE
from tests.test_llm_analyzer import DRAFT


async def timed(call: object) -> float:
    started = time.perf_counter()
    await call  # type: ignore[misc]
    return (time.perf_counter() - started) * 1000


async def run(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        redis = RedisServer(Path(tmp) / "redis")
        redis.start()
        pages = LocalHTTPServer()
        pages.start()
        model = FakeOpenAI()
        model.start()
        try:
            await measure(rounds, redis, pages, model, Path(tmp))
        finally:
            model.stop()
            pages.stop()
            redis.stop()


async def measure(rounds: int, redis: RedisServer, pages: LocalHTTPServer,
                  model: FakeOpenAI, state: Path) -> None:
    settings = Settings(redis_url=redis.url, fetch_allow="127.0.0.1", state_dir=state)
    handle = connect(settings)
    rules = Service(settings, handle.client, RulesAnalyzer())

    # rules: each miss is a distinct URL (fetch + extract + analyze + store)
    for n in range(rounds):
        pages.page(f"/story/{n}", html_page("Valmora terminal to close", HARBOUR))
    miss_rules = [await timed(rules.analyze(pages.url(f"/story/{n}"))) for n in range(rounds)]
    hits = [await timed(rules.analyze(pages.url(f"/story/{n % rounds}")))
            for n in range(rounds * 5)]

    # a model that answers in 1 s: fewer rounds, it is slow by design
    priced = llm_settings(settings, model)
    llm = Service(priced, handle.client, LLMAnalyzer(priced))
    model_rounds = min(rounds, 10)
    model.queue(*(Reply(json=completion(DRAFT), delay=1.0) for _ in range(model_rounds)))
    miss_model = [await timed(llm.analyze(MODEL_ARTICLE + f"\n\nUpdate {n}."))
                  for n in range(model_rounds)]

    # single-flight: 50 concurrent checks of one URL
    pages.page("/one", html_page("Valmora terminal to close", HARBOUR))
    counting = CountingAnalyzer(RulesAnalyzer(), delay=0.2)
    flight = Service(settings, handle.client, counting)
    await asyncio.gather(*(flight.analyze(pages.url("/one")) for _ in range(50)))
    fetched = pages.requests.count("/one")
    await handle.close()

    hit50, hit99 = percentile(hits, 0.5), percentile(hits, 0.99)
    print(f"{'':28}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'cache hit':28}{hit50:>10.2f}{hit99:>10.2f}")
    for label, values in (("miss, rules analyzer", miss_rules),
                          ("miss, model answering in 1 s", miss_model)):
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"{label:28}{p50:>10.2f}{p99:>10.2f}   hit is {p50 / hit50:,.0f}x faster (p50)")
    print(f"50 concurrent checks of one URL: {counting.runs} analysis, {fetched} fetch")
    print(f"(hits: {len(hits)}, rules misses: {len(miss_rules)}, model misses: "
          f"{len(miss_model)}, mean hit {statistics.mean(hits):.2f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    asyncio.run(run(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
