"""Who may set verdicts: an admin chooses the group (Slack) or role (Discord); anyone else
pressing a verdict is refused privately, and a verdict's reason reaches the card, the
thread and the digest on both platforms."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.records import ClaimStatus, Team
from bot.service import Service
from handlers.discord_bot.threads import REASON_INPUT
from handlers.slack_app import ids
from handlers.slack_app.verdict_group import NOT_ADMIN as SLACK_NOT_ADMIN
from tests.support.articles import HARBOUR
from tests.support.fake_discord import (
    ADMIN_PERMISSIONS,
    GUILD_ID,
    FakeDiscord,
    Interactions,
    all_text,
    components_of,
    discord_api,
    feed,
    is_followup,
    logged_in,
    role_option,
)
from tests.support.fake_slack import TEAM_ID
from tests.support.slack_signing import Scenario

SLACK_TEAM = Team(platform="slack", id=TEAM_ID)
CHECKERS = 555000000000000001  # a Discord role


# ------------------------------------------------------------------ Slack


async def slack_told(slack: Scenario, count: int) -> str:
    answers = await slack.fake.wait_for("respond", count=count)
    assert answers[count - 1]["response_type"] == "ephemeral"
    return str(answers[count - 1]["text"])


async def test_slack_only_an_admin_chooses_the_verdict_group(slack: Scenario) -> None:
    mention = "<!subteam^S0CHECKERS|@checkers>"
    await slack.driver.command(f"verdict-group {mention}")
    assert await slack_told(slack, 1) == f":information_source: {SLACK_NOT_ADMIN}"
    assert (await slack.service.team_settings(SLACK_TEAM)).verdict_group is None

    slack.fake.admins.add("U0ANA")
    await slack.driver.command(f"verdict-group {mention}")
    said = await slack_told(slack, 2)
    assert said.startswith("Saved.") and "S0CHECKERS" in said
    assert (await slack.service.team_settings(SLACK_TEAM)).verdict_group == "S0CHECKERS"
    assert not slack.fake.of("chat.postMessage"), "a setting, not an article to check"

    await slack.driver.command("verdict-group")  # anyone may ask
    assert "Only members of the user group `S0CHECKERS`" in await slack_told(slack, 3)
    await slack.driver.command("verdict-group anyone")
    assert "Anyone in the workspace" in await slack_told(slack, 4)
    assert (await slack.service.team_settings(SLACK_TEAM)).verdict_group is None
    await slack.driver.command("verdict-group everybody please")
    assert "`/factcheck verdict-group @group`" in await slack_told(slack, 5)


async def test_slack_a_member_outside_the_group_is_refused_privately(slack: Scenario) -> None:
    slack.fake.admins.add("U0ANA")
    slack.fake.groups["S0CHECKERS"] = ["U0BEA"]
    await slack.driver.command("verdict-group S0CHECKERS")
    await slack_told(slack, 1)
    await slack.driver.command(HARBOUR)
    analysis = (await slack.fake.wait_for("chat.update"))[0]
    claim_id = next(b["accessory"]["value"] for b in analysis["blocks"] if "accessory" in b)
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    card = (await slack.fake.wait_for("chat.postMessage", where=lambda c: "factdesk:verdict:"
                                      in json.dumps(c.get("blocks"))))[0]

    await slack.driver.press(ids.verdict_action(ClaimStatus.FALSE), claim_id, card.answer["ts"])
    refused = await slack_told(slack, 3)  # after "Discussion opened"
    assert "Only the team's fact-checkers can set verdicts" in refused
    assert not slack.fake.of("views.open"), "no reason form for someone who may not"
    assert (await slack.service.claim(SLACK_TEAM, claim_id)).status is ClaimStatus.OPEN


# ------------------------------------------------------------------ Discord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


async def answer_to(fake: FakeDiscord, payload: dict[str, Any]) -> str:
    token = payload["token"]

    def said(call: Any) -> bool:
        body = call.message if call.sends_message() else {}
        return token in call.path and bool(body.get("content"))

    [found] = await fake.wait_for(said)
    assert found.message.get("flags", 0) & 64, "said privately"
    return str(found.message["content"])


async def test_discord_only_an_admin_chooses_the_verdict_role(
    fake: FakeDiscord, service: Service
) -> None:
    option, resolved = role_option("role", CHECKERS, "fact-checkers")
    team = Team(platform="discord", id=str(GUILD_ID))
    async with logged_in(service) as bot:
        member = Interactions(fake)
        asked = member.command("factcheck-verdicts", [option], resolved)
        feed(bot, asked)
        assert "Only server admins" in await answer_to(fake, asked)
        assert (await service.team_settings(team)).verdict_group is None

        admin = Interactions(fake, permissions=ADMIN_PERMISSIONS)
        chosen = admin.command("factcheck-verdicts", [option], resolved)
        feed(bot, chosen)
        said = await answer_to(fake, chosen)
        assert said.startswith("Saved.") and f"<@&{CHECKERS}>" in said
        assert (await service.team_settings(team)).verdict_group == str(CHECKERS)
        mentions = [c.message.get("allowed_mentions") for c in fake.calls
                    if chosen["token"] in c.path and c.sends_message()]
        assert {"parse": []} in mentions, "naming the role pings no one"

        shown = member.command("factcheck-verdicts", [])
        feed(bot, shown)
        assert f"Only members of <@&{CHECKERS}>" in await answer_to(fake, shown)


async def test_discord_refusal_outside_the_role_and_the_reason_everywhere(
    fake: FakeDiscord, service: Service
) -> None:
    team = Team(platform="discord", id=str(GUILD_ID))
    settings = await service.team_settings(team)
    await service.save_team_settings(team, settings.model_copy(
        update={"verdict_group": str(CHECKERS)}))
    outsider = Interactions(fake)
    checker = Interactions(fake, user_id=300000000000000002, user_name="bea",
                           roles=[CHECKERS])
    async with logged_in(service) as bot:
        payload = outsider.slash("factcheck", {"text": HARBOUR})
        feed(bot, payload)
        await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path)
        first = next(m for m in reversed(list(fake.messages.values())) if m["components"])
        discuss = next(c["custom_id"] for c in components_of(first)
                       if c["custom_id"].startswith("factdesk:discuss:"))
        claim_id = discuss.split(":")[-1]
        opened = outsider.button(first, discuss)
        feed(bot, opened)
        await fake.wait_for(lambda c: is_followup(c) and opened["token"] in c.path)
        thread_id = next(iter(fake.threads))
        thread = fake.threads[thread_id]
        card = next(m for m in fake.messages.values() if m["channel_id"] == str(thread_id))
        verdict = f"factdesk:verdict:{claim_id}:misleading"

        refused = outsider.button(card, verdict, channel=thread)
        feed(bot, refused)
        assert "Only the team's fact-checkers can set verdicts" in await answer_to(
            fake, refused)
        callbacks = [c for c in fake.calls if c.path.endswith(f"/{refused['token']}/callback")]
        assert [c.json["type"] for c in callbacks] == [4], "refused at once, no form"

        pressed = checker.button(card, verdict, channel=thread)
        feed(bot, pressed)
        [form] = await fake.wait_for(lambda c: c.path.endswith(f"/{pressed['token']}/callback"))
        assert form.json["type"] == 9
        submit = checker.modal_submit(form.json["data"]["custom_id"],
                                      {REASON_INPUT: "Proposed, not approved."},
                                      message=card, channel=thread)
        feed(bot, submit)
        [note] = await fake.wait_for(lambda c: is_followup(c) and submit["token"] in c.path)
        assert note.json["content"].endswith("Why: Proposed, not approved.")
        edits = fake.find("PATCH", rf"/webhooks/\d+/{submit['token']}/messages/@original")
        assert "Proposed, not approved." in all_text(edits[-1].json), "on the card"
        assert (await service.claim(team, claim_id)).status is ClaimStatus.MISLEADING

        digest = checker.slash("factcheck-digest", {"window": "today"})
        feed(bot, digest)
        [shown] = await fake.wait_for(lambda c: is_followup(c) and digest["token"] in c.path)
        assert "Proposed, not approved." in all_text(shown.json), "in the digest"

        assert f"factdesk:verdict:{claim_id}:open" in [
            c["custom_id"] for c in components_of(edits[-1].json)], "the card offers Reopen"
        updated = {**card, "components": edits[-1].json["components"]}  # the card now
        reopened = checker.button(updated, f"factdesk:verdict:{claim_id}:open", channel=thread)
        feed(bot, reopened)
        [said] = await fake.wait_for(lambda c: is_followup(c) and reopened["token"] in c.path)
        assert said.json["content"] == "bea reopened this claim."
        [answer] = [c for c in fake.calls if c.path.endswith(f"/{reopened['token']}/callback")]
        assert answer.json["type"] == 6, "reopening asks for no reason"
        assert (await service.claim(team, claim_id)).status is ClaimStatus.OPEN
