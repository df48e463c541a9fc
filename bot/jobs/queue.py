"""The analysis job: what a chat process sends (`JobQueue.analyze`) and what a worker
runs for it (`JobRunner.run`), as one taskiq task.

A job's answer is JSON: the analysis and its cache key; or a `CheckError`'s class and
message, rebuilt in the chat process so the user reads what they would have read
in-process; or a reference to a worker's log line for a fault of ours; or "lost" when
the job's worker died a second time.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol

import redis.asyncio as aioredis
from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, Context, TaskiqDepends
from taskiq.exceptions import TaskiqResultTimeoutError

from bot import errors, keys
from bot.errors import CheckError
from bot.jobs.broker import make_broker
from bot.models import Analysis
from bot.settings import Settings

log = logging.getLogger(__name__)

TASK_NAME = "factdesk.analyze"
MAX_TRIES = 2  # the first worker, and one other after it died
QUEUE_PATIENCE_SECONDS = 120.0  # a check waits this long for a worker, beyond its tries
POLL_SECONDS = 0.5  # how often a waiting chat process looks for its job's result

Queued = Callable[[int], Awaitable[None]]  # told the check's place when the queue is deep


class JobLostError(CheckError):
    def __init__(self) -> None:
        super().__init__(
            "The analysis stopped twice: the worker running it went away, and so did the "
            "one that took it over. Try again in a few minutes; if it happens again, tell "
            "whoever runs factdesk."
        )


class JobTimeoutError(CheckError):
    def __init__(self) -> None:
        super().__init__(
            "The analysis queue did not answer in time (factdesk's workers may be down or "
            "very busy). Try again in a few minutes."
        )


class JobFailedError(Exception):
    """A worker failed for a reason of ours; its log line carries `reference`."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"the worker failed (reference {reference})")
        self.reference = reference


class Analyze(Protocol):
    """What a worker runs: the in-process analysis (`Service.analyze`)."""

    async def __call__(self, raw: str, refresh: bool) -> tuple[str, Analysis]: ...


def idle_seconds(settings: Settings) -> float:
    """How long a taken job may go unacknowledged before another worker takes it: its
    timeout (a live worker has stopped it by then) and as much again, 10 s at most."""
    timeout = settings.job_timeout_seconds
    return timeout + min(timeout, 10.0)


def idle_ms(settings: Settings) -> int:
    return int(idle_seconds(settings) * 1000)


def register_task(broker: AsyncBroker) -> AsyncTaskiqDecoratedTask[..., dict[str, Any]]:
    """The analysis task on `broker`; a worker finds its `JobRunner` in the broker's state."""

    async def analyze(raw: str, refresh: bool,
                      context: Annotated[Context, TaskiqDepends()]) -> dict[str, Any]:
        runner: JobRunner = context.state.runner
        return await runner.run(context.message.task_id, raw, refresh)

    task: AsyncTaskiqDecoratedTask[..., dict[str, Any]] = broker.task(
        task_name=TASK_NAME)(analyze)  # type: ignore[arg-type]  # taskiq fills `context`
    return task


class JobQueue:
    """A chat process's side: send an analysis to the workers and wait for it."""

    def __init__(self, settings: Settings, client: aioredis.Redis) -> None:
        settings.require("redis_url")
        assert settings.redis_url is not None
        self._client = client
        self._busy_depth = settings.queue_busy_depth
        # a job may wait behind others, be taken, lost and taken again (each time after
        # its idle time): this long at most, then the user is told
        self._wait = QUEUE_PATIENCE_SECONDS + idle_seconds(settings) * (MAX_TRIES + 1)
        self.broker = make_broker(settings.redis_url, idle_ms(settings))
        self._task = register_task(self.broker)
        self._started = False
        self._starting = asyncio.Lock()

    async def _start(self) -> None:
        async with self._starting:
            if not self._started:
                await self.broker.startup()
                self._started = True

    async def close(self) -> None:
        if self._started:
            await self.broker.shutdown()
            self._started = False

    async def analyze(self, raw: str, refresh: bool, queued: Queued | None = None
                      ) -> tuple[str, Analysis]:
        """The analysis's cache key and the analysis, made by a worker."""
        await self._start()
        job_id = uuid.uuid4().hex
        now = time.time()
        async with self._client.pipeline(transaction=True) as pipe:
            # entries of chat processes that died before their job was taken expire
            pipe.zremrangebyscore(keys.JOBS_WAITING, "-inf", now - self._wait)
            pipe.zadd(keys.JOBS_WAITING, {job_id: now})
            pipe.zcard(keys.JOBS_WAITING)
            *_, position = await pipe.execute()
        try:
            task = await self._task.kicker().with_task_id(job_id).kiq(raw, refresh)
        except BaseException:
            await self._client.zrem(keys.JOBS_WAITING, job_id)
            raise
        log.info("analysis queued as job %s (#%d)", job_id, position)
        if queued is not None and position > self._busy_depth:
            try:
                await queued(int(position))
            except Exception as exc:  # only a notice: the check goes on
                log.warning("could not say the check is queued as #%d (%s)", position,
                            type(exc).__name__)
        try:
            result = await task.wait_result(check_interval=POLL_SECONDS, timeout=self._wait)
        except TaskiqResultTimeoutError:
            await self._client.zrem(keys.JOBS_WAITING, job_id)
            raise JobTimeoutError() from None
        if result.is_err:  # the task itself broke (taskiq says so): ours
            raise JobFailedError(f"taskiq:{job_id}")
        return decode(result.return_value)


class JobRunner:
    """A worker's side: run one job with the worker's in-process analysis."""

    def __init__(self, client: aioredis.Redis, analyze: Analyze, settings: Settings) -> None:
        self._client = client
        self._analyze = analyze
        self._timeout = settings.job_timeout_seconds
        self._tries_ttl = int(QUEUE_PATIENCE_SECONDS + idle_seconds(settings) * (MAX_TRIES + 2))

    async def run(self, job_id: str, raw: str, refresh: bool) -> dict[str, Any]:
        await self._client.zrem(keys.JOBS_WAITING, job_id)
        tries_key = keys.job_tries(job_id)
        tries = int(await self._client.incr(tries_key))
        await self._client.expire(tries_key, self._tries_ttl)
        if tries > MAX_TRIES:
            log.warning("job %s lost twice (its workers died); telling the user", job_id)
            return {"lost": True}
        if tries > 1:
            log.warning("job %s taken over after its worker died (try %d)", job_id, tries)
        try:
            async with asyncio.timeout(self._timeout):
                key, analysis = await self._analyze(raw, refresh)
        except CheckError as exc:
            return {"error": type(exc).__name__, "message": exc.message}
        except TimeoutError:
            log.warning("job %s: analysis took longer than %.0f s", job_id, self._timeout)
            return {"error": "AnalyzerError", "message": (
                "The analysis took too long and was stopped. Try again in a few minutes.")}
        except Exception as exc:
            reference = errors.new_correlation_id()
            log.error("job %s failed (reference %s)", job_id, reference, exc_info=exc)
            return {"failed": reference}
        return {"key": key, "analysis": analysis.model_dump(mode="json")}


def decode(answer: Any) -> tuple[str, Analysis]:
    """A job's answer as the chat process uses it; its failures raised as they were."""
    if not isinstance(answer, dict):
        raise JobFailedError("malformed")
    if answer.get("lost"):
        raise JobLostError()
    if "message" in answer:
        raise errors.rebuilt(answer.get("error"), str(answer["message"]))
    if "failed" in answer:
        raise JobFailedError(str(answer["failed"]))
    return str(answer["key"]), Analysis.model_validate(answer["analysis"])
