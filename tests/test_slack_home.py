"""Slack's App Home tab: `app_home_opened` → `views.publish` for that reader, with the desk
at a glance; its verdict buttons work as on the claim's card. The real Bolt app over
signed HTTP, the fake Slack Web API, a real Redis."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from bot.records import Actor, ClaimStatus, Place, Team
from bot.service import Service
from handlers.slack_app import ids
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.fake_slack import TEAM_ID
from tests.support.slack_signing import Scenario, SlackUser

TEAM = Team(platform="slack", id=TEAM_ID)
ANA = Actor(id="U0ANA", name="ana")
BEN = Actor(id="U0BEN", name="ben")
HERE = Place(channel="C0NEWS")
PINGS = re.compile(r"<@|<!(?!date\^)|@(here|channel|everyone)\b", re.IGNORECASE)


async def discuss(slack: Scenario, service: Service, claim_id: str) -> None:
    """Press Discuss on the analysis, as Ana, and wait until the desk has the thread."""
    await slack.driver.press(ids.DISCUSS, claim_id, "1700000000.000001")
    for _ in range(500):
        if (await service.claim(TEAM, claim_id)).thread is not None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the thread was not recorded")


def view_of(call: Any) -> dict[str, Any]:
    view = call["view"]
    return view if isinstance(view, dict) else dict(json.loads(view))


def text_of(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def test_the_home_tab_shows_the_desk_to_its_reader(slack: Scenario,
                                                         service: Service) -> None:
    harbour = await service.check(TEAM, HARBOUR, ANA, HERE)
    await service.check(TEAM, SCHOOLS, BEN, HERE)
    secret = next(i.claim for i in harbour.flagged if "in secret" in i.claim.quote)
    await service.set_verdict(TEAM, secret.id, ClaimStatus.FALSE, ANA)
    cranes = next(i.claim for i in harbour.flagged if "cranes" in i.claim.quote)
    # Ana opens the cranes' discussion through the app, as from the analysis
    await discuss(slack, service, cranes.id)

    answer = await slack.driver.home_opened()
    assert answer.status == 200
    [published] = await slack.fake.wait_for("views.publish")
    assert published["user_id"] == "U0ANA"
    view = view_of(published)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = text_of(view)
    assert "This week's verdicts (1)" in text and "false *1*" in text
    open_total = len(harbour.flagged) - 1 + 3
    assert f"Open claims, oldest first ({open_total})" in text
    assert "Your open discussions (1)" in text
    assert text.index("The port of Valmora will close") < text.index("three primary schools"), \
        "oldest first"
    thread = (await service.claim(TEAM, cranes.id)).thread
    assert thread is not None and thread.url and thread.url in text, "opens its thread"
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["value"] for b in buttons} == {cranes.id}, "verdicts where there is a thread"
    assert "approved in secret" not in text, "settled: not open"
    assert not PINGS.search(text)

    # another reader has no discussions of their own
    slack.driver.user = SlackUser(id="U0BEN", name="ben")
    await slack.driver.home_opened()
    published = (await slack.fake.wait_for("views.publish", count=2))[1]
    assert published["user_id"] == "U0BEN"
    assert "Your open discussions (0)" in text_of(view_of(published))


async def test_a_verdict_pressed_on_the_home_tab_is_saved_and_said_in_the_thread(
    slack: Scenario, service: Service
) -> None:
    harbour = await service.check(TEAM, HARBOUR, ANA, HERE)
    cranes = next(i.claim for i in harbour.flagged if "cranes" in i.claim.quote)
    await discuss(slack, service, cranes.id)
    card = (await slack.fake.wait_for("chat.postMessage"))[0]  # the card; then its note
    card_ts = card.answer["ts"]
    await slack.driver.home_opened()
    [published] = await slack.fake.wait_for("views.publish")
    [row] = [b for b in view_of(published)["blocks"] if b["type"] == "actions"]
    false_button = next(e for e in row["elements"]
                        if e["action_id"] == ids.verdict_action(ClaimStatus.FALSE))

    payload = slack.driver._base("block_actions") | {
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home", "blocks": []},
        "actions": [false_button | {"block_id": row["block_id"],
                                    "action_ts": "1700000002.000001"}],
    }
    await slack.driver.interact(payload)
    [form] = await slack.fake.wait_for("views.open")
    view = view_of(form)
    await slack.driver.submit(ids.REASON_MODAL, {ids.REASON_BLOCK: {ids.REASON_ACTION: {
        "type": "plain_text_input", "value": "Inspection log shows passes."}}},
        view["private_metadata"])
    await slack.fake.wait_for("chat.update", where=lambda c: c.get("ts") == card_ts)
    assert (await service.claim(TEAM, cranes.id)).status is ClaimStatus.FALSE
    [note] = await slack.fake.wait_for(
        "chat.postMessage", where=lambda c: c.get("thread_ts") == card_ts
        and "*false*" in str(c.get("text")))
    assert "Inspection log shows passes." in note["text"]


def test_the_manifest_asks_for_the_home_tab_and_the_export_scopes() -> None:
    manifest = Path(ids.__file__).with_name("manifest.yaml").read_text("utf-8")
    assert "home_tab_enabled: true" in manifest
    assert "- app_home_opened" in manifest
    for scope in ("im:write", "files:write"):
        assert f"- {scope} " in manifest
