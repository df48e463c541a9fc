"""A Redis that answers but cannot take writes: full (maxmemory, noeviction), a read-only
replica of a missing master, a data file it cannot write (MISCONF). Checks are answered
uncached with one warning, verdicts are refused plainly, and the CLI prints its analysis."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from redis.exceptions import ResponseError

from bot.errors import StorageUnavailableError
from bot.models import CacheState
from bot.records import Actor, ClaimStatus, Place, Team
from bot.redis_conn import StorageFault, storage_fault
from bot.service import Service
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.cli import factdesk
from tests.support.redis_server import RedisServer, free_port

TEAM = Team(platform="discord", id="G1")
ANA = Actor(id="U1", name="Ana")
WHERE = Place(channel="C1")


def command(server: RedisServer, *words: str) -> bytes:
    """One command to the server, RESP-encoded; its raw reply."""
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(b"".join(parts))
        return sock.recv(4096)


def make_full(server: RedisServer) -> None:
    assert command(server, "CONFIG", "SET", "maxmemory-policy", "noeviction").startswith(b"+OK")
    assert command(server, "CONFIG", "SET", "maxmemory", "1").startswith(b"+OK")


def make_read_only(server: RedisServer) -> None:
    # a replica of a master that is not there: it keeps its data, serves reads, refuses writes
    assert command(server, "REPLICAOF", "127.0.0.1", str(free_port())).startswith(b"+OK")


def make_misconf(server: RedisServer) -> None:
    # a data directory it cannot write: the next BGSAVE fails, then writes are refused
    # (stop-writes-on-bgsave-error applies once save points are set)
    assert command(server, "CONFIG", "SET", "save", "3600 1").startswith(b"+OK")
    assert command(server, "CONFIG", "SET", "dir", "/proc/sys").startswith(b"+OK")
    command(server, "BGSAVE")
    for _ in range(200):
        if b"rdb_last_bgsave_status:err" in command(server, "INFO", "persistence"):
            return
        time.sleep(0.01)
    raise AssertionError("BGSAVE did not fail")


def heal(server: RedisServer) -> None:
    command(server, "CONFIG", "SET", "maxmemory", "0")
    command(server, "REPLICAOF", "NO", "ONE")


BREAKERS: dict[str, Callable[[RedisServer], None]] = {
    "full": make_full, "read-only": make_read_only,
}


@pytest.mark.parametrize("state", list(BREAKERS))
async def test_checks_answered_uncached_and_verdicts_refused(
    state: str, own_redis: RedisServer, own_service: Service,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service = own_service
    before = await service.check(TEAM, HARBOUR, ANA, WHERE)
    claim_id = before.flagged[0].claim.id

    BREAKERS[state](own_redis)
    with caplog.at_level(logging.WARNING):
        first = await service.check(TEAM, SCHOOLS, ANA, WHERE)
        again = await service.check(TEAM, SCHOOLS, ANA, WHERE)
        cached = await service.check(TEAM, HARBOUR, ANA, WHERE)
        fresh = await service.check(TEAM, SCHOOLS.replace("three", "four"), ANA, WHERE)
    for result in (first, again, fresh):
        assert result.analysis.claims, "the check is still answered"
        assert result.analysis.engine.cache is CacheState.UNAVAILABLE
        assert not result.saved
        assert result.notice is not None and "full or read-only" in result.notice
    assert cached.analysis.engine.cache is CacheState.HIT, "reads still work"
    assert not cached.saved
    warnings = [r for r in caplog.records if "without the cache" in r.getMessage()]
    assert len(warnings) == 1, "one warning per outage, not one per check"
    assert "full or read-only" in warnings[0].getMessage()

    with pytest.raises(StorageUnavailableError) as refused:
        await service.set_verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA)
    assert "NOT saved" in refused.value.message
    assert "full or read-only" in refused.value.message
    assert (await service.claim(TEAM, claim_id)).status is ClaimStatus.OPEN

    heal(own_redis)
    back = await service.check(TEAM, SCHOOLS, ANA, WHERE)
    assert back.saved
    assert back.analysis.engine.cache is CacheState.STORED
    saved = await service.set_verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA)
    assert saved.status is ClaimStatus.FALSE


@pytest.mark.skipif(os.access("/proc/sys", os.W_OK), reason="needs a directory Redis cannot write")
async def test_a_data_file_it_cannot_write_is_unwritable_too(
    own_redis: RedisServer, own_service: Service
) -> None:
    service = own_service
    make_misconf(own_redis)
    with pytest.raises(ResponseError, match=r"^MISCONF") as raised:
        await service.cache.put("k", (await service.analyze(SCHOOLS)).analysis)
    assert storage_fault(raised.value) is StorageFault.UNWRITABLE
    result = await service.check(TEAM, SCHOOLS, ANA, WHERE)
    assert result.analysis.claims and not result.saved
    assert result.analysis.engine.cache is CacheState.UNAVAILABLE


@pytest.mark.parametrize("state", list(BREAKERS))
def test_cli_prints_the_analysis_when_redis_cannot_take_writes(
    state: str, own_redis: RedisServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    BREAKERS[state](own_redis)
    article = tmp_path / "schools.txt"
    article.write_text(SCHOOLS)
    done = factdesk("analyze", str(article), env={**cli_env, "REDIS_URL": own_redis.url})
    assert done.returncode == 0, done.stderr
    assert "Claims" in done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "without the cache" in done.stderr
