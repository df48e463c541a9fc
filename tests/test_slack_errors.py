"""Refused requests, user errors, our errors and a Redis outage, as Slack users see them."""

from __future__ import annotations

import argparse
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import ConfigError
from bot.records import ClaimStatus
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import command, ids
from handlers.slack_app.app import build_app
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.cli import factdesk
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import RedisServer
from tests.support.slack_signing import SECRET, Scenario, signed_headers, slack_scenario


async def test_a_bad_signature_is_refused(slack: Scenario) -> None:
    body = slack.driver.command_body(HARBOUR)
    forged = signed_headers(body, secret="not-the-secret")
    answer = await slack.driver.send(body, forged)
    assert answer.status == 401
    tampered = signed_headers(body)
    answer = await slack.driver.send(body.replace("C0NEWS", "C0OTHER"), tampered)
    assert answer.status == 401
    assert [c.method for c in slack.fake.calls if c.method != "auth.test"] == []


async def test_a_stale_timestamp_is_refused(slack: Scenario) -> None:
    body = slack.driver.command_body(HARBOUR)
    old = signed_headers(body, SECRET, timestamp=int(time.time()) - 10 * 60)
    answer = await slack.driver.send(body, old)
    assert answer.status == 401, "a replayed request, correctly signed but old, is refused"
    fresh = await slack.driver.send(body, signed_headers(body, SECRET))
    assert fresh.status == 200, "the same body signed now is accepted"
    await slack.fake.wait_for("chat.update")
    assert len(slack.fake.of("chat.postMessage")) == 1


async def test_a_user_error_is_a_private_message_that_says_what_to_do(
    slack: Scenario, http_server: LocalHTTPServer
) -> None:
    http_server.page("/gone", "gone", status=404)
    await slack.driver.command(http_server.url("/gone"))

    told = (await slack.fake.wait_for("respond"))[0]
    assert told["response_type"] == "ephemeral"
    assert "404" in told["text"] or "not found" in told["text"].lower()
    assert "Traceback" not in told["text"] and "Error" not in told["text"]
    placeholder = slack.fake.of("chat.postMessage")[0]
    deleted = (await slack.fake.wait_for("chat.delete"))[0]
    assert deleted["ts"] == placeholder.answer["ts"], "the placeholder does not linger"
    assert not slack.fake.of("chat.update")


SLACK_MARKUP = ("<https://", "<!channel>", "<@U0BOSS>")


async def test_outside_text_in_a_user_error_cannot_form_links_or_mentions(
    slack: Scenario, http_server: LocalHTTPServer
) -> None:
    # a linked page names its own media type; that header is the page author's text
    async def odd_type(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=b"x", headers={"Content-Type": (
            "application/x <https://evil.example/login|Your session expired: sign in again>"
            " <!channel> <@U0BOSS>")})

    http_server.route("/odd", odd_type)
    await slack.driver.command(http_server.url("/odd"))
    told = (await slack.fake.wait_for("respond"))[0]
    assert told["text"].startswith(":information_source:"), told["text"]
    for markup in SLACK_MARKUP:
        assert markup not in told["text"], told["text"]

    # the user's own words echoed back: Slack sends what they typed escaped
    await slack.driver.command("digest &lt;https://evil.example/login|sign-in&gt;")
    await slack.driver.command("digest &lt;!channel&gt;")
    echoed = (await slack.fake.wait_for("respond", count=3))[1:]
    for reply in echoed:
        assert "Unknown window" in reply["text"], reply["text"]
        assert "&lt;" in reply["text"]
        for markup in SLACK_MARKUP:
            assert markup not in reply["text"], reply["text"]


async def test_a_channel_without_the_bot_says_how_to_invite_it(slack: Scenario) -> None:
    slack.fake.fail("chat.postMessage", "not_in_channel")
    await slack.driver.command(SCHOOLS)
    told = (await slack.fake.wait_for("respond"))[0]
    assert "/invite" in told["text"]


