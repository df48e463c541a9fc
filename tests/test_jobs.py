"""The analysis queue with real Redis (one server, then a 3-master Cluster) and real
workers against the fake OpenAI-compatible model: the chat side enqueues, a worker
analyzes, the chat side answers. Workers are tasks running `bot.cli.worker.work` (as
`factdesk worker` does), and at the end real `factdesk worker` processes, killed
(SIGKILL) while analyzing: the job is taken over by another worker once; lost a second
time, the user is told."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot import keys
from bot.analyzers.factory import make_analyzer
from bot.cli.worker import work
from bot.errors import AnalyzerError
from bot.ingest import ArticleInput
from bot.jobs.queue import JobLostError, JobQueue
from bot.models import Article
from bot.records import Actor, Place, Team
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings
from tests.support.cli import ROOT, factdesk
from tests.support.fake_openai import (
    FakeOpenAI,
    Received,
    Reply,
    error_body,
    llm_settings,
    serve,
)
from tests.support.memory_surface import MemorySurface
from tests.support.slack_signing import slack_scenario
from tests.support.slow_model import article, slow_model

TEAM = Team(platform="slack", id="T1")
ANA = Actor(id="U1", name="ana")
HERE = Place(channel="C-NEWS")


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    yield from serve()


@pytest.fixture
def queue_settings(redis_settings: Settings, model: FakeOpenAI) -> Settings:
    return llm_settings(redis_settings, model, analyzer=AnalyzerChoice.LLM, llm_max_retries=0,
                        analysis_queue=True, job_timeout_seconds=3.0)


async def never_here(parsed: ArticleInput, settings: Settings) -> Article:
    raise AssertionError("a chat process with a job queue loaded an article itself")


@asynccontextmanager
async def chat(settings: Settings) -> AsyncIterator[tuple[Service, RedisHandle]]:
    """A chat process's service: it may enqueue, never analyze."""
    handle = connect(settings)
    service = Service(settings, handle.client, make_analyzer(settings), loader=never_here,
                      jobs=JobQueue(settings, handle.client))
    try:
        yield service, handle
    finally:
        await service.close()
        await handle.close()


