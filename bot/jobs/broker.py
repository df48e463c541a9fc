"""The taskiq broker and result backend for the analysis queue, on one Redis or a Cluster.

A Redis stream (`bot.keys.JOB_STREAM`) read by one consumer group: a worker takes one
message at a time (fair shares between workers), acknowledges it once its result is
saved, and takes over any message another worker took but left unacknowledged for
`idle` (its worker died): XAUTOCLAIM. taskiq-redis's stream brokers are used as they
are but for `listen`: theirs reads batches (one worker would take a burst's jobs ahead
of the others) and reclaims lost messages late (one Redis) or never (Cluster). Every
command names one key, under the queue's hash tag.
Results are JSON (never pickle: Redis's contents are not code to run).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis
from taskiq import AckableMessage, AsyncBroker
from taskiq.serializers import JSONSerializer
from taskiq_redis import (
    RedisAsyncClusterResultBackend,
    RedisAsyncResultBackend,
    RedisStreamBroker,
    RedisStreamClusterBroker,
)

from bot import keys
from bot.redis_conn import cluster_node_url

GROUP = "factdesk-workers"
BLOCK_MS = 1000  # how long one read waits for a message before looking for lost ones
RECLAIM_BATCH = 4  # lost messages one worker takes over at a time
RESULT_SECONDS = 3600  # a job's result is kept this long for its chat process
STREAM_MAXLEN = 100_000  # old, acknowledged messages are trimmed past this


class _Stream(Protocol):
    """What the two taskiq-redis stream brokers share and `_messages` reads."""

    queue_name: str
    consumer_group_name: str
    consumer_name: str
    block: int

    def _ack_generator(self, id: str, queue_name: str) -> Callable[[], Awaitable[None]]: ...


async def _messages(redis: Any, broker: _Stream, idle_ms: int
                    ) -> AsyncGenerator[AckableMessage, None]:
    """One new message at a time; between reads, messages left unacknowledged for
    `idle_ms` by a worker that died (taskiq-redis looks for those only after a read that
    found new messages, so a lost job on a quiet queue would wait for the next one)."""
    while True:
        fetched: Any = await redis.xreadgroup(
            broker.consumer_group_name, broker.consumer_name, {broker.queue_name: ">"},
            count=1, block=broker.block, noack=False,
        )
        for stream, messages in fetched or []:
            for message_id, fields in messages:
                yield AckableMessage(data=fields[b"data"],
                                     ack=broker._ack_generator(message_id, stream))
        claimed: Any = await redis.xautoclaim(
            broker.queue_name, broker.consumer_group_name, broker.consumer_name,
            min_idle_time=idle_ms, count=RECLAIM_BATCH,
        )
        for message_id, fields in claimed[1]:
            if fields:  # trimmed away meanwhile: nothing to run
                yield AckableMessage(data=fields[b"data"],
                                     ack=broker._ack_generator(message_id, broker.queue_name))


class ReclaimingBroker(RedisStreamBroker):
    """taskiq-redis's stream broker on one Redis, read by `_messages`."""

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        async with Redis(connection_pool=self.connection_pool) as redis:
            async for message in _messages(redis, self, self.idle_timeout):
                yield message


class ReclaimingClusterBroker(RedisStreamClusterBroker):
    """taskiq-redis's stream broker on a Redis Cluster, read by `_messages`."""

    def __init__(self, url: str, idle_ms: int, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.idle_ms = idle_ms

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        async for message in _messages(self.redis, self, self.idle_ms):
            yield message


def make_broker(redis_url: str, idle_ms: int) -> AsyncBroker:
    """The broker, with its result backend, for `redis_url` (a cluster's or not)."""
    node = cluster_node_url(redis_url)
    common: dict[str, Any] = {
        "queue_name": keys.JOB_STREAM, "consumer_group_name": GROUP, "consumer_id": "0",
        "xread_block": BLOCK_MS, "maxlen": STREAM_MAXLEN,
    }
    results: dict[str, Any] = {
        "result_ex_time": RESULT_SECONDS, "serializer": JSONSerializer(),
        "prefix_str": keys.JOB_RESULTS,
    }
    if node is not None:
        broker: AsyncBroker = ReclaimingClusterBroker(node, idle_ms, **common)
        return broker.with_result_backend(RedisAsyncClusterResultBackend(node, **results))
    broker = ReclaimingBroker(redis_url, idle_timeout=idle_ms, **common)
    return broker.with_result_backend(RedisAsyncResultBackend(redis_url, **results))
