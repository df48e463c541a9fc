"""Run one analysis per cache key, however many checks of it arrive at once.

Within a process, concurrent callers of one key share one future. Across processes, a
Redis lock (SET NX with a short expiry, kept alive by the leader while it works) elects
one leader; the others poll for the cached result. If the leader fails, it records its
failure under the lock's token before releasing the lock, so followers get its error
promptly. A crashed leader stops renewing its lock, which then expires within
`lock_ttl` seconds and the next caller takes over.

When Redis is unreachable, or answers but cannot take writes (full, read-only), the work
still runs (once per process), uncached, with one warning per outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import redis.asyncio as aioredis

from bot import errors, keys
from bot.cache import AnalysisCache
from bot.models import Analysis, CacheState
from bot.ops import metrics
from bot.redis_conn import StorageFault, ignoring_storage_faults, release_lock, storage_fault

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[Analysis]]

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


class LeaderFailedError(Exception):
    """Another process analyzing the same article failed for a reason of ours (logged there)."""


@dataclass(frozen=True)
class Outcome:
    analysis: Analysis
    state: CacheState


class SingleFlight:
    def __init__(
        self,
        client: aioredis.Redis,
        cache: AnalysisCache,
        wait_seconds: float,
        lock_ttl: float = 10.0,
        poll_interval: float = 0.05,
        namespace: str = "",
    ) -> None:
        """`namespace` keeps this flight's lock and failure record apart from another
        flight's on the same cache keys (the chat processes' on a queued analysis)."""
        self._client = client
        self._namespace = namespace
        self._cache = cache
        self._wait = wait_seconds
        self._lock_ttl_ms = int(lock_ttl * 1000)
        self._poll = poll_interval
        self._inflight: dict[str, asyncio.Future[Outcome]] = {}
        self._degraded = False

    async def run(self, key: str, work: Work, refresh: bool = False) -> Outcome:
        """The analysis for `key`: from the cache, from a leader, or made here."""
        shared = self._inflight.get(key)
        if shared is not None:
            return await asyncio.shield(shared)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            outcome = await self._across_processes(key, work, refresh)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters, if any, still receive it
            raise
        else:
            future.set_result(outcome)
            return outcome
        finally:
            del self._inflight[key]

    async def _across_processes(self, key: str, work: Work, refresh: bool) -> Outcome:
        try:
            return await self._lead_or_follow(key, work, refresh)
        except _RedisLost as lost:
            metrics.count_error(lost.fault.value)
            self._warn_degraded(lost)
            analysis = lost.result if lost.result is not None else await work()
            return Outcome(analysis, CacheState.UNAVAILABLE)

    async def _lead_or_follow(self, key: str, work: Work, refresh: bool) -> Outcome:
        deadline = time.monotonic() + self._wait
        lock = keys.lock_key(key + self._namespace)
        while True:
            token = secrets.token_hex(8)
            with _storage_lost():
                if not refresh:
                    cached = await self._cache.get(key)
                    if cached is not None:
                        return Outcome(cached, CacheState.HIT)  # a read: a full Redis serves it
                acquired = await self._client.set(lock, token, nx=True, px=self._lock_ttl_ms)
                holder = None if acquired else await self._client.get(lock)
            self._recovered()  # SET NX answered (even when not acquired): writes are taken
            if acquired:
                return await self._lead(key, lock, token, work, refresh)
            if holder is None:
                continue  # the leader just finished or failed: look again
            outcome = await self._follow(key, lock, holder, deadline)
            if outcome is not None:
                return outcome
            refresh = False  # the leader is gone; its replacement's answer is fresh enough
            if time.monotonic() > deadline:
                raise errors.CheckError(
                    "Another check of this article is taking too long. Try again in a minute."
                )

    async def _lead(self, key: str, lock: str, token: str, work: Work, refresh: bool) -> Outcome:
        renewer = asyncio.create_task(self._keep_lock(lock, token))
        try:
            analysis = await work()
        except BaseException as exc:
            renewer.cancel()
            await self._record_failure(key, token, exc)
            await self._release(lock, token)
            raise
        renewer.cancel()
        with _storage_lost(analysis):
            await self._cache.put(key, analysis)
            await release_lock(self._client, lock, token)
        return Outcome(analysis, CacheState.REFRESHED if refresh else CacheState.STORED)

    async def _follow(
        self, key: str, lock: str, holder: bytes | str, deadline: float
    ) -> Outcome | None:
        """Wait for the leader holding `holder`: its result, its error, or its absence."""
        failure = keys.failure_key(key + self._namespace)
        interval = self._poll
        while time.monotonic() < deadline:
            await asyncio.sleep(interval)
            interval = min(interval * 1.5, 0.25)
            with _storage_lost():
                cached = await self._cache.get(key)
                if cached is not None:
                    return Outcome(cached, CacheState.HIT)
                failed = await self._client.get(failure)
                current = await self._client.get(lock)
            if failed is not None:
                _raise_if_from(failed, holder)
            if current != holder:
                return None
        return None

    async def _keep_lock(self, lock: str, token: str) -> None:
        while True:
            await asyncio.sleep(self._lock_ttl_ms / 3000)
            try:
                await self._client.eval(_RENEW, 1, lock, token, self._lock_ttl_ms)
            except Exception as exc:
                if storage_fault(exc) is None:
                    raise
                return

    async def _record_failure(self, key: str, token: str, exc: BaseException) -> None:
        if isinstance(exc, asyncio.CancelledError):
            return
        message = exc.message if isinstance(exc, errors.CheckError) else None
        record = {"token": token, "error": type(exc).__name__, "message": message}
        with ignoring_storage_faults():
            await self._client.set(keys.failure_key(key + self._namespace), json.dumps(record),
                                   ex=30)

    async def _release(self, lock: str, token: str) -> None:
        with ignoring_storage_faults():
            await release_lock(self._client, lock, token)

    def _warn_degraded(self, lost: _RedisLost) -> None:
        if not self._degraded:
            self._degraded = True
            why = ("unreachable" if lost.fault is StorageFault.UNAVAILABLE
                   else "refusing writes (full or read-only)")
            log.warning("redis %s (%s): analyzing without the cache", why,
                        type(lost.cause).__name__)

    def _recovered(self) -> None:
        if self._degraded:
            self._degraded = False
            log.info("redis taking writes again: cache in use")


class _RedisLost(Exception):
    def __init__(self, cause: BaseException, fault: StorageFault,
                 result: Analysis | None = None) -> None:
        super().__init__(type(cause).__name__)
        self.cause = cause
        self.fault = fault
        self.result = result


@contextlib.contextmanager
def _storage_lost(result: Analysis | None = None) -> Iterator[None]:
    """Turn a storage fault (unreachable, full, read-only) into `_RedisLost`."""
    try:
        yield
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        raise _RedisLost(exc, fault, result) from exc


def _raise_if_from(failed: bytes | str, holder: bytes | str) -> None:
    try:
        record = json.loads(failed)
    except ValueError:
        return
    if record.get("token") != (holder.decode() if isinstance(holder, bytes) else holder):
        return  # an older leader's failure
    message = record.get("message")
    if message:
        raise errors.rebuilt(record.get("error"), message)
    raise LeaderFailedError(f"the leader failed with {record.get('error')}")
