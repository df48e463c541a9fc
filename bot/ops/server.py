"""A small aiohttp server beside each chat process: /healthz and /metrics.

The Slack app and the Discord bot each call `start_ops_server` once at start and
`close()` at shutdown. It runs on the process's own event loop, so /healthz sees the
same Redis client the checks use. Nothing it serves contains secrets or article text:
health is three words, metrics are counts with bounded labels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis.asyncio as aioredis
from aiohttp import web

from bot.ops import metrics
from bot.ops.health import Ping, check_health
from bot.ops.probe import url_host
from bot.redis_conn import RedisHandle
from bot.service import Service
from bot.settings import Settings, env_name

log = logging.getLogger(__name__)

#: With no address set and none from the bot: in a container the server must listen
#: beyond loopback for Prometheus to reach it. It serves no secrets; compose does not
#: publish the port to the host.
ALL_INTERFACES = "0.0.0.0"  # noqa: S104

_PING: web.AppKey[Ping] = web.AppKey("redis_ping")
#: A key that never exists: asking its TTL is a cheap round trip through a service's pool.
HEALTH_KEY = "factdesk:healthz"
_CONNECTED: web.AppKey[Callable[[], bool]] = web.AppKey("platform_connected")


class OpsServer:
    """The running server (or none, when no port is configured); `close()` stops it."""

    def __init__(self, runner: web.AppRunner | None, host: str, port: int | None) -> None:
        self._runner = runner
        self.host = host
        self.port = port

    @property
    def url(self) -> str | None:
        if self._runner is None or self.port is None:
            return None
        return f"http://{url_host(self.host)}:{self.port}"

    async def close(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()


def make_app(ping: Ping, platform_connected: Callable[[], bool]) -> web.Application:
    app = web.Application()
    app[_PING] = ping
    app[_CONNECTED] = platform_connected
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    return app


async def start_ops_server(
    settings: Settings,
    redis: aioredis.Redis | RedisHandle | Service,
    platform_connected: Callable[[], bool],
    host: str | None = None,
) -> OpsServer:
    """Serve /healthz and /metrics on `settings.metrics_port` (0: any free port).

    The address is FACTDESK_METRICS_HOST when set; else `host`, the address the bot
    itself listens on (the Slack app's --host in HTTP mode), so a bot kept on loopback
    keeps its metrics there too; else every interface.
    `redis` is what the process already has: the client, the `RedisHandle`, or the
    `Service` (then Redis is asked through the service's own connection pool, the one
    checks use). `platform_connected` is called on every /healthz request; the platform
    process passes something cheap, e.g. `lambda: not bot.is_closed()`.
    """
    host = settings.metrics_host or host or ALL_INTERFACES
    if settings.metrics_port is None:
        log.info("health and metrics not served: %s is not set", env_name("metrics_port"))
        return OpsServer(None, host, None)
    runner = web.AppRunner(make_app(_pinger(redis), platform_connected), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, settings.metrics_port)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        raise
    port = _bound_port(runner, settings.metrics_port)
    log.info("health and metrics on %s:%d (/healthz, /metrics)", host, port)
    return OpsServer(runner, host, port)


def _pinger(redis: aioredis.Redis | RedisHandle | Service) -> Ping:
    if isinstance(redis, Service):
        cache = redis.cache
        return lambda: cache.ttl(HEALTH_KEY)
    client = redis.client if isinstance(redis, RedisHandle) else redis
    return client.ping


async def _healthz(request: web.Request) -> web.Response:
    health = await check_health(request.app[_PING], request.app[_CONNECTED])
    return web.json_response(health.as_json(), status=health.http_status,
                             headers={"Cache-Control": "no-store"})


async def _metrics(request: web.Request) -> web.Response:
    body = metrics.render()
    response = web.Response(body=body)
    response.headers["Content-Type"] = metrics.CONTENT_TYPE
    return response


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    """The actual port: the one asked for, or the one the OS chose for port 0."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked
