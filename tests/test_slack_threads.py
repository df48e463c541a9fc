"""Discuss threads and verdict buttons, end to end over signed HTTP with a real Redis."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.records import ClaimStatus, Team
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import ids
from tests.support.articles import HARBOUR
from tests.support.fake_slack import TEAM_ID, WORKSPACE, Call
from tests.support.slack_signing import Scenario, give_verdict, slack_scenario

TEAM = Team(platform="slack", id=TEAM_ID)


@pytest.fixture
async def slack(redis_settings: Settings, service: Service) -> AsyncIterator[Scenario]:
    async with slack_scenario(redis_settings, service) as scenario:
        yield scenario


def shown(call: Call) -> str:
    return str(call.get("text", "")) + json.dumps(call.get("blocks", []), ensure_ascii=False)


def buttons(call: Call) -> list[dict[str, Any]]:
    return [b["accessory"] for b in call["blocks"]
            if b.get("accessory", {}).get("action_id") == ids.DISCUSS]


async def check(slack: Scenario, text: str = HARBOUR) -> Call:
    """Run /factcheck and return the analysis message (the placeholder's update)."""
    before = len(slack.fake.of("chat.update"))
    await slack.driver.command(text)
    return (await slack.fake.wait_for("chat.update", count=before + 1))[before]


async def answered(slack: Scenario) -> list[Call]:
    """Private answers other than the confirmation that a discussion was opened."""
    return await slack.fake.wait_for(
        "respond", where=lambda c: "Discussion opened" not in str(c.get("text")))


def cards(slack: Scenario) -> list[Call]:
    """Claim messages: the messages with verdict buttons."""
    return [c for c in slack.fake.of("chat.postMessage")
            if "factdesk:verdict:" in json.dumps(c.get("blocks"))]


async def test_discuss_opens_one_thread_per_claim_and_reuses_it(slack: Scenario) -> None:
    analysis = await check(slack)
    claim_id = buttons(analysis)[0]["value"]

    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    note = (await slack.fake.wait_for("chat.postMessage", where=lambda c: bool(
        c.get("thread_ts")) and "opened this discussion" in c["text"]))[0]
    [card] = cards(slack)
    assert card["channel"] == "C0NEWS"
    assert card["thread_ts"] == analysis["ts"], "the card is a reply under the analysis"
    assert note["thread_ts"] == analysis["ts"], "the discussion lives in the analysis' thread"
    confirmed = (await slack.fake.wait_for("respond"))[0]
    assert confirmed["response_type"] == "ephemeral", "the presser is told privately"
    card_link = f"{WORKSPACE}/archives/C0NEWS/p{card.answer['ts'].replace('.', '')}"
    assert card_link in confirmed["text"] and "Discussion opened" in confirmed["text"]
    card_text = shown(card)
    claim = await slack.service.claim(TEAM, claim_id)
    assert claim.quote.split()[0] in card_text
    assert "Why it is flagged" in card_text
    analysis_link = f"{WORKSPACE}/archives/C0NEWS/p{analysis['ts'].replace('.', '')}"
    assert analysis_link in card_text, "the card links back to the analysis"
    verdict_ids = {e["action_id"]: e["value"] for b in card["blocks"] if b["type"] == "actions"
                   for e in b["elements"]}
    assert set(verdict_ids) == {f"factdesk:verdict:{s.value}" for s in ClaimStatus
                                if s is not ClaimStatus.OPEN}
    assert set(verdict_ids.values()) == {claim_id}
    thread = await slack.service.thread_for(TEAM, claim_id)
    assert thread is not None and thread.thread == analysis["ts"]
    assert thread.card == card.answer["ts"]
    assert thread.url and thread.url.endswith(card.answer["ts"].replace(".", ""))
    refreshed = [u for u in slack.fake.of("chat.update") if u["ts"] == analysis["ts"]][-1]
    assert thread.url in shown(refreshed), "the analysis entry links its thread"

    # the same button again: a private pointer to the thread, no second card
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    pointer = (await slack.fake.wait_for("respond", count=2))[1]
    assert pointer["response_type"] == "ephemeral"
    assert thread.url in pointer["text"] and "already" in pointer["text"]

    # a later check of the same article shows the claim again; Discuss reuses the thread
    again = await check(slack)
    assert claim_id in [b["value"] for b in buttons(again)]
    assert thread.url in shown(again), "a later analysis links the existing thread too"
    await slack.driver.press(ids.DISCUSS, claim_id, again["ts"])
    pointers = await slack.fake.wait_for("respond", count=3)
    assert thread.url in pointers[2]["text"]
    assert len(cards(slack)) == 1


async def test_two_discuss_presses_at_once_make_one_thread(slack: Scenario) -> None:
    analysis = await check(slack)
    claim_id = buttons(analysis)[0]["value"]
    await asyncio.gather(*(slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
                           for _ in range(3)))
    await slack.fake.wait_for("respond", count=3)
    await asyncio.sleep(0.2)
    assert len(cards(slack)) == 1


async def test_a_verdict_is_recorded_and_updates_card_analyses_and_thread(
    slack: Scenario,
) -> None:
    first = await check(slack)
    second = await check(slack)  # the same article checked again: two analyses show it
    claim_id = buttons(first)[0]["value"]
    await slack.driver.press(ids.DISCUSS, claim_id, first["ts"])
    await slack.fake.wait_for("chat.postMessage", count=4)  # 2 placeholders, card, note
    [card] = cards(slack)
    card_ts = card.answer["ts"]
    updates_before = len(slack.fake.of("chat.update"))

    answer = await give_verdict(slack, ClaimStatus.FALSE, claim_id, card_ts,
                                "The minister's own filing contradicts it.")
    assert answer.status == 200
    said = (await slack.fake.wait_for("chat.postMessage", where=lambda c: c.get(
        "thread_ts") == first["ts"] and "set the verdict:" in c["text"]))[0]
    assert buttons(first)[0]["value"] == claim_id
    assert "for “" in said["text"], "the analysis' thread is shared: the note names the claim"
    assert "ana" in said["text"] and "false" in said["text"]
    assert "The minister's own filing contradicts it." in said["text"], "the reason is said"

    stored = await slack.service.claim(TEAM, claim_id)
    assert stored.status is ClaimStatus.FALSE
    assert stored.history[-1].by.id == "U0ANA"
    assert stored.history[-1].by.name == "ana"
    assert stored.history[-1].note == "The minister's own filing contradicts it."

    updates = slack.fake.of("chat.update")[updates_before:]
    by_ts = {u["ts"]: u for u in updates}
    assert card_ts in by_ts, "the claim card shows the verdict"
    assert "*false*" in shown(by_ts[card_ts]) and "ana" in shown(by_ts[card_ts])
    for analysis in (first, second):
        assert analysis["ts"] in by_ts, "every posted analysis showing the claim is updated"
        updated = by_ts[analysis["ts"]]
        [item] = [b for b in updated["blocks"]
                  if b.get("accessory", {}).get("value") == claim_id]
        assert "*false*" in item["text"]["text"]
    verdict_buttons = [e for b in by_ts[card_ts]["blocks"] if b["type"] == "actions"
                       for e in b["elements"]]
    styled = {e["action_id"]: e.get("style") for e in verdict_buttons if e.get("style")}
    assert styled == {ids.verdict_action(ClaimStatus.FALSE): "danger"}, "never green for False"
    assert "The minister's own filing contradicts it." in shown(by_ts[card_ts])
    assert ids.verdict_action(ClaimStatus.OPEN) in [e["action_id"] for e in verdict_buttons]


async def test_buttons_keep_working_after_a_restart(
    redis_settings: Settings, service: Service
) -> None:
    async with slack_scenario(redis_settings, service) as before:
        analysis = await check(before)
        claim_id = buttons(analysis)[0]["value"]
        await before.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
        await before.fake.wait_for("chat.postMessage", count=3)
        card_ts = cards(before)[0].answer["ts"]

    # a new process: new app, new service, new Slack connection; the same Redis
    handle = connect(redis_settings)
    restarted = Service(redis_settings, handle.client, RulesAnalyzer())
    try:
        async with slack_scenario(redis_settings, restarted) as after:
            await give_verdict(after, ClaimStatus.MISLEADING, claim_id, card_ts)
            await after.fake.wait_for("chat.update", count=2)  # card and analysis
            assert {u["ts"] for u in after.fake.of("chat.update")} == {card_ts, analysis["ts"]}
            await after.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
            pointer = (await answered(after))[0]
            assert card_ts.replace(".", "") in pointer["text"]
        assert (await restarted.claim(TEAM, claim_id)).status is ClaimStatus.MISLEADING
    finally:
        await handle.close()


async def test_a_button_for_an_unknown_claim_says_what_to_do(slack: Scenario) -> None:
    await give_verdict(slack, ClaimStatus.VERIFIED, "nosuchclaim", "1700000000.000999")
    told = (await answered(slack))[0]
    assert told["response_type"] == "ephemeral"
    assert "not on this team's desk" in told["text"]
    assert not slack.fake.of("chat.update")


async def test_a_deleted_analysis_does_not_spoil_a_verdict(slack: Scenario) -> None:
    analysis = await check(slack)
    claim_id = buttons(analysis)[0]["value"]
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    await slack.fake.wait_for("chat.postMessage", count=3)
    card_ts = cards(slack)[0].answer["ts"]
    slack.fake.fail("chat.update", "message_not_found",
                    where=lambda c: c.get("ts") == analysis["ts"])

    await give_verdict(slack, ClaimStatus.VERIFIED, claim_id, card_ts)
    await slack.fake.wait_for("chat.postMessage", where=lambda c: "set the verdict:" in c["text"])
    assert (await slack.service.claim(TEAM, claim_id)).status is ClaimStatus.VERIFIED
    assert [u.answer["ok"] for u in slack.fake.of("chat.update")][-2:] == [True, False]
    told = (await answered(slack))[0]
    assert "Verdict saved: *verified*" in told["text"], "saved, and said so"
    assert "1 analysis" in told["text"]
    assert "went wrong" not in told["text"] and "Reference" not in told["text"]


async def test_a_saved_verdict_whose_card_cannot_be_updated_is_still_shown_elsewhere(
    slack: Scenario,
) -> None:
    first = await check(slack)
    second = await check(slack)
    claim_id = buttons(first)[0]["value"]
    await slack.driver.press(ids.DISCUSS, claim_id, first["ts"])
    await slack.fake.wait_for("chat.postMessage", count=4)
    card_ts = cards(slack)[0].answer["ts"]
    updates_before = len(slack.fake.of("chat.update"))
    slack.fake.fail("chat.update", "message_not_found", where=lambda c: c.get("ts") == card_ts)

    await give_verdict(slack, ClaimStatus.FALSE, claim_id, card_ts)
    told = (await answered(slack))[0]
    assert "Verdict saved: *false*" in told["text"]
    assert "the claim message" in told["text"]
    assert "went wrong" not in told["text"] and "Reference" not in told["text"]
    assert (await slack.service.claim(TEAM, claim_id)).status is ClaimStatus.FALSE
    updated = {u["ts"]: u.answer["ok"] for u in slack.fake.of("chat.update")[updates_before:]}
    assert updated == {card_ts: False, first["ts"]: True, second["ts"]: True}, \
        "the analyses are updated although the card was not"
    notes = [c for c in slack.fake.of("chat.postMessage")
             if c.get("thread_ts") == first["ts"] and "set the verdict:" in c["text"]]
    assert len(notes) == 1, "the thread still hears of the verdict"


async def test_a_stopping_app_lets_a_pressed_verdict_finish(slack: Scenario) -> None:
    analysis = await check(slack)
    claim_id = buttons(analysis)[0]["value"]
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    await slack.fake.wait_for("chat.postMessage", count=3)
    card_ts = cards(slack)[0].answer["ts"]
    updates_before = len(slack.fake.of("chat.update"))
    release = slack.fake.hold("chat.update")  # Slack slow to answer, mid-verdict

    await give_verdict(slack, ClaimStatus.FALSE, claim_id, card_ts)
    await slack.fake.wait_for("chat.update", count=updates_before + 1)
    assert len(slack.app.inflight) == 1, "the acknowledged verdict is in flight"
    stopping = asyncio.create_task(slack.app.inflight.drain(30))
    release.set()
    await stopping
    assert len(slack.app.inflight) == 0
    notes = [c for c in slack.fake.of("chat.postMessage")
             if c.get("thread_ts") == analysis["ts"] and "set the verdict:" in c["text"]]
    assert notes, "the drain waited for the verdict to be shown in full"


async def open_card(slack: Scenario) -> tuple[str, str]:
    """A checked article with one claim under discussion: (claim id, card ts); the card
    and the notes are in the analysis' thread (`slack.analysis_ts`)."""
    analysis = await check(slack)
    claim_id = buttons(analysis)[0]["value"]
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    await slack.fake.wait_for("chat.postMessage", where=lambda c: "opened this" in c["text"])
    return claim_id, cards(slack)[0].answer["ts"]


def thread_of(slack: Scenario, card_ts: str) -> str:
    """The thread a card is a reply in."""
    return str(next(c for c in cards(slack) if c.answer["ts"] == card_ts)["thread_ts"])


async def test_reopen_returns_the_claim_to_open_and_says_so(slack: Scenario) -> None:
    claim_id, card_ts = await open_card(slack)
    await give_verdict(slack, ClaimStatus.VERIFIED, claim_id, card_ts)
    await slack.fake.wait_for("chat.postMessage", where=lambda c: "set the verdict:" in c["text"])

    await slack.driver.press(ids.verdict_action(ClaimStatus.OPEN), claim_id, card_ts)
    said = await slack.fake.wait_for("chat.postMessage", where=lambda c: c.get(
        "thread_ts") == thread_of(slack, card_ts) and "reopened this claim" in c["text"])
    assert said[0]["text"].startswith("ana reopened this claim for “")
    assert (await slack.service.claim(TEAM, claim_id)).status is ClaimStatus.OPEN
    card = [u for u in slack.fake.of("chat.update") if u["ts"] == card_ts][-1]
    assert ids.verdict_action(ClaimStatus.OPEN) not in json.dumps(card["blocks"]), \
        "an open claim has no Reopen button"
    assert len(slack.fake.of("views.open")) == 1, "reopening asks for no reason"


async def test_only_the_verdict_group_may_set_verdicts(slack: Scenario) -> None:
    claim_id, card_ts = await open_card(slack)
    settings = await slack.service.team_settings(TEAM)
    await slack.service.save_team_settings(
        TEAM, settings.model_copy(update={"verdict_group": "S0CHECKERS"}))
    slack.fake.groups["S0CHECKERS"] = ["U0BEA"]  # ana (the driver) is not in it

    await slack.driver.press(ids.verdict_action(ClaimStatus.FALSE), claim_id, card_ts)
    told = (await answered(slack))[0]
    assert told["response_type"] == "ephemeral"
    assert "Only the team's fact-checkers can set verdicts" in told["text"]
    assert not slack.fake.of("views.open"), "no form for someone who may not"
    assert (await slack.service.claim(TEAM, claim_id)).status is ClaimStatus.OPEN

    slack.fake.groups["S0CHECKERS"].append("U0ANA")  # checked again at the next press
    await give_verdict(slack, ClaimStatus.FALSE, claim_id, card_ts)
    await slack.fake.wait_for("chat.postMessage", where=lambda c: "set the verdict:" in c["text"])
    assert (await slack.service.claim(TEAM, claim_id)).status is ClaimStatus.FALSE


async def test_the_reason_is_shown_in_the_digest(slack: Scenario) -> None:
    claim_id, card_ts = await open_card(slack)
    await give_verdict(slack, ClaimStatus.MISLEADING, claim_id, card_ts,
                       "The closure was proposed, not approved.")
    await slack.fake.wait_for("chat.postMessage", where=lambda c: "set the verdict:" in c["text"])
    await slack.driver.command("digest today")
    digest = (await answered(slack))[-1]
    assert "The closure was proposed, not approved." in shown_respond(digest)


def shown_respond(call: Call) -> str:
    return str(call.get("text", "")) + json.dumps(call.get("blocks") or [], ensure_ascii=False)
