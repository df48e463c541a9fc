""""Full analysis" on every surface: the complete analysis as a Markdown file in the
channel, and a view from which every flagged item of a 150-sentence article can be
opened for discussion, within each platform's limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.records import Actor, CheckResult, Place, Team
from bot.service import Service
from handlers.slack_app import ids
from tests.support.articles import council_roundup
from tests.support.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    Call,
    FakeDiscord,
    Interactions,
    components_of,
    discord_api,
    feed,
    is_followup,
    logged_in,
)
from tests.support.memory_surface import MemorySurface
from tests.support.screens import example_articles, missing_items
from tests.support.slack_signing import Scenario

EXAMPLE = example_articles()[-1].read_text()  # the user's own if present, else ours
ROUNDUP = council_roundup(150)


# ------------------------------------------------------------------ in memory


async def test_the_core_builds_the_file_and_any_flagged_item_can_be_discussed(
    service: Service,
) -> None:
    team, ana = Team(platform="memory", id="T1"), Actor(id="U1", name="ana")
    chat = MemorySurface()
    result = await service.check_and_show(team, ROUNDUP, ana, Place(channel="C1"), chat)
    assert result.check is not None and len(result.flagged) > 100

    document = await service.full_analysis(team, result.check.id, chat)
    assert chat.files == [document]
    assert document.filename.endswith(".md")
    assert missing_items(result.analysis, document.markdown) == []
    last = result.flagged[-1].claim.id
    opened = await service.discuss(team, last, ana, chat)
    assert opened.created
    again = await service.full_analysis(team, result.check.id, chat)
    assert opened.thread.url and opened.thread.url in again.markdown, \
        "the file links the thread of a discussed item"


# ------------------------------------------------------------------ Slack


async def slack_check(slack: Scenario, text: str) -> Call:
    before = len(slack.fake.of("chat.update"))
    await slack.driver.command(text)
    return (await slack.fake.wait_for("chat.update", count=before + 1))[before]


def full_button(message: Any) -> dict[str, Any]:
    return next(e for b in message["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["action_id"] == ids.FULL)


def opened_view(call: Any) -> dict[str, Any]:
    view = call["view"]
    return view if isinstance(view, dict) else json.loads(view)


async def test_slack_full_analysis_uploads_the_file_under_the_analysis(
    slack: Scenario,
) -> None:
    text = EXAMPLE
    analysis_message = await slack_check(slack, text)
    await slack.driver.press(ids.FULL, full_button(analysis_message)["value"],
                             analysis_message["ts"])
    [completed] = await slack.fake.wait_for("files.completeUploadExternal")
    [asked] = slack.fake.of("files.getUploadURLExternal")
    [sent] = slack.fake.of("upload")
    assert slack.fake.calls.index(asked) < slack.fake.calls.index(sent) < \
        slack.fake.calls.index(completed), "Slack's external upload, in its order"
    assert completed.answer["ok"] is True
    assert completed["channel_id"] == "C0NEWS"
    assert completed["thread_ts"] == analysis_message["ts"], "under the analysis"
    [upload] = [u for u in slack.fake.uploads.values() if u.completed is completed]
    assert upload.filename.endswith(".md")
    analysis = (await slack.service.analyze(text)).analysis
    assert missing_items(analysis, upload.text) == [], "every item of the JSON"
    [form] = slack.fake.of("views.open")
    view = opened_view(form)
    assert view["callback_id"] == ids.FULL_MODAL
    assert slack.fake.calls.index(form) < slack.fake.calls.index(asked), \
        "the modal first: its trigger lasts three seconds"


async def test_slack_every_flagged_item_of_150_sentences_can_be_discussed(
    slack: Scenario,
) -> None:
    analysis_message = await slack_check(slack, ROUNDUP)
    check_id = full_button(analysis_message)["value"]
    view = await slack.service.check_view(Team(platform="slack", id="T0FACT"), check_id)
    assert view is not None
    flagged = {item.claim.id for item in view.flagged}
    assert len(flagged) > 100

    await slack.driver.press(ids.FULL, check_id, analysis_message["ts"])
    page = opened_view((await slack.fake.wait_for("views.open"))[0])
    pages = [page]
    while True:
        assert_modal_within_limits(page)
        nav = [e for b in page["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e["action_id"] == ids.FULL_PAGE and e["text"]["text"] == "Next"]
        if not nav:
            break
        before = len(slack.fake.of("views.update"))
        await slack.driver.press_in_view(ids.FULL_PAGE, nav[0]["value"], page)
        page = opened_view((await slack.fake.wait_for("views.update", count=before + 1))[-1])
        pages.append(page)
    discussable = [b["accessory"]["value"] for p in pages for b in p["blocks"]
                   if b.get("accessory", {}).get("action_id") == ids.DISCUSS]
    assert set(discussable) == flagged and len(discussable) == len(flagged)

    last = discussable[-1]
    await slack.driver.press_in_view(ids.DISCUSS, last, pages[-1])
    card = (await slack.fake.wait_for("chat.postMessage", where=lambda c: "factdesk:verdict:"
                                      in json.dumps(c.get("blocks"))))[0]
    assert card["channel"] == "C0NEWS" and card["thread_ts"] == analysis_message["ts"], \
        "opened from the modal, the claim is discussed under its analysis"
    told = (await slack.fake.wait_for("chat.postEphemeral"))[0]
    assert "Discussion opened" in told["text"] and told["user"] == "U0ANA"

    # the first screen's menu reaches the items beyond its sections too
    [menu] = [e for b in analysis_message["blocks"] if b["type"] == "actions"
              for e in b["elements"] if e["action_id"] == ids.DISCUSS_PICK]
    picked = menu["options"][-1]["value"]
    await slack.driver.pick(ids.DISCUSS_PICK, picked, analysis_message["ts"])
    # told privately once the thread is on the desk (the card is posted before that)
    await slack.fake.wait_for("respond", where=lambda c: "Discussion opened" in c["text"])
    assert (await slack.service.thread_for(Team(platform="slack", id="T0FACT"), picked))
    assert len([c for c in slack.fake.of("chat.postMessage")
                if "factdesk:verdict:" in json.dumps(c.get("blocks"))]) == 2


def assert_modal_within_limits(view: dict[str, Any]) -> None:
    assert len(view["blocks"]) <= 100
    assert len(view["private_metadata"]) <= 3000
    assert len(view["title"]["text"]) <= 24
    for block in view["blocks"]:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000


# ------------------------------------------------------------------ Discord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


async def discord_check(fake: FakeDiscord, bot: Any, users: Interactions, text: str
                        ) -> dict[str, Any]:
    payload = users.slash("factcheck", {"text": text})
    feed(bot, payload)
    await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path, within=30)
    return next(m for m in reversed(list(fake.messages.values())) if m["components"])


async def press_full(fake: FakeDiscord, bot: Any, users: Interactions, text: str
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check `text`, press Full analysis: (the first screen, the press)."""
    first = await discord_check(fake, bot, users, text)
    full = next(c["custom_id"] for c in components_of(first)
                if c["custom_id"].startswith("factdesk:full:"))
    payload = users.button(first, full)
    feed(bot, payload)
    return first, payload


