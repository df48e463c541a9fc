"""Checking on Discord: /factcheck (link, text, file, modal) and the message menu.

discord.py's own client runs against a fake Discord REST API on 127.0.0.1; interactions
go in through its gateway parsing; articles come from a real local HTTP server; Redis is
real. Assertions are on the REST calls Discord would have received.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.records import Team
from bot.service import Service
from handlers.discord_bot.checking import MENU_NAME
from handlers.discord_bot.client import FactdeskBot
from tests.support.articles import HARBOUR, SCHOOLS, html_page
from tests.support.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    MASKED_LINKS,
    FakeDiscord,
    Interactions,
    all_text,
    components_of,
    discord_api,
    feed,
    is_followup,
    live_masked_links,
    logged_in,
    sent_messages,
)
from tests.support.http_server import LocalHTTPServer

TEAM = Team(platform="discord", id=str(GUILD_ID))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord, service: Service) -> AsyncIterator[FactdeskBot]:
    async with logged_in(service) as client:
        yield client


async def analysis_posted(fake: FakeDiscord, token: str) -> list[dict[str, object]]:
    """The follow-ups of one interaction, once the one with the footer (the last) is in."""
    def done(call: object) -> bool:
        return any("footer" in e for e in getattr(call, "message", {}).get("embeds", []))

    await fake.wait_for(lambda c: is_followup(c) and token in c.path and done(c))
    return [c.json for c in fake.calls if is_followup(c) and token in c.path]


async def test_link_is_deferred_then_answered_with_the_analysis(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, http_server: LocalHTTPServer
) -> None:
    http_server.page("/ports/valmora", html_page("Valmora terminal to close", HARBOUR))
    payload = Interactions(fake).slash("factcheck", {"link": http_server.url("/ports/valmora")})
    feed(bot, payload)
    messages = await analysis_posted(fake, payload["token"])

    callback = fake.calls.index(fake.find("POST", r"/interactions/\d+/[^/]+/callback")[0])
    first_followup = next(i for i, c in enumerate(fake.calls) if is_followup(c))
    assert fake.calls[callback].json["type"] == 5, "deferred (thinking) first"
    assert callback < first_followup, "the analysis comes as the follow-up"
    assert "/ports/valmora" in http_server.requests

    text = "\n".join(all_text(m) for m in messages)
    assert "Valmora terminal to close" in text and "Coastal Ledger" in text
    assert "Paul Oduya" in text and "Radio Valmora" in text  # the denial, with its venue
    assert "officials familiar with the plan" in text.lower()  # a flagged attribution
    assert "rules" in text and "cache: stored" in text  # the engine footer

    [desk] = messages  # the first screen is one message
    assert desk["embeds"][0]["description"].startswith("**"), "the status line first"
    assert re.match(r"\*\*\d+ attributions? to verify · .*\d+ claims\*\*",
                    desk["embeds"][0]["description"])
    for internal in ("outlet_report", "unattributed", "check-worthiness", "““", "””"):
        assert internal not in text, f"plain words only: {internal!r} shown"
    ids = [c["custom_id"] for c in components_of(desk)]
    discuss = [i for i in ids if i.startswith("factdesk:discuss:")]
    # where the answer landed is recorded once Discord has answered its post
    deadline = time.monotonic() + 10
    while not (result_view := await service.checks_showing(TEAM, discuss[0].split(":")[-1])):
        assert time.monotonic() < deadline, "where the analysis landed was never recorded"
        await asyncio.sleep(0.02)
    assert result_view[0].check is not None
    assert ids == [*discuss, f"factdesk:full:{result_view[0].check.id}"], \
        "a Discuss button for each flagged item, then Full analysis"
    claim_ids = {item.claim.id for item in result_view[0].flagged}
    assert {i.split(":")[-1] for i in discuss} == claim_ids
    place = result_view[0].check.result_message  # type: ignore[union-attr]
    assert place is not None and place.channel == str(CHANNEL_ID)
    assert int(place.message or 0) in fake.messages
    assert place.url == f"https://discord.com/channels/{GUILD_ID}/{CHANNEL_ID}/{place.message}"


async def test_pasted_text(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).slash("factcheck", {"text": SCHOOLS})
    feed(bot, payload)
    text = "\n".join(all_text(m) for m in await analysis_posted(fake, payload["token"]))
    assert "Pasted article" in text
    assert "Maria Santos" in text
    assert "leaked budget document" in text


@pytest.mark.parametrize(("filename", "body", "content_type"), [
    ("harbour.txt", HARBOUR, "text/plain"),
    ("harbour.html", html_page("Valmora terminal to close", HARBOUR), "text/html"),
])
async def test_attached_file(bot: FactdeskBot, fake: FakeDiscord, http_server: LocalHTTPServer,
                             filename: str, body: str, content_type: str) -> None:
    http_server.page(f"/attachments/1/2/{filename}", body, content_type=content_type)
    users = Interactions(fake)
    attachment = users.attachment(http_server.url(f"/attachments/1/2/{filename}"), filename,
                                  len(body.encode()), content_type)
    payload = users.slash("factcheck", attachment=attachment)
    feed(bot, payload)
    text = "\n".join(all_text(m) for m in await analysis_posted(fake, payload["token"]))
    assert f"/attachments/1/2/{filename}" in http_server.requests
    assert "Paul Oduya" in text
    assert "<p>" not in text


async def test_nothing_given_opens_a_modal_whose_parts_are_checked(
    bot: FactdeskBot, fake: FakeDiscord
) -> None:
    users = Interactions(fake)
    feed(bot, users.slash("factcheck"))
    [modal_call] = await fake.wait_for(lambda c: c.path.endswith("/callback"))
    assert modal_call.json["type"] == 9
    modal = modal_call.json["data"]
    inputs = [c for c in components_of(modal) if c.get("type") == 4]
    assert len(inputs) == 5 and all(i["max_length"] == 4000 for i in inputs)
    first, rest = HARBOUR.split("The harbour master", 1)
    values = {inputs[0]["custom_id"]: first.strip(),
              inputs[1]["custom_id"]: "The harbour master" + rest}
    submit = users.modal_submit(modal["custom_id"], values)
    feed(bot, submit)
    text = "\n".join(all_text(m) for m in await analysis_posted(fake, submit["token"]))
    assert "Nordlane" in text or "Paul Oduya" in text  # from the second box
    assert "officials familiar with the plan" in text.lower()  # from the first box


async def test_message_menu_checks_text_links_and_files(
    bot: FactdeskBot, fake: FakeDiscord, http_server: LocalHTTPServer
) -> None:
    users = Interactions(fake)
    pasted = users.message_menu(MENU_NAME, users.user_message(SCHOOLS))
    feed(bot, pasted)
    assert "Maria Santos" in "\n".join(
        all_text(m) for m in await analysis_posted(fake, pasted["token"]))

    http_server.page("/ports/valmora", html_page("Valmora terminal to close", HARBOUR))
    link = users.message_menu(MENU_NAME, users.user_message(
        f"can you check this one? <{http_server.url('/ports/valmora')}>"))
    feed(bot, link)
    assert "Valmora terminal to close" in "\n".join(
        all_text(m) for m in await analysis_posted(fake, link["token"]))

    http_server.page("/attachments/9/9/memo.txt", SCHOOLS, content_type="text/plain")
    attachment = users.attachment(http_server.url("/attachments/9/9/memo.txt"), "memo.txt",
                                  len(SCHOOLS))
    filed = users.message_menu(MENU_NAME, users.user_message("see attached", [attachment]))
    feed(bot, filed)
    assert "leaked budget document" in "\n".join(
        all_text(m) for m in await analysis_posted(fake, filed["token"]))
    assert all(c.message.get("allowed_mentions") == {"parse": []} for c in sent_messages(fake))


async def test_article_mentions_ping_no_one(bot: FactdeskBot, fake: FakeDiscord) -> None:
    article = SCHOOLS.replace(
        "Parents' groups", "@everyone @here <@123456789012345678> <@&223456789012345678> "
        "Parents' groups")
    payload = Interactions(fake).slash("factcheck", {"text": article})
    feed(bot, payload)
    messages = await analysis_posted(fake, payload["token"])
    assert "@everyone" in "\n".join(all_text(m) for m in messages)
    sent = sent_messages(fake)
    assert len(sent) >= 1
    for call in sent:
        assert call.message.get("allowed_mentions") == {"parse": []}, call.path


async def test_article_markdown_is_shown_as_written(bot: FactdeskBot, fake: FakeDiscord) -> None:
    article = SCHOOLS.replace(
        "Parents' groups allegedly plan",
        "Parents' groups, **furious**, [click here](https://evil.example) allegedly plan")
    payload = Interactions(fake).slash("factcheck", {"text": article})
    feed(bot, payload)
    text = "\n".join(all_text(m) for m in await analysis_posted(fake, payload["token"]))
    assert "\\[click here\\](https://evil.example)" in text  # not a masked link
    assert "\\*\\*furious\\*\\*" in text


async def test_links_in_article_text_are_never_masked_links(
    bot: FactdeskBot, fake: FakeDiscord
) -> None:
    article = HARBOUR.replace("said the closure was approved in secret last month.",
                              f"said the closure ({MASKED_LINKS}) was approved in secret "
                              "last month.")
    payload = Interactions(fake).slash("factcheck", {"text": article})
    feed(bot, payload)
    messages = await analysis_posted(fake, payload["token"])
    text = "\n".join(all_text(m) for m in messages)
    assert "evil.example/phish" in text, "the sentence is shown, as written"
    assert live_masked_links(text) == []


async def test_commands_synced_to_the_test_guild(bot: FactdeskBot, fake: FakeDiscord) -> None:
    [sync] = fake.find("PUT", rf"/applications/\d+/guilds/{GUILD_ID}/commands")
    names = {c["name"]: c for c in sync.json}
    assert set(names) == {"factcheck", MENU_NAME, "factcheck-settings", "factcheck-digest",
                          "factcheck-help", "factcheck-verdicts"}
    assert names[MENU_NAME]["type"] == 3
    options = {o["name"]: o["type"] for o in names["factcheck"]["options"]}
    assert options == {"link": 3, "text": 3, "file": 11}
    assert not fake.find("PUT", r"/applications/\d+/commands")


async def test_commands_synced_globally_without_a_guild(
    fake: FakeDiscord, service: Service
) -> None:
    async with logged_in(service, guild_id=None) as client:
        assert not client.intents.members and not client.intents.presences
        assert not client.intents.message_content
        assert client.allowed_mentions is not None
        assert dict(client.allowed_mentions.to_dict()) == {"parse": []}
    assert fake.find("PUT", r"/applications/\d+/commands")
    assert not fake.find("PUT", r"/applications/\d+/guilds/\d+/commands")


async def test_a_stopping_bot_lets_the_checks_it_is_handling_post_their_answer(
    bot: FactdeskBot, fake: FakeDiscord, http_server: LocalHTTPServer
) -> None:
    async def slow_page(_request: web.Request) -> web.Response:
        await asyncio.sleep(1.0)  # the fetch is still running when the stop comes
        return web.Response(text=html_page("Valmora terminal to close", HARBOUR),
                            content_type="text/html")

    http_server.route("/ports/slow", slow_page)
    payload = Interactions(fake).slash("factcheck", {"link": http_server.url("/ports/slow")})
    feed(bot, payload)
    await fake.wait_for(lambda c: c.path.endswith("/callback"))  # deferred: now it stops
    assert len(bot.inflight) == 1
    await bot.inflight.drain(5.0)
    await bot.close()
    posted = [c for c in fake.calls if is_followup(c) and payload["token"] in c.path]
    shown = "\n".join(all_text(c.json) for c in posted)
    assert "Valmora terminal to close" in shown and "cache: stored" in shown, "all of it"
