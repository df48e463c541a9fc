"""The floor of the acknowledgement benches: the same burst against servers that do nothing.

The ack benches time each signed command from the load generator, a Python process on
the same machine as everything else. Part of what they measure is the generator itself
(building and sending the requests, reading the answers) and the machine's scheduling,
which no front end can go below. This sends the same burst, split over the same number
of processes, to aiohttp servers that read the body and answer 200 at once, so the
benches can print what is theirs and what is the harness's.

    .venv/bin/python bench/ack_floor.py [--commands 200] [--servers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import article, listening, percentile  # noqa: E402
from tests.support.redis_server import free_port  # noqa: E402
from tests.support.slack_signing import SlackDriver  # noqa: E402

SERVER = """
import sys
from aiohttp import web

async def answer(request):
    await request.read()
    return web.Response(status=200)

app = web.Application()
app.router.add_post("/slack/events", answer)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), backlog=1024, print=None,
            access_log=None)
"""


def floor_ms(commands: int, servers: int = 2) -> list[float]:
    """Acknowledgement times (ms) of `commands` sent at once to do-nothing servers."""
    ports = [free_port() for _ in range(servers)]
    processes = [listening(subprocess.Popen([sys.executable, "-c", SERVER, str(port)]),
                           port, "floor server") for port in ports]
    try:
        return asyncio.run(_burst(ports, commands))
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)


async def _burst(ports: list[int], commands: int) -> list[float]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        drivers = [SlackDriver(url=f"http://127.0.0.1:{port}/slack/events",
                               session=session, response_url="http://127.0.0.1:9/")
                   for port in ports]
        bodies = [(drivers[i % len(ports)], drivers[i % len(ports)].command_body(article(i)))
                  for i in range(commands)]
        answers = await asyncio.gather(*(driver.send(body) for driver, body in bodies))
    return [answer.seconds * 1000 for answer in answers]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--servers", type=int, default=2)
    options = parser.parse_args()
    ms = floor_ms(options.commands, options.servers)
    print(f"floor: {options.commands} at once to {options.servers} do-nothing servers: "
          f"p50 {percentile(ms, 0.5):.1f} ms  p99 {percentile(ms, 0.99):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