async def test_our_failure_is_logged_with_an_id_and_the_user_gets_only_the_id(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail("chat.update", "internal_error")
    with caplog.at_level(logging.ERROR):
        await slack.driver.command(SCHOOLS)
        told = (await slack.fake.wait_for("respond"))[0]
    match = re.search(r"Reference: ([0-9a-f]{8})", told["text"])
    assert match, told["text"]
    assert "internal_error" not in told["text"] and "Traceback" not in told["text"]
    logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None, "the log has the id and the traceback"


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


async def test_redis_down_still_answers_checks_and_refuses_verdicts_plainly(
    settings: Settings, own_redis: RedisServer
) -> None:
    settings = settings.model_copy(update={"redis_url": own_redis.url})
    handle = connect(settings)
    service = Service(settings, handle.client, RulesAnalyzer())
    try:
        async with slack_scenario(settings, service) as slack:
            await slack.driver.command(HARBOUR)
            saved = (await slack.fake.wait_for("chat.update"))[0]
            claim_id = next(b["accessory"]["value"] for b in saved["blocks"]
                            if "accessory" in b)

            own_redis.stop()
            await slack.driver.command(SCHOOLS)
            down = (await slack.fake.wait_for("chat.update", count=2))[1]
            text = str(down["blocks"])
            assert "Maria Santos" in text, "the analysis is still shown"
            assert "not saved" in text, "with the notice that it was not saved"
            assert not [b for b in down["blocks"] if "accessory" in b], "no Discuss buttons"

            await slack.driver.press(ids.verdict_action(ClaimStatus.FALSE), claim_id,
                                     saved["ts"])  # refused before its reason is asked
            told = (await slack.fake.wait_for("respond"))[0]
            assert "NOT saved" in told["text"]
            assert len(slack.fake.of("chat.update")) == 2, "nothing shows a verdict not saved"
    finally:
        await handle.close()


def test_missing_tokens_name_the_variable(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    socket_mode = argparse.Namespace(http=False, port=3000, host="127.0.0.1", verbose=False)
    assert command.run(socket_mode) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_APP_TOKEN" in err
    assert "Traceback" not in err

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    http = argparse.Namespace(http=True, port=3000, host="127.0.0.1", verbose=False)
    assert command.run(http) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "SLACK_BOT_TOKEN" not in err

    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-1")}),
                  None)  # type: ignore[arg-type]


async def test_blocks_slack_refuses_fall_back_to_text(slack: Scenario) -> None:
    slack.fake.fail("chat.update", "invalid_blocks")
    await slack.driver.command(SCHOOLS)
    first, second = await slack.fake.wait_for("chat.update", count=2)
    assert first.answer["ok"] is False and second.answer["ok"] is True
    assert second["ts"] == first["ts"]
    assert second["blocks"] == [], "the refused blocks are cleared"
    assert "Maria Santos" in second["text"] and len(second["text"]) <= 4000
    assert not slack.fake.of("respond") and not slack.fake.of("chat.delete")


@pytest.mark.parametrize("command", ["   ", "digest-settings"])
async def test_a_form_slack_no_longer_lets_us_open_says_to_run_the_command_again(
    slack: Scenario, command: str
) -> None:
    slack.fake.admins.add("U0ANA")
    slack.fake.fail("views.open", "expired_trigger_id")
    await slack.driver.command(command)
    told = (await slack.fake.wait_for("respond"))[0]
    assert told["response_type"] == "ephemeral"
    assert "Run the command again" in told["text"]
    assert "Reference" not in told["text"], "a user error, not our failure"


def test_the_analyzer_option_is_taken(redis_settings: Settings,
                                      cli_env: dict[str, str]) -> None:
    """`factdesk slack --analyzer llm` with no model configured says which setting to set
    (a process of its own: were the option ignored, it would go on to connect to Slack)."""
    assert redis_settings.redis_url is not None
    env = {**cli_env, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
           "REDIS_URL": redis_settings.redis_url}
    done = factdesk("slack", "--analyzer", "llm", env=env)
    assert done.returncode == 2
    assert "FACTDESK_LLM_MODEL" in done.stderr and "Traceback" not in done.stderr
