"""`factdesk search` and `factdesk export` as a user runs them: a real process, a real Redis."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.records import Actor, CheckResult, ClaimStatus, Place, Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.claimreview_shape import problems
from tests.support.cli import factdesk
from tests.support.http_server import LocalHTTPServer
from tests.support.verdict_desk import desk_with_every_verdict

TEAM = Team(platform="slack", id="T9")
ANA, BEN = Actor(id="U1", name="Ana"), Actor(id="U2", name="Ben")


@pytest.fixture
async def desk(redis_settings: Settings) -> AsyncIterator[tuple[Service, list[CheckResult]]]:
    handle = connect(redis_settings)
    try:
        service = Service(redis_settings, handle.client, RulesAnalyzer())
        checks = [await service.check(TEAM, text, ANA, Place(channel="C"))
                  for text in (HARBOUR, SCHOOLS)]
        yield service, checks
    finally:
        await handle.close()


def env_for(redis_settings: Settings, cli_env: dict[str, str]) -> dict[str, str]:
    assert redis_settings.redis_url is not None
    return {**cli_env, "REDIS_URL": redis_settings.redis_url}


async def test_search_prints_hits_with_filters(
    desk: tuple[Service, list[CheckResult]], redis_settings: Settings,
    cli_env: dict[str, str],
) -> None:
    service, [harbour, _] = desk
    cranes = next(i.claim for i in harbour.flagged if "cranes" in i.claim.quote)
    await service.set_verdict(TEAM, cranes.id, ClaimStatus.FALSE, BEN)
    env = env_for(redis_settings, cli_env)

    done = factdesk("search", "--team", TEAM.key, "terminals", env=env)
    assert done.returncode == 0, done.stderr
    assert "[false (Ben," in done.stdout and "failed two safety inspections" in done.stdout
    assert "[open] The port of Valmora will close" in done.stdout

    only_false = factdesk("search", "--team", TEAM.key, "--status", "false", "--format",
                          "json", "terminal", env=env)
    rows = [json.loads(line) for line in only_false.stdout.splitlines()]
    assert [(r["id"], r["status"], r["verdict_by"]) for r in rows] == [
        (cranes.id, "false", "Ben")]

    later = factdesk("search", "--team", TEAM.key, "--since", "2999-01-01", "closure",
                     env=env)
    assert later.returncode == 0 and later.stdout == "Nothing on the desk matches.\n"

    again = factdesk("search", "--team", TEAM.key, "--reindex", "terminals", env=env)
    assert again.returncode == 0 and again.stdout == done.stdout, "the same index again"

    other = factdesk("search", "--team", "slack:T0OTHER", "closure", env=env)
    assert other.stdout == "Nothing on the desk matches.\n", "another team sees nothing"

    bad = factdesk("search", "--team", TEAM.key, "--since", "someday", "closure", env=env)
    assert bad.returncode == 2 and "24h, 7d, 2w" in bad.stderr and "Traceback" not in bad.stderr


async def test_export_writes_claimreview_and_csv(
    redis_settings: Settings, cli_env: dict[str, str], http_server: LocalHTTPServer,
    tmp_path: Path,
) -> None:
    handle = connect(redis_settings)
    try:
        made = await desk_with_every_verdict(
            Service(redis_settings, handle.client, RulesAnalyzer()), TEAM, http_server)
    finally:
        await handle.close()
    env = env_for(redis_settings, cli_env)

    unset = factdesk("export", "--team", TEAM.key, env=env)
    assert unset.returncode == 2 and "FACTDESK_ORGANISATION" in unset.stderr

    env["FACTDESK_ORGANISATION"] = "Coastal Ledger Fact Desk"
    done = factdesk("export", "--team", TEAM.key, "--format", "claimreview", env=env)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert problems(doc) == [] and len(doc["@graph"]) == len(made.settled)

    target = tmp_path / "verdicts.csv"
    written = factdesk("export", "--team", TEAM.key, "--format", "csv", "--since", "7d",
                       "-o", str(target), env=env)
    assert written.returncode == 0, written.stderr
    assert f"{made.verdicts} verdicts written to" in written.stderr
    with target.open(newline="", encoding="utf-8-sig") as sheet:
        rows = list(csv.reader(sheet))
    assert len(rows) == 1 + made.verdicts and rows[0][0] == "verdict_at"
