"""The Redis connection: a server from `REDIS_URL`, or the embedded one of the state folder.

The embedded server (`bot.embedded_redis`) keeps its data file in `FACTDESK_STATE_DIR`
and is shared by every command using that folder, so a second run on the same machine
finds the first run's cache and its server already up. The client is `redis.asyncio` with a pool,
short connect timeouts (a dead Redis is noticed in about a second, not a minute) and
automatic reconnection: every command takes a connection anew from the pool.

A `redis+cluster://` (or `rediss+cluster://`) URL names any one node of a Redis Cluster:
the client is then redis-py's `RedisCluster`, which finds the other nodes and sends each
command to the node of its key's slot. Every multi-key command and transaction factdesk
makes stays inside one hash slot (a team's `fd:{platform:team}` tag, or one key), so
the same code runs on either (`bot.keys` says which keys go together).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import (
    MasterDownError,
    OutOfMemoryError,
    ReadOnlyError,
    ResponseError,
)
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.embedded_redis import Embedded, EmbeddedError, join
from bot.errors import ConfigError
from bot.settings import Settings

log = logging.getLogger(__name__)

#: What "Redis is unreachable" looks like to redis-py (BusyLoadingError, a server still
#: loading its data, is a ConnectionError; MASTERDOWN, a replica refusing even reads).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError, MasterDownError)

#: What "this Redis answers but cannot take writes" looks like: full (maxmemory reached
#: with noeviction: OOM) or a read-only replica (READONLY).
UNWRITABLE = (OutOfMemoryError, ReadOnlyError)

#: Error codes meaning the same for which redis-py has no class: the data file cannot
#: be written (MISCONF, `stop-writes-on-bgsave-error`) or too few replicas (NOREPLICAS).
_UNWRITABLE_CODES = ("MISCONF", "NOREPLICAS")


class StorageFault(enum.Enum):
    """Why Redis could not serve a command; either way a check is answered uncached."""

    UNAVAILABLE = "redis_unavailable"  # unreachable
    UNWRITABLE = "redis_unwritable"  # reachable, but full or read-only


def storage_fault(exc: BaseException) -> StorageFault | None:
    """The storage fault `exc` reports, or None when it is something else (a bug)."""
    if isinstance(exc, UNAVAILABLE):
        return StorageFault.UNAVAILABLE
    if isinstance(exc, UNWRITABLE):
        return StorageFault.UNWRITABLE
    if type(exc) is ResponseError:
        # An unknown code stays the message's first word; in a pipeline redis-py quotes
        # the message after "Command # n (…) of pipeline caused error: ".
        reply = str(exc).rpartition("caused error: ")[2].lstrip("(\"'")
        if reply.startswith(_UNWRITABLE_CODES):
            return StorageFault.UNWRITABLE
    return None


@contextlib.contextmanager
def ignoring_storage_faults() -> Iterator[None]:
    """Run a best-effort Redis call: storage faults are swallowed, bugs are not."""
    try:
        yield
    except Exception as exc:
        if storage_fault(exc) is None:
            raise

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


async def release_lock(client: aioredis.Redis, key: str, token: str) -> bool:
    """Delete the lock `key` only if it still holds `token` (ours): a lock that expired
    and was taken by someone else is theirs to release. True if it was ours."""
    return bool(await client.eval(_RELEASE, 1, key, token))

_CLIENT_OPTIONS: dict[str, Any] = {
    "socket_connect_timeout": 1.0,
    "socket_timeout": 5.0,
    "health_check_interval": 15,
    "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=1),
    "decode_responses": False,
}


@dataclass
class RedisHandle:
    """An async client and, when embedded, this process's use of the shared server."""

    client: aioredis.Redis
    embedded: Embedded | None = None
    description: str = ""
    _closed: bool = field(default=False, repr=False)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self.client.aclose()
        if self.embedded is not None:
            self.embedded.release()  # the server stops by itself once idle


CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}


def cluster_node_url(url: str) -> str | None:
    """The plain URL of the node a cluster URL names, or None when `url` is no cluster's."""
    scheme, sep, rest = url.partition("://")
    plain = CLUSTER_SCHEMES.get(scheme.lower())
    return f"{plain}{sep}{rest}" if plain and sep else None


def connect(settings: Settings) -> RedisHandle:
    """A client for `settings.redis_url`, or for the state folder's embedded server
    (started now if none runs). `ConfigError` when neither can be used."""
    if settings.redis_url:
        node = cluster_node_url(settings.redis_url)
        try:
            client = (_cluster(node) if node is not None
                      else aioredis.Redis.from_url(settings.redis_url, **_CLIENT_OPTIONS))
        except ValueError:
            raise ConfigError(
                "REDIS_URL is not a Redis address: give redis://host:6379/0, "
                "rediss://… or unix:///path/to/redis.sock, or unset it for the embedded Redis."
            ) from None
        return RedisHandle(client=client, description=_describe(settings.redis_url))
    return _embedded(settings.state_dir, settings.embedded_idle_seconds)


class _Cluster(RedisCluster):
    """redis-py's cluster client, but for WATCHed transactions (`Desk._update`).

    redis-py runs a cluster transaction's WATCHed reads in a thread with an event loop of
    its own, on connections and locks of this loop: it fails as soon as the client
    refreshes its view of the cluster. Every transaction of factdesk keeps to one slot, so
    it runs instead on a plain client of the node that holds that slot, where WATCH and
    MULTI are Redis's own. A slot that moved meanwhile answers MOVED (the caller's retry
    finds the new node, as the cluster client learns it).
    """

    _node_clients: dict[str, aioredis.Redis]

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        # Many first commands at once on a client that has not yet learned the cluster's
        # nodes leave some on connections closed under them (redis-py 8.1): one learns
        # them, the others wait.
        if self._initialize:
            lock = self.__dict__.setdefault("_first_lock", asyncio.Lock())
            async with lock:
                await self.initialize()
        return await super().execute_command(*args, **kwargs)

    async def transaction(self, func: Any, *watches: Any, **kwargs: Any) -> Any:
        await self.initialize()
        node = self.get_node_from_key(watches[0])
        if node is None:
            raise RedisConnectionError("no node holds the slot of this transaction")
        clients = self.__dict__.setdefault("_node_clients", {})
        client = clients.get(node.name)
        if client is None:
            pool = aioredis.ConnectionPool(connection_class=node.connection_class,
                                           **node.connection_kwargs)
            client = clients[node.name] = aioredis.Redis(connection_pool=pool)
        return await client.transaction(func, *watches, **kwargs)

    async def aclose(self, *args: Any, **kwargs: Any) -> None:
        for client in self.__dict__.get("_node_clients", {}).values():
            await client.aclose()
        await super().aclose(*args, **kwargs)


def _cluster(node_url: str) -> aioredis.Redis:
    """A Redis Cluster client. Typed as the plain client: both have the commands and
    pipelines factdesk uses, and every call keeps to one slot (see the module's doc)."""
    options = {k: v for k, v in _CLIENT_OPTIONS.items() if k != "health_check_interval"}
    cluster = _Cluster.from_url(node_url, **options)
    return cast(aioredis.Redis, cluster)


def _embedded(state_dir: Path, idle_seconds: float) -> RedisHandle:
    try:
        server = join(state_dir, idle_seconds)
    except EmbeddedError as exc:
        raise ConfigError(exc.message) from None
    client = aioredis.Redis(unix_socket_path=str(server.socket), **_CLIENT_OPTIONS)
    log.debug("embedded redis at %s", server.socket)
    return RedisHandle(client=client, embedded=server,
                       description=f"embedded ({server.state_dir})")


def _describe(url: str) -> str:
    """The URL without its password, for logs."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"
