"""Checking on Slack, end to end: signed requests to the real Bolt app over HTTP, a fake
Slack Web API that records what the app sent, a real Redis, a real local web server.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.records import Team
from handlers.slack_app import ids
from tests.support.articles import HARBOUR, SCHOOLS, html_page
from tests.support.fake_slack import TEAM_ID, Call
from tests.support.http_server import LocalHTTPServer
from tests.support.slack_signing import Scenario

TEAM = Team(platform="slack", id=TEAM_ID)


def all_text(call: Call) -> str:
    """Everything a message shows: its notification text and its blocks, as JSON."""
    return str(call.get("text", "")) + json.dumps(call.get("blocks", []), ensure_ascii=False)


def section_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def discuss_buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in blocks
            if b.get("accessory", {}).get("action_id") == ids.DISCUSS]


async def test_command_with_a_link_acks_posts_placeholder_then_the_analysis(
    slack: Scenario, http_server: LocalHTTPServer
) -> None:
    http_server.page("/valmora", html_page("Valmora port to close terminal", HARBOUR))
    link = http_server.url("/valmora")

    answer = await slack.driver.command(f"<{link}>")

    assert answer.status == 200
    placeholder = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert placeholder["channel"] == "C0NEWS"
    assert "Checking" in placeholder["text"] and link in placeholder["text"]
    update = (await slack.fake.wait_for("chat.update"))[0]
    assert update["ts"] == placeholder.answer["ts"], "the placeholder is replaced"
    assert update["channel"] == "C0NEWS"
    assert update["parse"] == "none" and update["link_names"] is False
    blocks = update["blocks"]
    assert blocks[0]["type"] == "section", "the status line comes first"
    assert re.match(r"\*\d+ attributions? to verify · .* · \d+ claims\*\n",
                    blocks[0]["text"]["text"])
    assert "*Valmora port to close terminal*" in blocks[0]["text"]["text"]
    assert len(blocks) <= 12
    shown = all_text(update)
    assert "Coastal Ledger" in shown
    assert "Oduya" in shown, "the denial is shown"
    assert "declined to comment" in shown or "Nordlane" in shown
    assert "on the word of" in shown
    buttons = discuss_buttons(blocks)
    assert buttons, "flagged claims can be discussed"
    assert blocks[-1]["type"] == "context" and "rules" in json.dumps(blocks[-1])
    assert http_server.requests == ["/valmora"]

    # the desk knows where the analysis was posted, for updates after verdicts
    checks = await slack.service.checks_showing(TEAM, buttons[0]["value"])
    assert checks and checks[0].check is not None
    assert checks[0].check.result_message is not None
    assert checks[0].check.result_message.channel == "C0NEWS"
    assert checks[0].check.result_message.message == update["ts"]


async def test_command_with_pasted_text(slack: Scenario) -> None:
    # Slack escapes &, < and > in a command's text; the check sees the text as written
    pasted = SCHOOLS.replace("&", "&amp;")
    await slack.driver.command(pasted)

    update = (await slack.fake.wait_for("chat.update"))[0]
    shown = all_text(update)
    assert "\n*Pasted article*" in update["blocks"][0]["text"]["text"]
    assert "Maria Santos" in shown
    assert "leaked budget document" in shown
    placeholder = slack.fake.of("chat.postMessage")[0]
    assert "pasted text" in placeholder["text"]


async def test_empty_command_opens_the_modal_and_its_submission_is_checked(
    slack: Scenario,
) -> None:
    answer = await slack.driver.command("   ")
    assert answer.status == 200

    opened = (await slack.fake.wait_for("views.open"))[0]
    assert opened["trigger_id"] == slack.driver.last_trigger
    view = opened["view"]
    assert view["callback_id"] == ids.MODAL
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 1 + ids.TEXT_PARTS
    assert all(b["element"].get("max_length", 3000) <= 3000 for b in inputs)
    assert not slack.fake.of("chat.postMessage"), "nothing is posted before a submission"

    # an empty submission is refused inside the modal, with what to do
    refused = await slack.driver.submit(ids.MODAL, {}, view["private_metadata"])
    assert refused.status == 200
    assert json.loads(refused.text)["response_action"] == "errors"
    assert "Paste a link" in refused.text

    # the article split over two boxes is checked as one
    half = len(HARBOUR) // 2
    cut = HARBOUR.rfind("\n\n", 0, half)
    values = {
        ids.text_block(1): {ids.TEXT_ACTION: {"type": "plain_text_input",
                                              "value": HARBOUR[:cut]}},
        ids.text_block(2): {ids.TEXT_ACTION: {"type": "plain_text_input",
                                              "value": HARBOUR[cut:]}},
        ids.LINK_BLOCK: {ids.LINK_ACTION: {"type": "plain_text_input", "value": None}},
    }
    accepted = await slack.driver.submit(ids.MODAL, values, view["private_metadata"])
    assert accepted.status == 200 and accepted.text == ""

    placeholder = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert placeholder["channel"] == "C0NEWS"
    update = (await slack.fake.wait_for("chat.update"))[0]
    shown = all_text(update)
    assert "Elena Brask" in shown, "text from the first box"
    assert "Oduya" in shown, "text from the second box"


async def test_a_modal_check_in_a_channel_closed_to_the_bot_is_answered_directly(
    slack: Scenario,
) -> None:
    # the modal gives no response URL, and a private channel refuses our ephemeral too
    slack.fake.fail("chat.postMessage", "not_in_channel",
                    where=lambda c: c.get("channel") == "C0SECRET")
    slack.fake.fail("chat.postEphemeral", "channel_not_found")
    meta = json.dumps({"channel": "C0SECRET"})
    link = {ids.LINK_BLOCK: {ids.LINK_ACTION: {"type": "plain_text_input",
                                               "value": "https://news.example/a"}}}
    accepted = await slack.driver.submit(ids.MODAL, link, meta)
    assert accepted.text == ""
    direct = (await slack.fake.wait_for("chat.postMessage", where=lambda c: c.get(
        "channel") == "U0ANA"))[0]
    assert "/invite @factdesk" in direct["text"]
    assert slack.fake.of("chat.postEphemeral")[0]["channel"] == "C0SECRET", "tried first"


async def test_message_shortcut_checks_the_message_text(slack: Scenario) -> None:
    answer = await slack.driver.shortcut(ids.SHORTCUT, HARBOUR, ts="1690000000.000100")
    assert answer.status == 200

    placeholder = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert placeholder["thread_ts"] == "1690000000.000100", "answered beside the message"
    update = (await slack.fake.wait_for("chat.update"))[0]
    assert "Elena Brask" in all_text(update)
    assert discuss_buttons(update["blocks"])


async def test_message_shortcut_on_a_link(slack: Scenario, http_server: LocalHTTPServer
                                          ) -> None:
    http_server.page("/schools", html_page("Council merges schools", SCHOOLS))
    link = http_server.url("/schools")
    await slack.driver.shortcut(ids.SHORTCUT, f"worth a look <{link}|{link}>")

    update = (await slack.fake.wait_for("chat.update"))[0]
    assert "\n*Council merges schools*" in update["blocks"][0]["text"]["text"]
    assert http_server.requests == ["/schools"]


async def test_the_modal_takes_a_link_and_refuses_a_link_and_text_together(
    slack: Scenario, http_server: LocalHTTPServer
) -> None:
    http_server.page("/schools", html_page("Council merges schools", SCHOOLS))
    await slack.driver.command("")
    view = (await slack.fake.wait_for("views.open"))[0]["view"]
    link = {ids.LINK_BLOCK: {ids.LINK_ACTION: {"value": http_server.url("/schools")}}}
    text = {ids.text_block(1): {ids.TEXT_ACTION: {"value": SCHOOLS}}}

    both = await slack.driver.submit(ids.MODAL, link | text, view["private_metadata"])
    assert json.loads(both.text)["errors"][ids.LINK_BLOCK].startswith("Give either")

    await slack.driver.submit(ids.MODAL, link, view["private_metadata"])
    update = (await slack.fake.wait_for("chat.update"))[0]
    assert "\n*Council merges schools*" in update["blocks"][0]["text"]["text"]
    assert update["channel"] == "C0NEWS", "posted where /factcheck was typed"
