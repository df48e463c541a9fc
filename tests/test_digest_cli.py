"""`factdesk digest` prints a team's digest as Markdown from the desk in Redis."""

from __future__ import annotations

from pathlib import Path

from bot.analyzers.rules import RulesAnalyzer
from bot.records import Actor, ClaimStatus, Place, Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR
from tests.support.cli import factdesk

TEAM = Team(platform="slack", id="T9")


async def test_digest_command_prints_markdown(
    redis_settings: Settings, cli_env: dict[str, str], tmp_path: Path
) -> None:
    handle = connect(redis_settings)
    try:
        service = Service(redis_settings, handle.client, RulesAnalyzer())
        result = await service.check(TEAM, HARBOUR, Actor(id="U1", name="Ana"), Place(channel="C"))
        claim = result.flagged[0].claim
        await service.set_verdict(TEAM, claim.id, ClaimStatus.FALSE, Actor(id="U2", name="Ben"))
    finally:
        await handle.close()
    assert redis_settings.redis_url is not None
    env = {**cli_env, "REDIS_URL": redis_settings.redis_url}
    done = factdesk("digest", "--team", TEAM.key, "--window", "7d", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# factdesk digest")
    assert "**1 checks** of 1 articles by Ana (1)" in done.stdout
    assert f"**false** by Ben: {claim.statement}" in done.stdout
    assert f"## Still open, oldest first ({len(result.flagged) - 1})" in done.stdout

    empty = factdesk("digest", "--team", "discord:1", env=env)
    assert empty.returncode == 0, empty.stderr
    assert "Nothing was checked, flagged or settled." in empty.stdout

    bad = factdesk("digest", "--team", "nocolon", env=env)
    assert bad.returncode == 2
    assert "platform:id" in bad.stderr
    assert "Traceback" not in bad.stderr
