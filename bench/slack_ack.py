"""How fast the Slack app acknowledges /factcheck while the model is slow.

Slack drops a slash command that is not acknowledged within 3 seconds. This starts the
real `factdesk slack --http` in its own process, with the real `LLMAnalyzer` pointed at
the fake OpenAI-compatible server (each answer after 2 s), a real Redis, and the fake
Slack Web API; then sends 50 signed /factcheck requests at once, as Slack would from
outside. It prints the acknowledgement time (the HTTP response to the command)
p50/p99/max, and how long until every analysis replaced its placeholder.
Goal: p99 well under 100 ms.

    .venv/bin/python bench/slack_ack.py [--commands 50] [--delay 2.0]

Uses only invented articles; needs no data from ../shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import article, listening, percentile, slow_model  # noqa: E402
from tests.support.fake_openai import FakeOpenAI  # noqa: E402
from tests.support.fake_slack import FakeSlack  # noqa: E402
from tests.support.redis_server import RedisServer, free_port  # noqa: E402
from tests.support.slack_signing import SECRET, SlackDriver  # noqa: E402


class SlackInAThread:
    """The fake Slack Web API on its own event loop, so it is not the app's or ours."""

    def __init__(self) -> None:
        self.fake = FakeSlack()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def wait_updates(self, count: int, within: float) -> None:
        deadline = time.monotonic() + within
        while len(self.fake.of("chat.update")) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(self.fake.of('chat.update'))} of {count} posted")
            await asyncio.sleep(0.02)


def start_app(port: int, slack: FakeSlack, model: FakeOpenAI, redis: RedisServer,
              state: Path) -> subprocess.Popen[bytes]:
    """`factdesk slack --http` as deployed, configured only through the environment."""
    env = {
        "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url, "REDIS_URL": redis.url,
        "FACTDESK_ANALYZER": "llm", "FACTDESK_LLM_BASE_URL": model.base_url,
        "FACTDESK_LLM_API_KEY": "bench", "FACTDESK_LLM_MODEL": "test-model",
        "FACTDESK_LLM_MAX_RETRIES": "0", "FACTDESK_STATE_DIR": str(state),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "slack", "--http", "--host", "127.0.0.1",
         "--port", str(port)], env=env, cwd=state,
    )
    return listening(process, port, "factdesk slack")


def start_peers(state: Path, delay: float) -> tuple[RedisServer, FakeOpenAI, SlackInAThread]:
    """A Redis, the slow model (answers after `delay` s) and the fake Slack, started."""
    redis = RedisServer(state / "redis")
    model = FakeOpenAI()
    slack = SlackInAThread()
    redis.start()
    model.start()
    slack.start()
    model.responder = slow_model(delay)  # type: ignore[assignment]
    return redis, model, slack


async def run(commands: int, delay: float, state: Path) -> int:
    redis, model, slack = start_peers(state, delay)
    port = free_port()
    app = start_app(port, slack.fake, model, redis, state)
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            driver = SlackDriver(url=f"http://127.0.0.1:{port}/slack/events", session=session,
                                 response_url=slack.fake.response_url)
            await driver.command("warm-up: " + article(10_000))  # auth.test, pools
            await slack.wait_updates(1, within=delay + 30)
            # signed beforehand: Slack's side, not to be counted in the app's time
            bodies = [driver.command_body(article(n)) for n in range(commands)]
            started = time.perf_counter()
            answers = await asyncio.gather(*(driver.send(body) for body in bodies))
            acked = time.perf_counter() - started
            await slack.wait_updates(commands + 1, within=delay * commands + 60)
            done = time.perf_counter() - started
    finally:
        app.terminate()
        app.wait(10)
        slack.stop()
        model.stop()
        redis.stop()

    failed = [a for a in answers if a.status != 200]
    ms = [a.seconds * 1000 for a in answers]
    print(f"{commands} concurrent /factcheck to `factdesk slack --http`, "
          f"model answers after {delay:.1f} s")
    print(f"acknowledgement  p50 {statistics.median(ms):6.1f} ms   "
          f"p99 {percentile(ms, 0.99):6.1f} ms   max {max(ms):6.1f} ms   "
          f"(Slack's limit: 3000 ms)")
    print(f"all {commands} answered within {acked * 1000:.0f} ms; "
          f"every analysis posted after {done:.1f} s; model requests: {len(model.received)}")
    if failed:
        print(f"{len(failed)} commands were not acknowledged with 200")
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--delay", type=float, default=2.0, help="model answer delay, s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as state:
        return asyncio.run(run(args.commands, args.delay, Path(state)))


if __name__ == "__main__":
    raise SystemExit(main())
