"""Time the rules analyzer per article over the PolNeAR dev texts.

Reads ../shared/data/polnear/dev/text relative to the repository root and skips cleanly
when it is absent. Prints mean, p50 and p99 milliseconds per article and articles per
second (one process, one thread, after one warm-up pass over the first article), and the
same per article in CPU time of the process, which other work on a shared machine
changes far less than the elapsed time:

    .venv/bin/python bench/rules_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402
from bot.analyzers.rules import RulesAnalyzer  # noqa: E402
from bot.models import Article, SourceKind  # noqa: E402
from bot.textnorm import content_hash  # noqa: E402

TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the texts")
    parser.add_argument("--texts", type=Path, default=TEXTS)
    args = parser.parse_args()
    paths = sorted(args.texts.glob("*.txt")) if args.texts.is_dir() else []
    if not paths:
        print(f"skipped: no PolNeAR dev texts at {args.texts}")
        return 0
    articles = [
        Article(text=t, kind=SourceKind.TEXT, content_hash=content_hash(t))
        for t in (p.read_text(encoding="utf-8") for p in paths)
    ]
    analyzer = RulesAnalyzer()
    analyzer.analyze_sync(articles[0])
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeat):
        for article in articles:
            started, cpu_started = time.perf_counter(), time.process_time()
            analyzer.analyze_sync(article)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    chars = statistics.mean(len(a.text) for a in articles)
    print(f"{analyzer.name} analyzer over {len(articles)} PolNeAR dev articles x {args.repeat} "
          f"(mean {chars:.0f} characters)")
    print(f"per article: mean {statistics.mean(times):.1f} ms, "
          f"p50 {percentile(times, 0.5):.1f} ms, p99 {percentile(times, 0.99):.1f} ms")
    print(f"CPU per article: mean {statistics.mean(cpu):.1f} ms, "
          f"p50 {percentile(cpu, 0.5):.1f} ms, p99 {percentile(cpu, 0.99):.1f} ms")
    print(f"throughput: {1000 * len(times) / sum(times):.1f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
