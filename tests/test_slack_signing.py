"""Slack's HTTP requests before and after the signature check, against the real Bolt app.

Unsigned, malformed and mis-signed requests are refused with 401/400 before anything
parses them, with one log line that names the reason and never the body; a signed
request sent again (a replay) is answered without being acted on.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot import keys
from bot.analyzers.rules import RulesAnalyzer
from bot.redis_conn import RedisHandle, connect
from bot.service import Service
from bot.settings import Settings
from tests.support.articles import HARBOUR
from tests.support.redis_server import free_port
from tests.support.slack_signing import Scenario, signed_headers, slack_scenario
from tests.test_slack_ops import ack_count

FORM = "application/x-www-form-urlencoded"
MARKER = "Councillor Ostrava said the ferry subsidy ends in March"
FORGED = "\n2031-01-01 00:00:00,000 INFO factdesk: admin token rotated by ops"
IN_HEADER = FORGED.replace("\n", " ")  # a header cannot break a line, it can still lie


@pytest.fixture
async def slack(redis_settings: Settings, service: Service) -> AsyncIterator[Scenario]:
    async with slack_scenario(redis_settings, service) as scenario:
        yield scenario


def unsigned_malformed(scenario: Scenario) -> tuple[str, dict[str, str]]:
    return "payload=%7Bnot-json " + MARKER, {"Content-Type": FORM}


def unsigned_huge(scenario: Scenario) -> tuple[str, dict[str, str]]:
    text = MARKER + " " + "x" * 100_000 + FORGED
    return scenario.driver.command_body(text), {"Content-Type": FORM}


def non_numeric_timestamp(scenario: Scenario) -> tuple[str, dict[str, str]]:
    body = scenario.driver.command_body(MARKER)
    headers = signed_headers(body)
    headers["X-Slack-Request-Timestamp"] = "soon" + IN_HEADER
    return body, headers


def wrong_secret(scenario: Scenario) -> tuple[str, dict[str, str]]:
    body = scenario.driver.command_body(MARKER)
    return body, signed_headers(body, secret="someone-elses-secret")


def clock_skew(scenario: Scenario) -> tuple[str, dict[str, str]]:
    body = scenario.driver.command_body(MARKER)  # genuine, but ten minutes old
    return body, signed_headers(body, timestamp=int(time.time()) - 600)


def forged_signature(scenario: Scenario) -> tuple[str, dict[str, str]]:
    body = scenario.driver.command_body(MARKER)
    headers = signed_headers(body)
    headers["X-Slack-Signature"] = "v0=" + MARKER + IN_HEADER
    return body, headers


@pytest.mark.parametrize(("make", "status"), [
    (unsigned_malformed, 401),
    (unsigned_huge, 401),
    (non_numeric_timestamp, 400),
    (wrong_secret, 401),
    (clock_skew, 401),
    (forged_signature, 401),
])
async def test_a_refused_request_is_not_parsed_and_logs_one_line_without_its_body(
    slack: Scenario, caplog: pytest.LogCaptureFixture,
    make: Callable[[Scenario], tuple[str, dict[str, str]]], status: int,
) -> None:
    body, headers = make(slack)
    before = ack_count()
    with caplog.at_level(logging.DEBUG):
        answer = await slack.driver.send(body, headers)
        await asyncio.sleep(0.2)  # anything a handler would have started
    assert answer.status == status, answer.text
    assert "Traceback" not in answer.text and MARKER not in answer.text
    assert slack.fake.calls == [], "no listener ran: nothing reached Slack"
    assert ack_count() == before
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage()[:200] for r in lines]
    [line] = lines
    assert line.name == "handlers.slack_app" and line.exc_info is None
    logged = caplog.text
    assert MARKER not in logged and "admin token" not in logged and "xxxx" not in logged
    assert len(line.getMessage()) < 200


async def test_a_signed_request_whose_body_is_not_slacks_is_a_400(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    body = urlencode({"payload": "{" + MARKER})
    with caplog.at_level(logging.INFO):
        answer = await slack.driver.send(body)
    assert answer.status == 400
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert [r.exc_info for r in lines] == [None]
    assert MARKER not in caplog.text


async def test_the_clock_skew_refusal_says_what_to_check(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    body, headers = clock_skew(slack)
    with caplog.at_level(logging.INFO):
        await slack.driver.send(body, headers)
    assert re.search(r"timestamp is 60\d s behind this server's clock", caplog.text)
    assert "check the server's clock" in caplog.text


async def test_served_another_way_bolt_refuses_with_the_same_one_line(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    body = slack.driver.command_body(MARKER + FORGED)
    for headers in ({"Content-Type": FORM}, signed_headers(body, secret="someone-elses")):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = await slack.app.async_dispatch(AsyncBoltRequest(body=body,
                                                                       headers=headers))
        assert response.status == 401
        assert [r.name for r in caplog.records] == ["handlers.slack_app"]
        assert MARKER not in caplog.text
    digest = slack.driver.command_body("digest")
    signed = await slack.app.async_dispatch(AsyncBoltRequest(body=digest,
                                                             headers=signed_headers(digest)))
    assert signed.status == 200
    await slack.fake.wait_for("respond")


async def test_a_replayed_request_is_acknowledged_but_acted_on_once(
    slack: Scenario, handle: RedisHandle, caplog: pytest.LogCaptureFixture
) -> None:
    body = slack.driver.command_body(HARBOUR)
    headers = signed_headers(body, timestamp=int(time.time()) - 60)  # a minute on the way
    first = await slack.driver.send(body, headers)
    assert first.status == 200
    await slack.fake.wait_for("chat.update")
    seen_key = keys.delivery("slack", headers["X-Slack-Signature"])  # one key: any Redis
    assert 230 <= await handle.client.ttl(seen_key) <= 241, \
        "remembered while the timestamp is accepted, no longer"
    seen = [(c.method, c.get("channel")) for c in slack.fake.calls]

    with caplog.at_level(logging.INFO):
        replayed = await slack.driver.send(body, headers)  # the same bytes, seconds later
        await asyncio.sleep(0.5)
    assert replayed.status == 200 and replayed.text == ""
    assert [(c.method, c.get("channel")) for c in slack.fake.calls] == seen
    assert "replayed" in caplog.text and "Maria" not in caplog.text

    again = slack.driver.command_body(HARBOUR + " ")  # asked again: another request
    assert (await slack.driver.send(again)).status == 200
    await slack.fake.wait_for("chat.update", count=2)


async def test_without_redis_requests_are_taken_unchecked_with_one_warning(
    redis_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    gone = redis_settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    handle = connect(gone)
    try:
        service = Service(gone, handle.client, RulesAnalyzer())
        async with slack_scenario(gone, service) as slack:
            with caplog.at_level(logging.WARNING):
                for text in (HARBOUR, HARBOUR + " "):
                    assert (await slack.driver.command(text)).status == 200
                await slack.fake.wait_for("chat.update", count=2)
    finally:
        await handle.close()
    warnings = [r for r in caplog.records if r.name == "bot.replay"]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
    assert warnings[0].exc_info is None
