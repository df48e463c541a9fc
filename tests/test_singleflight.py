"""One analysis per article however many checks arrive at once, in one process or two."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from aiohttp import web

from bot import keys
from bot.analyzers.rules import RulesAnalyzer
from bot.errors import AnalyzerError, FetchError
from bot.ingest import parse_input
from bot.models import CacheState
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.analyzers import CountingAnalyzer, model_refused
from tests.support.articles import HARBOUR, html_page
from tests.support.http_server import LocalHTTPServer


def slow_page(server: LocalHTTPServer, path: str, delay: float, status: int = 200) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(delay)
        return web.Response(text=html_page("Valmora terminal to close", HARBOUR),
                            content_type="text/html", status=status)

    server.route(path, handler)


async def test_fifty_concurrent_checks_run_one_analysis(
    redis_settings: Settings, http_server: LocalHTTPServer
) -> None:
    slow_page(http_server, "/story", delay=0.3)
    analyzer = CountingAnalyzer(RulesAnalyzer())
    handle = connect(redis_settings)
    try:
        service = Service(redis_settings, handle.client, analyzer)
        results = await asyncio.gather(
            *(service.analyze(http_server.url("/story")) for _ in range(50))
        )
    finally:
        await handle.close()
    assert analyzer.runs == 1
    assert http_server.requests.count("/story") == 1
    assert len({r.analysis.model_dump_json() for r in results}) == 1


async def test_fifty_checks_through_separate_services_share_the_redis_lock(
    redis_settings: Settings, http_server: LocalHTTPServer
) -> None:
    """Fifty services (as fifty processes would) on one Redis: one leader, 49 followers."""
    slow_page(http_server, "/story", delay=0.3)
    analyzers = [CountingAnalyzer(RulesAnalyzer()) for _ in range(50)]
    handles = [connect(redis_settings) for _ in analyzers]
    try:
        results = await asyncio.gather(*(
            Service(redis_settings, h.client, a).analyze(http_server.url("/story"))
            for h, a in zip(handles, analyzers, strict=True)
        ))
    finally:
        for handle in handles:
            await handle.close()
    assert sum(a.runs for a in analyzers) == 1
    assert http_server.requests.count("/story") == 1
    states = sorted(r.analysis.engine.cache.value for r in results)
    assert states == ["hit"] * 49 + ["stored"]


WORKER = textwrap.dedent("""
    import asyncio, json, sys
    from bot.analyzers.rules import RulesAnalyzer
    from bot.redis_conn import connect
    from bot.service import Service
    from bot.settings import Settings

    async def main() -> None:
        settings = Settings(redis_url=sys.argv[1], fetch_allow="127.0.0.1")
        handle = connect(settings)
        analyzed = await Service(settings, handle.client, RulesAnalyzer()).analyze(sys.argv[2])
        await handle.close()
        print(json.dumps({"cache": analyzed.analysis.engine.cache.value,
                          "claims": len(analyzed.analysis.claims)}))

    asyncio.run(main())
""")


def test_two_processes_run_one_analysis(
    redis_settings: Settings, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    slow_page(http_server, "/story", delay=1.0)
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    root = Path(__file__).resolve().parents[1]
    assert redis_settings.redis_url is not None
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), redis_settings.redis_url, http_server.url("/story")],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    assert http_server.requests.count("/story") == 1
    assert sorted(o["cache"] for o in outputs) == ["hit", "stored"]
    assert outputs[0]["claims"] == outputs[1]["claims"] > 0


async def test_leader_failure_reaches_followers_promptly(
    redis_settings: Settings, http_server: LocalHTTPServer
) -> None:
    slow_page(http_server, "/gone", delay=0.3, status=404)
    handles = [connect(redis_settings) for _ in range(5)]
    try:
        services = [Service(redis_settings, h.client, RulesAnalyzer()) for h in handles]
        started = asyncio.get_running_loop().time()
        results = await asyncio.gather(
            *(s.analyze(http_server.url("/gone")) for s in services), return_exceptions=True
        )
        elapsed = asyncio.get_running_loop().time() - started
    finally:
        for handle in handles:
            await handle.close()
    assert all(isinstance(r, FetchError) for r in results), results
    assert len({str(r) for r in results}) == 1
    assert http_server.requests.count("/gone") == 1
    assert elapsed < 5  # promptly, not after the 120 s wait bound


async def test_analyzer_failure_is_shared_and_the_next_check_retries(
    redis_settings: Settings,
) -> None:
    failing = CountingAnalyzer(RulesAnalyzer(), delay=0.2, fail_with=model_refused())
    handles = [connect(redis_settings) for _ in range(2)]
    try:
        leader = Service(redis_settings, handles[0].client, failing)
        follower = Service(redis_settings, handles[1].client, failing)
        results = await asyncio.gather(
            leader.analyze(HARBOUR), follower.analyze(HARBOUR), return_exceptions=True
        )
        assert all(isinstance(r, AnalyzerError) for r in results)
        assert failing.runs == 1
        failing.fail_with = None
        retried = await leader.analyze(HARBOUR)
    finally:
        for handle in handles:
            await handle.close()
    assert retried.analysis.engine.cache is CacheState.STORED
    assert failing.runs == 2


async def test_lock_of_a_crashed_leader_expires(redis_settings: Settings) -> None:
    """A lock left by a dead process (never renewed) blocks the key only until it expires."""
    analyzer = CountingAnalyzer(RulesAnalyzer())
    key = keys.analysis_key(analyzer.name, analyzer.model, analyzer.prompt_hash,
                            parse_input(HARBOUR).cache_identity())
    handle = connect(redis_settings)
    try:
        await handle.client.set(keys.lock_key(key), "dead-process", px=1000)
        service = Service(redis_settings, handle.client, analyzer)
        started = asyncio.get_running_loop().time()
        analyzed = await service.analyze(HARBOUR)
        waited = asyncio.get_running_loop().time() - started
    finally:
        await handle.close()
    assert analyzed.key == key
    assert analyzed.analysis.engine.cache is CacheState.STORED
    assert analyzer.runs == 1
    assert 0.5 < waited < 5


@pytest.mark.parametrize("count", [2])
async def test_waiters_in_one_process_share_the_leaders_error(
    redis_settings: Settings, count: int
) -> None:
    failing = CountingAnalyzer(RulesAnalyzer(), delay=0.2, fail_with=model_refused())
    handle = connect(redis_settings)
    try:
        service = Service(redis_settings, handle.client, failing)
        results = await asyncio.gather(
            *(service.analyze(HARBOUR) for _ in range(count)), return_exceptions=True
        )
    finally:
        await handle.close()
    assert failing.runs == 1
    assert all(isinstance(r, AnalyzerError) for r in results)