@asynccontextmanager
async def worker(settings: Settings) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(work(settings, stop=stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def test_a_check_is_analyzed_by_a_worker_and_answered_by_the_chat_process(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    model.responder = slow_model(0.2)  # type: ignore[assignment]
    surface = MemorySurface()
    async with chat(queue_settings) as (service, handle), worker(queue_settings):
        result = await service.check_and_show(TEAM, article(1), ANA, HERE, surface)
        waiting = await handle.client.zcard(keys.JOBS_WAITING)
    assert [c.quote.text for c in result.analysis.claims] == [
        "Ferry line 1 will close its route to Belund next month, officials familiar with "
        "the plan said."]
    assert result.saved and len(model.received) == 1
    assert [m.text for m in surface.messages.values()] == ["1 claims, 0 to verify"]
    assert waiting == 0


async def test_single_flight_holds_across_workers_and_chat_processes(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    model.responder = slow_model(0.5)  # type: ignore[assignment]
    async with (chat(queue_settings) as (one, _), chat(queue_settings) as (two, _),
                worker(queue_settings), worker(queue_settings)):
        results = await asyncio.gather(*(
            service.analyze(article(7)) for service in (one, two, one, two, one, two)))
    assert len(model.received) == 1
    assert {r.analysis.claims[0].quote.text for r in results} == {
        results[0].analysis.claims[0].quote.text}


async def test_a_deep_queue_answers_busy_with_the_checks_place_then_the_analysis(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    settings = queue_settings.model_copy(update={"queue_busy_depth": 1})
    model.responder = slow_model(0.1)  # type: ignore[assignment]
    surfaces = [MemorySurface() for _ in range(3)]
    async with chat(settings) as (service, handle):
        checks: list[asyncio.Task[Any]] = []
        for n, surface in enumerate(surfaces):  # one after another: places 1, 2, 3
            checks.append(asyncio.create_task(
                service.check_and_show(TEAM, article(20 + n), ANA, HERE, surface)))
            deadline = time.monotonic() + 10
            while await handle.client.zcard(keys.JOBS_WAITING) < n + 1:
                assert time.monotonic() < deadline, "the check was not queued"
                await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
        notices = [[m.text for m in s.messages.values()] for s in surfaces]
        async with worker(settings):
            results = await asyncio.gather(*checks)
    assert notices[0] == []
    assert notices[1] == ["factdesk is busy: your check is queued as #2. Its analysis will "
                          "appear here when it is done."]
    assert "queued as #3" in notices[2][0]
    assert all(r.saved for r in results)
    assert [[m.text for m in s.messages.values()][-1] for s in surfaces] == [
        "1 claims, 0 to verify"] * 3


async def test_slack_says_a_queued_check_waits_then_replaces_that_with_the_analysis(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    """Through the real Bolt app: the placeholder reads "queued as #1" (busy depth 0)
    until a worker's analysis replaces it."""
    settings = queue_settings.model_copy(update={"queue_busy_depth": 0})
    model.responder = slow_model(0.2)  # type: ignore[assignment]
    async with chat(settings) as (service, _), slack_scenario(settings, service) as slack:
        assert (await slack.driver.command(article(11))).status == 200
        notice = (await slack.fake.wait_for("chat.update", within=30))[0]
        async with worker(settings):
            updates = await slack.fake.wait_for("chat.update", count=2, within=30)
    placeholder = slack.fake.of("chat.postMessage")[0]
    assert notice["text"].startswith("factdesk is busy: your check is queued as #1.")
    assert {u["ts"] for u in updates} == {placeholder.answer["ts"]}
    assert "Ferry line 11 will close" in json.dumps(updates[1].body)


async def test_a_workers_failure_reaches_the_user_as_it_would_in_process(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    model.queue(Reply(status=500, json=error_body("overloaded")),
                Reply(status=500, json=error_body("overloaded")))
    async with chat(queue_settings) as (service, _), worker(queue_settings):
        with pytest.raises(AnalyzerError) as queued:
            await service.analyze(article(3))
    handle = connect(queue_settings)
    try:
        in_process = Service(queue_settings, handle.client, make_analyzer(queue_settings))
        with pytest.raises(AnalyzerError) as here:
            await in_process.analyze(article(4))
    finally:
        await handle.close()
    assert queued.value.message == here.value.message


async def test_a_stopping_worker_finishes_the_analyses_it_is_running(
        queue_settings: Settings, model: FakeOpenAI) -> None:
    model.responder = slow_model(1.5)  # type: ignore[assignment]
    stop = asyncio.Event()
    async with chat(queue_settings) as (service, _):
        running = asyncio.create_task(work(queue_settings, stop=stop))
        check = asyncio.create_task(service.analyze(article(9)))
        deadline = time.monotonic() + 20
        while not model.received:
            assert time.monotonic() < deadline, "the worker never took the job"
            await asyncio.sleep(0.02)
        stop.set()  # as SIGTERM does, while the model is still thinking
        await asyncio.wait_for(running, 15)
        # no other worker runs: only the stopping worker's own result can answer it
        analyzed = await asyncio.wait_for(check, 2)
    assert analyzed.analysis.claims[0].quote.text.startswith("Ferry line 9 will close")
    assert len(model.received) == 1


# ------------------------------------------------- real worker processes, killed

HANGS = 600.0  # a model answer that never comes while the test runs


class Workers:
    """`factdesk worker` processes on the test's Redis and model."""

    def __init__(self, settings: Settings, model: FakeOpenAI, cwd: Path) -> None:
        assert settings.redis_url is not None
        self.env = {
            "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
            "REDIS_URL": settings.redis_url, "FACTDESK_ANALYZER": "llm",
            "FACTDESK_LLM_BASE_URL": model.base_url, "FACTDESK_LLM_API_KEY": "test",
            "FACTDESK_LLM_MODEL": "test-model", "FACTDESK_LLM_MAX_RETRIES": "0",
            "FACTDESK_JOB_TIMEOUT": str(settings.job_timeout_seconds),
            "FACTDESK_STATE_DIR": str(cwd / "state"), "LOG_LEVEL": "WARNING",
        }
        self.cwd = cwd
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "worker"],
                                   env=self.env, cwd=self.cwd)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def process_settings(queue_settings: Settings) -> Settings:
    """A fresh process's first analysis loads its parts (seconds on a busy machine)."""
    return queue_settings.model_copy(update={"job_timeout_seconds": 8.0})


@pytest.fixture
def workers(process_settings: Settings, model: FakeOpenAI,
            tmp_path: Path) -> Iterator[Workers]:
    made = Workers(process_settings, model, tmp_path)
    yield made
    made.stop_all()


def hang_first(answers_after: int, delay: float) -> object:
    """The model hangs on its first `answers_after` requests, then answers in `delay`."""
    answer = slow_model(delay)

    def respond(request: Received) -> Reply:
        if len(model_requests) < answers_after:
            model_requests.append(request)
            return Reply(status=500, delay=HANGS)
        return answer(request)

    model_requests: list[Received] = []
    return respond


async def requests_reach(model: FakeOpenAI, count: int, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while len(model.received) < count:
        assert time.monotonic() < deadline, f"the model saw {len(model.received)} requests"
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_a_job_whose_worker_dies_is_taken_over_and_answered(
        process_settings: Settings, model: FakeOpenAI, workers: Workers) -> None:
    model.responder = hang_first(1, 0.2)  # type: ignore[assignment]
    first = workers.start()
    async with chat(process_settings) as (service, _):
        check = asyncio.create_task(service.analyze(article(5)))
        await requests_reach(model, 1)  # the first worker is analyzing it
        first.kill()
        workers.start()
        analyzed = await asyncio.wait_for(check, 90)
    assert len(model.received) == 2
    assert analyzed.analysis.claims[0].quote.text.startswith("Ferry line 5 will close")


@pytest.mark.slow
async def test_a_job_lost_twice_is_told_to_the_user(
        process_settings: Settings, model: FakeOpenAI, workers: Workers) -> None:
    if process_settings.redis_url and "+cluster" in process_settings.redis_url:
        pytest.skip("the Cluster's take-over is the test above; this one adds 35 s, not paths")
    model.responder = hang_first(2, 0.2)  # type: ignore[assignment]
    first = workers.start()
    async with chat(process_settings) as (service, _):
        check = asyncio.create_task(service.analyze(article(6)))
        await requests_reach(model, 1)
        first.kill()
        second = workers.start()
        await requests_reach(model, 2)  # taken over by the second worker
        second.kill()
        workers.start()
        with pytest.raises(JobLostError):
            await asyncio.wait_for(check, 90)
    assert len(model.received) == 2  # never a third analysis


def test_factdesk_worker_needs_redis_url_and_a_sensible_concurrency(
        cli_env: dict[str, str]) -> None:
    no_redis = factdesk("worker", env=cli_env)
    assert no_redis.returncode == 2
    assert "REDIS_URL" in no_redis.stderr and "Traceback" not in no_redis.stderr
    zero = factdesk("worker", "--concurrency", "0", env={**cli_env, "REDIS_URL": "redis://x"})
    assert zero.returncode == 2
    assert "1 or more" in zero.stderr
