"""Failures on Discord: user errors say what to do, privately; ours carry a reference.

Also: a Redis that is down still gets an answer to a check, and a verdict it cannot store
is refused plainly; a missing DISCORD_TOKEN is named.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import keys
from bot.analyzers.rules import RulesAnalyzer
from bot.records import Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot import command
from handlers.discord_bot.checking import MENU_NAME
from handlers.discord_bot.client import OUTDATED_COMMAND, FactdeskBot
from handlers.discord_bot.context import NOT_IN_SERVER
from handlers.discord_bot.inputs import NOT_TEXT_FILE, NOTHING_IN_MESSAGE, ONE_INPUT, modal_input
from handlers.discord_bot.threads import NO_THREAD_PERMISSION
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.fake_discord import (
    GUILD_ID,
    Call,
    DiscordInAThread,
    FakeDiscord,
    Interactions,
    all_text,
    components_of,
    discord_api,
    feed,
    give_verdict,
    is_followup,
    logged_in,
    sent_messages,
)
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import RedisServer

TEAM = Team(platform="discord", id=str(GUILD_ID))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord, service: Service) -> AsyncIterator[FactdeskBot]:
    async with logged_in(service) as client:
        yield client


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def private(call: Call) -> bool:
    return bool(call.message.get("flags", 0) & 64)


async def private_reply(fake: FakeDiscord, token: str) -> Call:
    """The ephemeral message an interaction got: its immediate reply or a follow-up."""
    def match(call: Call) -> bool:
        return token in call.path and call.sends_message() and private(call)

    [reply] = await fake.wait_for(match)
    return reply


async def test_a_link_that_fails_is_explained_privately(
    bot: FactdeskBot, fake: FakeDiscord, http_server: LocalHTTPServer
) -> None:
    payload = Interactions(fake).slash("factcheck", {"link": http_server.url("/gone")})
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    token = payload["token"]
    assert fake.find("DELETE", rf"/webhooks/\d+/{token}/messages/@original"), \
        "the public placeholder is taken away"
    text = reply.message["content"]
    assert "not found" in text and "HTTP 404" in text and "paste the article" in text
    assert "Traceback" not in text and "Error" not in text
    assert not [c for c in sent_messages(fake) if token in c.path and not private(c)]


@pytest.mark.parametrize(("options", "expected"), [
    ({"link": "https://example.org/a", "text": "Some article text"}, ONE_INPUT),
])
async def test_two_inputs_at_once(bot: FactdeskBot, fake: FakeDiscord,
                                  options: dict[str, str], expected: str) -> None:
    payload = Interactions(fake).slash("factcheck", options)
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    assert reply.message["content"] == expected


async def test_an_answer_discord_refuses_leaves_no_placeholder_behind(
    bot: FactdeskBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    def is_desk(call: Call) -> bool:
        return is_followup(call) and any(
            "footer" in e for e in call.message.get("embeds") or [])

    fake.refuse_when(is_desk)
    payload = Interactions(fake).slash("factcheck", {"text": SCHOOLS})
    with caplog.at_level(logging.ERROR, logger="factdesk.discord"):
        feed(bot, payload)
        reply = await private_reply(fake, payload["token"])
    assert re.search(r"Reference: [0-9a-f]{8}", reply.message["content"])
    # the answer is one message: refused, nothing of it is shown, so the public
    # "thinking…" placeholder is taken away and the failure is said privately
    assert fake.find("DELETE", r"/webhooks/.*/messages/@original")
    assert not [c for c in fake.calls if is_followup(c) and not is_desk(c) and not private(c)]


async def test_a_file_that_is_not_text(bot: FactdeskBot, fake: FakeDiscord,
                                       http_server: LocalHTTPServer) -> None:
    users = Interactions(fake)
    pdf = users.attachment(http_server.url("/attachments/1/1/a.pdf"), "a.pdf", 1000,
                           "application/pdf")
    payload = users.slash("factcheck", attachment=pdf)
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    assert reply.message["content"] == NOT_TEXT_FILE
    assert "/attachments/1/1/a.pdf" not in http_server.requests


async def test_a_message_with_nothing_to_check(bot: FactdeskBot, fake: FakeDiscord) -> None:
    users = Interactions(fake)
    payload = users.message_menu(MENU_NAME, users.user_message("   "))
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    assert reply.message["content"] == NOTHING_IN_MESSAGE


def test_modal_boxes_are_joined_as_they_were_split() -> None:
    full = "a" * 3999 + " "
    assert modal_input([full, "continued", ""], 4000) == full + "continued"
    assert modal_input(["First paragraph.", "", "Second one."], 4000) == (
        "First paragraph.\n\nSecond one.")


async def test_outside_a_server(bot: FactdeskBot, fake: FakeDiscord) -> None:
    users = Interactions(fake)
    payload = users.slash("factcheck", {"text": SCHOOLS})
    member = payload.pop("member")
    payload.pop("guild_id")
    payload.pop("guild")
    payload["data"].pop("guild_id")
    payload["user"] = member["user"]
    payload["channel"] = {"id": "600000000000000001", "type": 1,
                          "recipients": [member["user"]]}
    payload["channel_id"] = "600000000000000001"
    payload["context"] = 1
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    assert reply.path.endswith("/callback") and reply.json["type"] == 4
    assert reply.message["content"] == NOT_IN_SERVER


async def test_an_outdated_command_says_to_reload(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).slash("factcheck-old", {"text": SCHOOLS})
    feed(bot, payload)
    reply = await private_reply(fake, payload["token"])
    assert reply.message["content"] == OUTDATED_COMMAND


async def test_our_failure_shows_a_reference_and_logs_it(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    users = Interactions(fake)
    payload = users.slash("factcheck", {"text": HARBOUR})
    feed(bot, payload)
    await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path and any(
        "footer" in e for e in c.message.get("embeds") or []))
    desk = next(m for m in reversed(list(fake.messages.values())) if m["components"])
    discuss_id = components_of(desk)[0]["custom_id"]
    claim_id = discuss_id.split(":")[-1]
    await service.desk._client.set(keys.claim(TEAM, claim_id), b"{corrupted")  # our fault

    with caplog.at_level(logging.ERROR, logger="factdesk.discord"):
        press = users.button(desk, discuss_id)
        feed(bot, press)
        reply = await private_reply(fake, press["token"])
    text = reply.message["content"]
    found = re.search(r"Reference: ([0-9a-f]{8})", text)
    assert found is not None, text
    assert "corrupted" not in text and "Traceback" not in text
    logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_no_permission_to_open_threads_says_what_to_ask_for(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    users = Interactions(fake)
    payload = users.slash("factcheck", {"text": HARBOUR})
    feed(bot, payload)
    await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path and any(
        "footer" in e for e in c.message.get("embeds") or []))
    desk = next(m for m in reversed(list(fake.messages.values())) if m["components"])
    discuss_id = components_of(desk)[0]["custom_id"]
    fake.refuse("POST", r"/channels/\d+/threads")
    press = users.button(desk, discuss_id)
    feed(bot, press)
    reply = await private_reply(fake, press["token"])
    assert reply.message["content"] == NO_THREAD_PERMISSION
    claim = await service.claim(TEAM, discuss_id.split(":")[-1])
    assert claim.thread is None, "no thread remembered, so Discuss can be tried again"


async def test_a_saved_verdict_is_not_reported_as_failed_when_the_card_cannot_change(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    users = Interactions(fake)
    payload = users.slash("factcheck", {"text": HARBOUR})
    feed(bot, payload)
    await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path and any(
        "footer" in e for e in c.message.get("embeds") or []))
    desk = next(m for m in reversed(list(fake.messages.values())) if m["components"])
    discuss_id = components_of(desk)[0]["custom_id"]
    claim_id = discuss_id.split(":")[-1]
    opened = users.button(desk, discuss_id)
    feed(bot, opened)
    await private_reply(fake, opened["token"])
    thread_id = next(iter(fake.threads))
    card = next(m for m in fake.messages.values() if m["channel_id"] == str(thread_id))

    fake.refuse("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    token = await give_verdict(fake, bot, users, card, claim_id, "verified",
                               fake.threads[thread_id])
    await fake.wait_for(lambda c: c.method == "PATCH" and "verified" in all_text(c.json)
                        and c.path == f"/channels/{desk['channel_id']}/messages/{desk['id']}")
    assert (await service.claim(TEAM, claim_id)).status.value == "verified"
    assert not [c for c in fake.calls if token in c.path and c.sends_message()
                and "Sorry" in (c.message.get("content") or "")]


async def test_redis_down_still_answers_and_refuses_verdicts_plainly(
    fake: FakeDiscord, settings: Settings, own_redis: RedisServer
) -> None:
    settings = settings.model_copy(update={"redis_url": own_redis.url})
    handle = connect(settings)
    users = Interactions(fake)
    try:
        async with logged_in(Service(settings, handle.client, RulesAnalyzer())) as bot:
            up = users.slash("factcheck", {"text": HARBOUR})
            feed(bot, up)
            await fake.wait_for(lambda c: is_followup(c) and up["token"] in c.path and any(
                "footer" in e for e in c.message.get("embeds") or []))
            desk = next(m for m in reversed(list(fake.messages.values())) if m["components"])
            discuss_id = components_of(desk)[0]["custom_id"]
            claim_id = discuss_id.split(":")[-1]
            opened = users.button(desk, discuss_id)
            feed(bot, opened)
            await private_reply(fake, opened["token"])
            thread_id = next(iter(fake.threads))
            card = next(m for m in fake.messages.values()
                        if m["channel_id"] == str(thread_id))

            own_redis.stop()
            down = users.slash("factcheck", {"text": SCHOOLS})
            feed(bot, down)
            [answer] = await fake.wait_for(
                lambda c: is_followup(c) and down["token"] in c.path and any(
                    "footer" in e for e in c.message.get("embeds") or []), within=20)
            text = "\n".join(all_text(c.json) for c in fake.calls
                             if is_followup(c) and down["token"] in c.path)
            assert "Maria Santos" in text, "the analysis is still given"
            assert "not saved" in text
            assert not answer.json.get("components"), "no Discuss buttons for an unsaved check"
            assert answer.json["allowed_mentions"] == {"parse": []}

            verdict = users.button(card, f"factdesk:verdict:{claim_id}:false",
                                   channel=fake.threads[thread_id])
            feed(bot, verdict)
            refused = await private_reply(fake, verdict["token"])
            assert "NOT saved" in refused.message["content"]

            discuss = users.button(desk, components_of(desk)[1]["custom_id"])
            feed(bot, discuss)
            later = await private_reply(fake, discuss["token"])
            assert "database is unreachable" in later.message["content"]
            assert len(fake.threads) == 1, "no thread opened that the desk could not remember"
    finally:
        await handle.close()


def test_missing_token_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    parser = argparse.ArgumentParser(prog="factdesk")
    command.register(parser.add_subparsers(dest="command"))
    args: Any = parser.parse_args(["discord"])
    assert args.run(args) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "Traceback" not in err


def test_a_refused_token_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      redis_url: str) -> None:
    discord_side = DiscordInAThread()
    discord_side.start()
    discord_side.fake.refuse("GET", r"/users/@me", status=401)
    monkeypatch.chdir(tmp_path)
    for name in ("FACTDESK_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "DISCORD_GUILD_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-valid-token")
    monkeypatch.setenv("REDIS_URL", redis_url)
    parser = argparse.ArgumentParser(prog="factdesk")
    command.register(parser.add_subparsers(dest="command"))
    args: Any = parser.parse_args(["discord"])
    try:
        code = args.run(args)
    finally:
        discord_side.stop()
    assert code == 2
    err = capsys.readouterr().err
    assert "Discord refused DISCORD_TOKEN" in err and "Traceback" not in err
    assert [c.path for c in discord_side.fake.calls] == ["/users/@me"]
