"""`factdesk analyze` wall time with the embedded Redis against an external one, and the
Redis processes left behind after many runs.

Run: .venv/bin/python -m bench.cli_redis [--rounds 10] [--runs 100] [--idle 5]

Every run is a real `factdesk analyze` process (the rules engine, an invented article
file), as a user starts it. Part 1 times, `--rounds` times each, interleaved: an article
already cached and a fresh one, with the embedded Redis of a state folder (its server
already up, as for every run but the first within the idle time) and with REDIS_URL
pointing at a running redis-server; and a first run in a new state folder (the server
starts). Part 2 makes `--runs` runs in one state folder: a fifth of them concurrently,
one in twenty ended by SIGTERM mid-run, one in twenty in a new state folder, the rest one
after another; then counts the redis-server processes (and keepers) working under the
benchmark's folder, right away and once the idle time (`--idle`, FACTDESK_EMBEDDED_IDLE;
300 s by default outside this benchmark) has passed. `--root` runs another checkout's
code (e.g. an export of main) for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.cli import ROOT, cli_environment
from tests.support.embedded import embedded_processes, stop_all
from tests.support.redis_server import RedisServer

ARTICLE = """\
The regional water authority will raise household tariffs by {n} percent from January, \
two officials who spoke on condition of anonymity said on Thursday.

The authority's chair, Ilse Brandt, denied the report. A spokesperson for the \
consumer council declined to comment.

According to a draft budget seen by reporters, the increase would fund a new \
treatment plant at Orvel.
"""


class Bench:
    def __init__(self, work: Path, root: Path, idle: float) -> None:
        self.work = work
        self.root = root
        self.idle = idle
        self.articles = 0

    def env(self, state: Path, redis_url: str | None = None) -> dict[str, str]:
        env = cli_environment(self.work)
        env.update({"FACTDESK_STATE_DIR": str(state), "FACTDESK_EMBEDDED_IDLE": str(self.idle),
                    "PYTHONPATH": str(self.root)})
        if redis_url:
            env["REDIS_URL"] = redis_url
        return env

    def fresh_article(self) -> Path:
        self.articles += 1
        path = self.work / "articles" / f"{self.articles}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(ARTICLE.format(n=self.articles))
        return path

    def start(self, env: dict[str, str], article: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "analyze", str(article)], cwd=self.work, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def run(self, env: dict[str, str], article: Path) -> float:
        started = time.perf_counter()
        proc = self.start(env, article)
        _, err = proc.communicate(timeout=120)
        elapsed = (time.perf_counter() - started) * 1000
        if proc.returncode != 0:
            raise SystemExit(f"factdesk analyze failed ({proc.returncode}): {err.decode()}")
        return elapsed


def timings(bench: Bench, rounds: int, redis_url: str) -> None:
    embedded = bench.env(bench.work / "state-timed")
    external = bench.env(bench.work / "state-unused", redis_url)
    cached = bench.fresh_article()
    for env in (embedded, external):
        bench.run(env, cached)  # store it (and start the embedded server)
    rows: dict[str, list[float]] = {name: [] for name in (
        "embedded, cached", "external, cached", "embedded, fresh", "external, fresh",
        "embedded, new state folder")}
    for n in range(rounds):
        rows["embedded, cached"].append(bench.run(embedded, cached))
        rows["external, cached"].append(bench.run(external, cached))
        rows["embedded, fresh"].append(bench.run(embedded, bench.fresh_article()))
        rows["external, fresh"].append(bench.run(external, bench.fresh_article()))
        rows["embedded, new state folder"].append(
            bench.run(bench.env(bench.work / f"state-new-{n}"), bench.fresh_article()))
    medians = {name: statistics.median(values) for name, values in rows.items()}
    print(f"factdesk analyze, wall time ({rounds} runs each, rules engine)")
    print(f"{'':30}{'median ms':>10}{'min ms':>9}{'max ms':>9}   embedded / external")
    for name, values in rows.items():
        ratio = ""
        kind = name.split(", ")[1]
        if name.startswith("embedded"):
            base = medians.get(f"external, {kind}", medians["external, fresh"])
            ratio = f"{medians[name] / base:.2f}x"
        print(f"{name:30}{medians[name]:>10.0f}{min(values):>9.0f}{max(values):>9.0f}   {ratio}")


def leftovers(bench: Bench, runs: int) -> None:
    concurrent, sigterm, new_dirs = runs * 20 // 100, runs * 5 // 100, runs * 5 // 100
    sequential = runs - concurrent - sigterm - new_dirs
    state = bench.work / "state-many"
    env = bench.env(state)
    cached = bench.fresh_article()
    rng = random.Random(13)

    def article() -> Path:
        return cached if rng.random() < 0.5 else bench.fresh_article()

    started = time.perf_counter()
    for _ in range(sequential // 2):
        bench.run(env, article())
    batch = [bench.start(env, article()) for _ in range(concurrent)]
    failed = sum(proc.wait(timeout=300) != 0 for proc in batch)
    terminated = 0
    for _ in range(sigterm):
        proc = bench.start(env, bench.fresh_article())
        time.sleep(rng.uniform(0.2, 1.2))  # from start-up to mid-analysis
        proc.send_signal(signal.SIGTERM)
        terminated += proc.wait(timeout=60) != 0
    for n in range(new_dirs):
        bench.run(bench.env(bench.work / f"state-more-{n}"), bench.fresh_article())
    for _ in range(sequential - sequential // 2):
        bench.run(env, article())
    took = time.perf_counter() - started
    right_after = embedded_processes(bench.work)
    time.sleep(bench.idle + 2)
    after_idle = embedded_processes(bench.work)
    servers = [p for p in after_idle if "redis-server" in p]
    print(f"\n{runs} runs ({sequential} one after another, {concurrent} concurrent "
          f"[{failed} failed], {sigterm} ended by SIGTERM [{terminated} before finishing], "
          f"{new_dirs} in new state folders) in {took:.0f} s")
    print(f"processes left right after the last run: {len(right_after)} "
          f"({sum('redis-server' in p for p in right_after)} redis-server), "
          f"the state folders' servers waiting out their idle time ({bench.idle:g} s)")
    print(f"redis-server processes left {bench.idle + 2:g} s later: {len(servers)}; "
          f"keepers: {len(after_idle) - len(servers)}")
    for line in after_idle:
        print("  left:", line[:160])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed runs per case")
    parser.add_argument("--runs", type=int, default=100, help="runs for the leftovers count")
    parser.add_argument("--idle", type=float, default=5.0,
                        help="FACTDESK_EMBEDDED_IDLE for these runs, in seconds")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        work = Path(tmp)
        bench = Bench(work, args.root.resolve(), args.idle)
        try:
            if args.rounds:
                external = RedisServer(work / "external")
                external.start()
                try:
                    timings(bench, args.rounds, external.url)
                finally:
                    external.stop()  # before counting what is left
            if args.runs:
                leftovers(bench, args.runs)
        finally:
            stop_all(work)
        print(f"(code from {bench.root}; {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
