"""Scale: 2 Slack front ends and 2 analysis workers on one Redis, a burst of commands
from 20 workspaces, against a model that answers after 2 s.

    .venv/bin/python bench/scale_load.py [--commands 200] [--workspaces 20] [--articles 100]
        [--delay 2.0] [--concurrency 8] [--kill-after 4.0] [--spread 0]

Everything runs on 127.0.0.1: a redis-server, the tests' fake OpenAI-compatible model
and fake Slack Web API (in threads), two `factdesk slack --http` processes in OAuth mode
(every workspace installed through /slack/install first) with the job queue on, and two
`factdesk worker` processes. Each article is checked by commands from two workspaces,
half of them through each front end. It runs twice: once as is, once with one worker
killed (SIGKILL) `--kill-after` seconds into the burst. It reports the acknowledgement
times, that every command's answer was posted exactly once (with its own workspace's
token), how many times the model analyzed each article, and the wall time against the
ideal (analyses x delay / the workers' total concurrency). A burst sent at once is first
sent to servers that answer without doing anything: the floor the load generator itself
puts under every acknowledgement on this machine (`bench/ack_floor.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ack_floor import floor_ms  # noqa: E402
from bench.common import article, listening, percentile  # noqa: E402
from bench.slack_ack import SlackInAThread, start_peers  # noqa: E402
from bot.installations import new_key  # noqa: E402
from bot.surface import queued_text  # noqa: E402
from tests.support.fake_openai import FakeOpenAI  # noqa: E402
from tests.support.redis_server import RedisServer, free_port  # noqa: E402
from tests.support.slack_oauth import install  # noqa: E402
from tests.support.slack_signing import SECRET, Answer, SlackDriver  # noqa: E402

BUSY_MARK = queued_text(0).split("#")[0]


@dataclass
class Run:
    acks_ms: list[float]
    refused: int
    wall: float
    ideal: float
    answered_once: int
    answered_twice_or_more: int
    unanswered: int
    wrong_token: int
    busy_notices: int
    analyses_per_article: Counter[int]
    killed: bool


def environment(state: Path, redis: RedisServer, model: FakeOpenAI, slack: SlackInAThread,
                key: str, concurrency: int) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
        "REDIS_URL": redis.url, "FACTDESK_STATE_DIR": str(state), "LOG_LEVEL": "WARNING",
        "FACTDESK_ANALYZER": "llm", "FACTDESK_LLM_BASE_URL": model.base_url,
        "FACTDESK_LLM_API_KEY": "bench", "FACTDESK_LLM_MODEL": "test-model",
        "FACTDESK_LLM_MAX_RETRIES": "0", "FACTDESK_ANALYSIS_QUEUE": "1",
        "FACTDESK_QUEUE_BUSY_DEPTH": "20", "FACTDESK_WORKER_CONCURRENCY": str(concurrency),
        "FACTDESK_JOB_TIMEOUT": "5",
        "SLACK_API_URL": slack.fake.api_url, "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "bench-secret",
        "FACTDESK_TOKEN_KEY": key,
    }


def start(args: list[str], env: dict[str, str], cwd: Path,
          port: int | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], env=env, cwd=cwd)
    return process if port is None else listening(process, port, f"factdesk {args[0]}", 60)


async def scenario(options: argparse.Namespace, state: Path, kill: bool) -> Run:
    redis, model, slack = start_peers(state, options.delay)
    env = environment(state, redis, model, slack, new_key(), options.concurrency)
    ports = [free_port(), free_port()]
    processes = [start(["slack", "--http", "--host", "127.0.0.1", "--port", str(port)],
                       env, state, port) for port in ports]
    workers = [start(["worker"], env, state) for _ in range(2)]
    processes += workers
    teams = [f"T{n:04d}" for n in range(options.workspaces)]
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            for team in teams:
                done = await install(session, f"http://127.0.0.1:{ports[0]}", f"code-{team}")
                assert done.status == 200, done.page
            drivers = [SlackDriver(url=f"http://127.0.0.1:{ports[n % 2]}/slack/events",
                                   session=session, response_url=slack.fake.response_url,
                                   team=team, channel=f"C{team}")
                       for n, team in enumerate(teams)]
            # warm-up: each front end answers one check (pools, first analysis in workers)
            for n in range(len(ports)):
                await drivers[n].command(article(90_000 + n))
            await slack.wait_updates(2, within=120)
            warm_updates = len(slack.fake.of("chat.update"))
            warm_posts = len(slack.fake.of("chat.postMessage"))
            model_before = len(model.received)
            # the burst: command i checks article i // 2 from workspace i % workspaces
            bodies = [(drivers[i % len(drivers)],
                       drivers[i % len(drivers)].command_body(article(i % options.articles)))
                      for i in range(options.commands)]
            # the load generator's own garbage (the earlier run's, the warm-up's) is not
            # what is measured: collected now, not in the middle of the burst
            gc.collect()
            gc.freeze()
            started = time.perf_counter()
            sends = [asyncio.create_task(sent_at(started + options.spread * i / len(bodies),
                                                 driver, body))
                     for i, (driver, body) in enumerate(bodies)]
            if kill:
                await asyncio.sleep(options.kill_after)
                workers[0].send_signal(signal.SIGKILL)
            answers = await asyncio.gather(*sends)
            await wait_answers(slack, warm_posts, options.commands, within=600)
            wall = time.perf_counter() - started
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        slack.stop()
        model.stop()
        redis.stop()

    posts = slack.fake.of("chat.postMessage")[warm_posts:]
    placeholders = {(c.get("channel"), c.answer.get("ts")): c.token for c in posts}
    finals: Counter[tuple[str, str]] = Counter()
    wrong_token = busy = 0
    for update in slack.fake.of("chat.update")[warm_updates:]:
        where = (update.get("channel"), update.get("ts"))
        if BUSY_MARK in str(update.get("text")):
            busy += 1
            continue
        finals[where] += 1
        if placeholders.get(where) != update.token:
            wrong_token += 1
    analyses: Counter[str] = Counter(
        request.message("user").split(" will close")[0][-12:]
        for request in model.received[model_before:])
    jobs = min(options.articles, options.commands)
    return Run(
        acks_ms=[a.seconds * 1000 for a in answers],
        refused=sum(1 for a in answers if a.status != 200),
        wall=wall, ideal=jobs * options.delay / (2 * options.concurrency),
        answered_once=sum(1 for where in placeholders if finals[where] == 1),
        answered_twice_or_more=sum(1 for where in placeholders if finals[where] > 1),
        unanswered=sum(1 for where in placeholders if finals[where] == 0),
        wrong_token=wrong_token, busy_notices=busy,
        analyses_per_article=Counter(analyses.values()), killed=kill,
    )


async def sent_at(moment: float, driver: SlackDriver, body: str) -> Answer:
    """Send `body` at `moment` (perf_counter): the burst spread over --spread seconds."""
    await asyncio.sleep(max(0.0, moment - time.perf_counter()))
    return await driver.send(body)


async def wait_answers(slack: SlackInAThread, warm_posts: int, count: int,
                       within: float) -> None:
    """Until `count` placeholders were posted and each was replaced by an analysis."""
    deadline = time.monotonic() + within
    while True:
        posts = slack.fake.of("chat.postMessage")[warm_posts:]
        done = {(c.get("channel"), c.get("ts")) for c in slack.fake.of("chat.update")
                if BUSY_MARK not in str(c.get("text"))}
        if len(posts) >= count and all(
                (p.get("channel"), p.answer.get("ts")) in done for p in posts):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(posts)} placeholders, not all answered in {within} s")
        await asyncio.sleep(0.1)


def report(run: Run, options: argparse.Namespace) -> None:
    ms = run.acks_ms
    title = ("one worker killed (SIGKILL) after "
             f"{options.kill_after:.0f} s" if run.killed else "all workers up")
    print(f"--- {title}")
    print(f"acknowledgement p50 {percentile(ms, 0.5):6.1f} ms  p99 {percentile(ms, 0.99):6.1f} "
          f"ms  max {max(ms):6.1f} ms  ({run.refused} not 200)")
    print(f"answers: {run.answered_once} posted exactly once, {run.answered_twice_or_more} "
          f"more than once, {run.unanswered} never; {run.wrong_token} with another "
          f"workspace's token; {run.busy_notices} 'busy, queued as #N' notices")
    per_article = ", ".join(f"{articles} articles analyzed {times}x"
                            for times, articles in sorted(run.analyses_per_article.items()))
    print(f"model: {per_article}")
    print(f"wall time {run.wall:.1f} s; ideal {run.ideal:.1f} s "
          f"({min(options.articles, options.commands)} analyses x {options.delay:.0f} s / "
          f"{2 * options.concurrency} worker slots): {run.wall / run.ideal:.2f}x the ideal")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--delay", type=float, default=2.0, help="model answer delay, s")
    parser.add_argument("--concurrency", type=int, default=8, help="per worker")
    parser.add_argument("--kill-after", type=float, default=4.0)
    parser.add_argument("--spread", type=float, default=0.0,
                        help="send the commands evenly over this many seconds (0: at once)")
    options = parser.parse_args()
    print(f"{options.commands} /factcheck from {options.workspaces} workspaces "
          f"({options.articles} articles) -> 2 front ends, 2 workers x {options.concurrency}, "
          f"model {options.delay:.1f} s, sent "
          + (f"over {options.spread:.1f} s" if options.spread else "all at once"))
    floor = floor_ms(options.commands) if not options.spread else None
    if floor is not None:
        print(f"--- the load generator's floor (do-nothing servers, bench/ack_floor.py)\n"
              f"acknowledgement p50 {percentile(floor, 0.5):6.1f} ms  "
              f"p99 {percentile(floor, 0.99):6.1f} ms")
    failed = False
    for kill in (False, True):
        with tempfile.TemporaryDirectory(prefix="factdesk-scale-") as state:
            run = asyncio.run(scenario(options, Path(state), kill))
        report(run, options)
        failed |= bool(run.refused or run.unanswered or run.answered_twice_or_more
                       or run.wrong_token)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
