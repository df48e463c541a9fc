"""Discuss threads and verdict buttons, across checks and across a restart of the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.records import ClaimStatus, Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from handlers.discord_bot.cards import thread_name
from handlers.discord_bot.threads import REASON_INPUT
from tests.support.articles import HARBOUR
from tests.support.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    MASKED_LINKS,
    Call,
    FakeDiscord,
    Interactions,
    all_text,
    components_of,
    discord_api,
    feed,
    is_followup,
    live_masked_links,
    logged_in,
)
from tests.support.http_server import LocalHTTPServer
from tests.test_discord_render import long_article

TEAM = Team(platform="discord", id=str(GUILD_ID))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


async def new_service(settings: Settings) -> tuple[Service, Any]:
    handle = connect(settings)
    return Service(settings, handle.client, RulesAnalyzer()), handle


async def check(fake: FakeDiscord, bot: Any, users: Interactions, text: str) -> dict[str, Any]:
    """Run /factcheck with `text`; the posted desk message (with the Discuss buttons)."""
    payload = users.slash("factcheck", {"text": text})
    feed(bot, payload)

    def is_desk(call: Call) -> bool:
        return (is_followup(call) and payload["token"] in call.path
                and any("footer" in e for e in call.message.get("embeds") or []))

    await fake.wait_for(is_desk)
    # The fake stores what it answered; the newest message with buttons is the desk.
    return next(m for m in reversed(list(fake.messages.values())) if m["components"])


def ephemeral_replies(fake: FakeDiscord, token: str) -> list[Call]:
    return [c for c in fake.calls if is_followup(c) and token in c.path
            and c.json.get("flags", 0) & 64]


async def press(fake: FakeDiscord, bot: Any, users: Interactions, message: dict[str, Any],
                custom_id: str, channel: dict[str, Any] | None = None) -> str:
    payload = users.button(message, custom_id, channel)
    feed(bot, payload)
    token: str = payload["token"]
    return token


async def test_discuss_opens_one_thread_per_claim_and_verdicts_survive_a_restart(
    fake: FakeDiscord, redis_settings: Settings
) -> None:
    users = Interactions(fake)
    service, handle = await new_service(redis_settings)
    async with logged_in(service) as bot:
        desk = await check(fake, bot, users, HARBOUR)
        discuss_id = components_of(desk)[0]["custom_id"]
        claim_id = discuss_id.split(":")[-1]
        claim = await service.claim(TEAM, claim_id)

        token = await press(fake, bot, users, desk, discuss_id)
        [reply] = await fake.wait_for(
            lambda c: c in ephemeral_replies(fake, token))
        [callback] = fake.find("POST", rf"/interactions/\d+/{token}/callback")
        assert callback.json["type"] == 5 and callback.json["data"]["flags"] & 64
        [made] = fake.find("POST", rf"/channels/{CHANNEL_ID}/threads")
        assert made.json["type"] == 11  # a public thread in the channel
        assert made.json["name"] == thread_name(claim) and len(made.json["name"]) <= 100
        thread_id = next(iter(fake.threads))
        assert f"<#{thread_id}>" in reply.json["content"]

        [card_call] = fake.find("POST", rf"/channels/{thread_id}/messages")
        card = card_call.json
        assert claim.quote.split()[0] in all_text(card)
        assert "Why it is flagged" in all_text(card)
        assert f"/channels/{GUILD_ID}/{CHANNEL_ID}/{desk['id']}" in all_text(card)
        verdict_ids = [c["custom_id"] for c in components_of(card)]
        assert verdict_ids == [f"factdesk:verdict:{claim_id}:{s}" for s in
                               ("verified", "false", "misleading", "unverifiable",
                                "needs_context")]
        stored = await service.claim(TEAM, claim_id)
        assert stored.thread is not None and stored.thread.thread == str(thread_id)
        # the analysis now links the thread
        await fake.wait_for(lambda c: c.method == "PATCH"
                            and c.path == f"/channels/{CHANNEL_ID}/messages/{desk['id']}")
        assert f"<#{thread_id}>" in all_text(fake.messages[int(desk["id"])])

        # A second Discuss on the same message points to the same thread.
        again = await press(fake, bot, users, desk, discuss_id)
        [second] = await fake.wait_for(lambda c: c in ephemeral_replies(fake, again))
        assert f"<#{thread_id}>" in second.json["content"]
        assert "already" in second.json["content"]

        # So does Discuss from a later check of the same article.
        later = await check(fake, bot, users, HARBOUR)
        assert later["id"] != desk["id"]
        assert discuss_id in [c["custom_id"] for c in components_of(later)]
        third = await press(fake, bot, users, later, discuss_id)
        [reply3] = await fake.wait_for(lambda c: c in ephemeral_replies(fake, third))
        assert f"<#{thread_id}>" in reply3.json["content"]
        assert len(fake.find("POST", r"/channels/\d+/threads")) == 1
    await handle.close()

    # A new bot object on the same Redis: the card's buttons still work.
    restarted, handle = await new_service(redis_settings)
    async with logged_in(restarted) as bot:
        card_message = fake.messages[max(m for m in fake.messages
                                         if fake.messages[m]["channel_id"] == str(thread_id))]
        thread = fake.threads[thread_id]
        asked = await press(fake, bot, users, card_message,
                            f"factdesk:verdict:{claim_id}:false", channel=thread)
        [form] = await fake.wait_for(
            lambda c: c.path.endswith(f"/{asked}/callback"))
        assert form.json["type"] == 9, "a verdict asks for its reason first (a modal)"
        assert form.json["data"]["custom_id"] == f"factdesk:reason:{claim_id}:false"
        assert (await restarted.claim(TEAM, claim_id)).status is ClaimStatus.OPEN
        submit = users.modal_submit(form.json["data"]["custom_id"],
                                    {REASON_INPUT: "The port filing says otherwise."},
                                    message=card_message, channel=thread)
        feed(bot, submit)
        pressed = submit["token"]
        await fake.wait_for(lambda c: is_followup(c) and pressed in c.path)
        [callback] = fake.find("POST", rf"/interactions/\d+/{pressed}/callback")
        assert callback.json["type"] == 6  # deferred update of the card
        [edit] = fake.find("PATCH", rf"/webhooks/\d+/{pressed}/messages/@original")
        assert "false" in all_text(edit.json) and "ana" in all_text(edit.json)
        assert "The port filing says otherwise." in all_text(edit.json), "on the card"
        [said] = [c for c in fake.calls if is_followup(c) and pressed in c.path]
        assert said.json["content"] == ("ana marked this claim **false**. Why: The port "
                                        "filing says otherwise."), "and in the thread"
        assert not said.json.get("flags", 0) & 64  # said in the thread, for everyone

        recorded = await restarted.claim(TEAM, claim_id)
        assert recorded.status is ClaimStatus.FALSE
        assert recorded.history[-1].by.id == str(users.user_id)
        assert recorded.history[-1].by.name == "ana"
        assert recorded.history[-1].note == "The port filing says otherwise."

        def analysis_updated(call: Call) -> bool:
            return (call.method == "PATCH" and call.path.startswith(f"/channels/{CHANNEL_ID}/")
                    and "❌ **false**" in all_text(call.json))

        updated = await fake.wait_for(analysis_updated, count=2)
        assert {c.path.rsplit("/", 1)[-1] for c in updated} == {desk["id"], later["id"]}
    await handle.close()


async def test_the_claim_card_shows_links_in_the_quote_as_text(
    fake: FakeDiscord, redis_settings: Settings
) -> None:
    article = HARBOUR.replace("said the closure was approved in secret last month.",
                              f"said the closure ({MASKED_LINKS}) was approved in secret "
                              "last month.")
    users = Interactions(fake)
    service, handle = await new_service(redis_settings)
    async with logged_in(service) as bot:
        desk = await check(fake, bot, users, article)
        assert live_masked_links(all_text(desk)) == []
        discuss = [b for b in components_of(desk) if b["custom_id"].startswith(
            "factdesk:discuss:")]
        for button in discuss:
            await press(fake, bot, users, desk, button["custom_id"])
        await fake.wait_for(lambda c: c.method == "POST" and c.path.startswith("/channels/")
                            and str(CHANNEL_ID) not in c.path and "/messages" in c.path,
                            count=len(discuss))
    await handle.close()
    cards = [c.json for c in fake.calls if c.method == "POST" and "/messages" in c.path
             and int(c.path.split("/")[2]) in fake.threads]
    shown = "\n".join(all_text(card) for card in cards)
    assert "evil.example/phish" in shown, "the quote with the links is on a card"
    own = [f"/channels/{GUILD_ID}/{CHANNEL_ID}/{desk['id']}"]  # "Back to the analysis"
    assert [url for _, url in live_masked_links(shown) if not url.endswith(own[0])] == []


async def test_each_claim_gets_its_own_thread(fake: FakeDiscord,
                                              redis_settings: Settings) -> None:
    users = Interactions(fake)
    service, handle = await new_service(redis_settings)
    async with logged_in(service) as bot:
        desk = await check(fake, bot, users, HARBOUR)
        buttons = [c["custom_id"] for c in components_of(desk)][:2]
        assert len(buttons) == 2
        tokens = [await press(fake, bot, users, desk, b) for b in buttons]
        for token in tokens:
            await fake.wait_for(lambda c, t=token: c in ephemeral_replies(fake, t))  # type: ignore[misc]
        made = fake.find("POST", rf"/channels/{CHANNEL_ID}/threads")
        assert len(made) == 2
        assert made[0].json["name"] != made[1].json["name"]
    await handle.close()


async def test_claims_beyond_the_buttons_are_discussed_from_the_menu(
    fake: FakeDiscord, redis_settings: Settings, http_server: LocalHTTPServer
) -> None:
    users = Interactions(fake)
    article = long_article(200)
    http_server.page("/attachments/7/7/roundup.txt", article, content_type="text/plain")
    attachment = users.attachment(http_server.url("/attachments/7/7/roundup.txt"),
                                  "roundup.txt", len(article))
    service, handle = await new_service(redis_settings)
    async with logged_in(service) as bot:
        payload = users.slash("factcheck", attachment=attachment)
        feed(bot, payload)
        await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path and any(
            "footer" in e for e in c.message.get("embeds") or []), within=30)
        desk = next(m for m in reversed(list(fake.messages.values())) if m["components"])
        [menu] = [c for c in components_of(desk) if c["type"] == 3]
        picked = menu["options"][0]["value"]
        assert picked not in {c["custom_id"].split(":")[-1] for c in components_of(desk)
                              if c["type"] == 2}
        choice = users.select(desk, menu["custom_id"], [picked])
        feed(bot, choice)
        [reply] = await fake.wait_for(lambda c: c in ephemeral_replies(fake, choice["token"]))
        [made] = fake.find("POST", rf"/channels/{CHANNEL_ID}/threads")
        claim = await service.claim(TEAM, picked)
        assert made.json["name"] == thread_name(claim)
        assert claim.thread is not None and f"<#{claim.thread.thread}>" in reply.json["content"]
    await handle.close()
