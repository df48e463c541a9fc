"""Fixtures shared by all tests: a real Redis server and a real local HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot import embedded_redis
from bot.analyzers.rules import RulesAnalyzer
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import Settings
from tests.support.cli import cli_environment
from tests.support.embedded import stop_all
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_cluster import RedisCluster
from tests.support.redis_server import RedisServer
from tests.support.slack_signing import Scenario, slack_scenario

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def no_embedded_redis_left(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Whatever a test left running under the session's temp folder is stopped at the end."""
    yield
    stop_all(tmp_path_factory.getbasetemp())


def stop_embedded(state_dir: Path) -> None:
    """Stop the embedded Redis of a test's state folder, if one was started there."""
    if (state_dir / embedded_redis.SERVER_LOCK).exists():
        embedded_redis.stop(state_dir)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A real 3-master Redis Cluster, started the first time a test asks for it."""
    cluster = RedisCluster(tmp_path_factory.mktemp("cluster"))
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["single", pytest.param("cluster", marks=pytest.mark.cluster)])
def redis_url(request: pytest.FixtureRequest, redis_server: RedisServer) -> str:
    """A clean database on the session's Redis server, and then (marked `cluster`) on the
    session's Redis Cluster: every test that reaches Redis this way runs on both."""
    if request.param == "cluster":
        cluster: RedisCluster = request.getfixturevalue("redis_cluster")
        cluster.flush()
        return cluster.url
    if redis_server.process is None:  # a test stopped it
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis server of the test's own, for tests that stop, fill or demote it."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def own_service(settings: Settings, own_redis: RedisServer) -> AsyncIterator[Service]:
    """The service with the rules engine on `own_redis`."""
    settings = settings.model_copy(update={"redis_url": own_redis.url})
    made = connect(settings)
    yield Service(settings, made.client, RulesAnalyzer())
    await made.close()


@pytest.fixture
def http_server() -> Iterator[LocalHTTPServer]:
    server = LocalHTTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings for tests: no .env, no model, loopback allowed for the local servers."""
    monkeypatch.chdir(tmp_path)
    for name in ("REDIS_URL", "FACTDESK_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield Settings(
        state_dir=tmp_path / "state",
        fetch_allow="127.0.0.1",
        fetch_timeout_seconds=5.0,
    )
    stop_embedded(tmp_path / "state")


@pytest.fixture
def redis_settings(settings: Settings, redis_url: str) -> Settings:
    return settings.model_copy(update={"redis_url": redis_url})


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a user's `factdesk` process: no keys, embedded Redis in tmp
    (stopped after the test)."""
    env = cli_environment(tmp_path)
    yield env
    stop_embedded(Path(env["FACTDESK_STATE_DIR"]))


@pytest.fixture
async def handle(redis_settings: Settings) -> AsyncIterator[RedisHandle]:
    """A client of the tests' Redis server, closed after the test."""
    made = connect(redis_settings)
    yield made
    await made.close()


@pytest.fixture
def service(redis_settings: Settings, handle: RedisHandle) -> Service:
    """The service with the offline rules engine, on the tests' Redis."""
    return Service(redis_settings, handle.client, RulesAnalyzer())


@pytest.fixture
async def slack(redis_settings: Settings, service: Service) -> AsyncIterator[Scenario]:
    """The real Bolt app over HTTP against the fake Slack Web API, on the rules engine."""
    async with slack_scenario(redis_settings, service) as scenario:
        yield scenario