async def test_discord_full_analysis_attaches_the_file_in_the_channel(
    fake: FakeDiscord, service: Service,
) -> None:
    text = EXAMPLE
    users = Interactions(fake)
    async with logged_in(service) as bot:
        _, payload = await press_full(fake, bot, users, text)
        pager, attached = await fake.wait_for(
            lambda c: is_followup(c) and payload["token"] in c.path, count=2)
    assert pager.json["flags"] & 64, "the pages are private"
    assert not attached.json.get("flags", 0) & 64, "the file is for the whole channel"
    [document] = attached.json["files"]
    assert document["filename"].endswith(".md")
    analysis = (await service.analyze(text)).analysis
    assert missing_items(analysis, document["content"].decode()) == []


async def test_discord_every_flagged_item_of_150_sentences_can_be_discussed(
    fake: FakeDiscord, service: Service,
) -> None:
    users = Interactions(fake)
    async with logged_in(service) as bot:
        first, payload = await press_full(fake, bot, users, ROUNDUP)
        pager = (await fake.wait_for(
            lambda c: is_followup(c) and payload["token"] in c.path))[0]
        pages = [pager.json]
        message = {**first, **pager.json}  # the private page, as Discord shows it
        while True:
            nxt = [c for c in components_of(pages[-1]) if c.get("label") == "Next"]
            if not nxt:
                break
            press = users.button(message, nxt[0]["custom_id"])
            feed(bot, press)
            [callback] = await fake.wait_for(
                lambda c, t=press["token"]: c.path.endswith(f"/{t}/callback"))
            assert callback.json["type"] == 7, "the private page is replaced"
            pages.append(callback.json["data"])
            message = {**message, **callback.json["data"]}
        menus = [c for p in pages for c in components_of(p) if c["type"] == 3]
        assert all(len(m["options"]) <= 25 for m in menus)
        assert all(len(p.get("components") or []) <= 5 for p in pages)
        options = [o["value"] for m in menus for o in m["options"]]
        result = await flagged_of(service, first)
        assert set(options) == {item.claim.id for item in result.flagged}
        assert len(options) == len(result.flagged) > 100

        last_menu = menus[-1]
        pick = users.select(message, last_menu["custom_id"], [options[-1]])
        feed(bot, pick)
        await fake.wait_for(lambda c: c.method == "POST"
                            and c.path == f"/channels/{CHANNEL_ID}/threads")
        reply = (await fake.wait_for(lambda c: is_followup(c) and pick["token"] in c.path))[0]
        assert "Opened a thread" in reply.json["content"]


async def flagged_of(service: Service, first: dict[str, Any]) -> CheckResult:
    discuss = next(c["custom_id"] for c in components_of(first)
                   if c["custom_id"].startswith("factdesk:discuss:"))
    [view] = await service.checks_showing(Team(platform="discord", id=str(GUILD_ID)),
                                          discuss.split(":")[-1])
    return view
