"""Log lines: a correlation id per check, team and URL on them, no article text at INFO."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs
from bot.analyzers.rules import RulesAnalyzer
from bot.records import Actor, Place, Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR

NEWSROOM = Team(platform="slack", id="T0NEWS")


@pytest.fixture
def json_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """`logs.configure` in JSON mode, writing to a buffer; the root logger restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    buffer = io.StringIO()
    monkeypatch.setattr("sys.stderr", buffer)
    logs.configure("INFO", "json")
    yield buffer
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def records(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_records_inside_a_check_carry_its_context(json_logs: io.StringIO) -> None:
    log = logging.getLogger("factdesk.test")
    log.info("before any check")
    with logs.check_context(team="slack:T0NEWS") as context:
        log.info("received")
        logs.annotate(canonical_url="https://news.example/valmora")
        log.info("analyzed")
        assert logs.current_correlation_id() == context.correlation_id
    log.info("after the check")
    before, received, analyzed, after = records(json_logs)
    assert "correlation_id" not in before and "correlation_id" not in after
    assert received["correlation_id"] == analyzed["correlation_id"] == context.correlation_id
    assert received["team"] == "slack:T0NEWS" and "canonical_url" not in received
    assert analyzed["canonical_url"] == "https://news.example/valmora"
    assert logs.current_correlation_id() is None


async def test_concurrent_checks_keep_their_own_ids(json_logs: io.StringIO) -> None:
    log = logging.getLogger("factdesk.test")

    async def one_check(team: str) -> str:
        with logs.check_context(team=team) as context:
            for step in range(3):
                log.info("step %d", step)
                await asyncio.sleep(0.001)
            return context.correlation_id

    ids = await asyncio.gather(*(one_check(f"discord:{n}") for n in range(5)))
    assert len(set(ids)) == 5
    lines = records(json_logs)
    assert len(lines) == 15
    by_team = {line["team"]: line["correlation_id"] for line in lines}
    assert {by_team[f"discord:{n}"] for n in range(5)} == set(ids)
    for line in lines:
        assert by_team[line["team"]] == line["correlation_id"]


def test_text_format_shows_the_context_before_a_traceback() -> None:
    record = logging.LogRecord("factdesk", logging.ERROR, __file__, 1, "failed", None, None)
    record.correlation_id, record.team, record.canonical_url = "ab12cd34", "slack:T1", None
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    text = logs.TextFormatter().format(record)
    first_line = text.splitlines()[0]
    assert first_line.endswith("failed [ab12cd34 slack:T1]")
    assert "RuntimeError: boom" in text


async def test_a_check_logs_no_article_text_or_secret_at_info(
    json_logs: io.StringIO, redis_settings: Settings
) -> None:
    settings = redis_settings.model_copy(
        update={"llm_api_key": "sk-test-do-not-log-4711", "log_format": "json"}
    )
    handle = connect(settings)
    try:
        service = Service(settings, handle.client, RulesAnalyzer())
        with logs.check_context(team=NEWSROOM.key):
            result = await service.check(NEWSROOM, HARBOUR, Actor(id="U1"),
                                         Place(channel="C1"))
    finally:
        await handle.close()
    assert result.saved
    lines = records(json_logs)
    assert any(line["logger"] == "bot.service" for line in lines)  # something was logged
    text = json.dumps(lines, ensure_ascii=False)
    for sentence in HARBOUR.split("\n\n"):
        assert sentence.strip()[:40] not in text
    assert result.analysis.claims
    for quote in result.analysis.claims[:3]:
        assert quote.quote.text not in text
    assert "sk-test-do-not-log-4711" not in text
    assert all(line["team"] == NEWSROOM.key for line in lines if "correlation_id" in line)
