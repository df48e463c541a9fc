"""Digests on Slack: `/factcheck digest-settings` (admins change, everyone looks) and
`/factcheck digest [window]`.

Our real app over signed HTTP, the fake Slack Web API (which knows who is an admin and
who is in which user group), a real Redis; the desk is built through the service and
the app, as a team would build it by checking articles and opening threads.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.analyzers.rules import RulesAnalyzer
from bot.records import Actor, ClaimStatus, Place, Team, TeamSettings
from bot.redis_conn import connect
from bot.scheduler import DigestScheduler
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import ids
from handlers.slack_app.digest_settings import PICK_A_CHANNEL
from handlers.slack_app.digests import NOT_ADMIN, DigestPoster
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.fake_slack import TEAM_ID, WORKSPACE, Call
from tests.support.slack_signing import Scenario, SlackUser, slack_scenario
from tests.test_slack_render import assert_within_limits

TEAM = Team(platform="slack", id=TEAM_ID)
ANA = Actor(id="U0ANA", name="ana")
#: A ping in what we post: a mention or broadcast, but not our own `<!date^…>` times.
PINGS = re.compile(r"<@|<!(?!date\^)|@(here|channel|everyone)\b", re.IGNORECASE)



@pytest.fixture
async def slack(redis_settings: Settings) -> AsyncIterator[Scenario]:
    async with scenario(redis_settings) as made:
        yield made


@asynccontextmanager
async def scenario(settings: Settings) -> AsyncIterator[Scenario]:
    handle = connect(settings)
    try:
        service = Service(settings, handle.client, RulesAnalyzer())
        async with slack_scenario(settings, service) as made:
            yield made
    finally:
        await handle.close()


async def told(slack: Scenario, count: int = 1) -> Call:
    """The latest private answer (through the command's response URL)."""
    answers = await slack.fake.wait_for("respond", count=count)
    assert answers[-1]["response_type"] == "ephemeral"
    return answers[-1]


def form_values(channel: str | None = None, hour: int = 9, zone: str = "UTC",
                off: bool = False) -> dict[str, dict[str, Any]]:
    """What Slack sends back from the settings form, as its `state.values`."""
    option = {"text": {"type": "plain_text", "text": f"{hour:02d}:00"}, "value": str(hour)}
    return {
        ids.CHANNEL_BLOCK: {ids.CHANNEL_ACTION: {"type": "conversations_select",
                                                 "selected_conversation": channel}},
        ids.HOUR_BLOCK: {ids.HOUR_ACTION: {"type": "static_select", "selected_option": option}},
        ids.ZONE_BLOCK: {ids.ZONE_ACTION: {"type": "plain_text_input", "value": zone}},
        ids.OFF_BLOCK: {ids.OFF_ACTION: {"type": "checkboxes", "selected_options": (
            [{"text": {"type": "plain_text", "text": "off"}, "value": "off"}] if off else [])}},
    }


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return dict(found["element"])


# ------------------------------------------------------------------ settings


async def test_an_admin_changes_the_settings_in_a_form_filled_with_the_current_ones(
    slack: Scenario
) -> None:
    slack.fake.admins.add("U0ANA")
    await slack.service.save_team_settings(TEAM, TeamSettings(digest_hour=6,
                                                               timezone="Asia/Tokyo"))
    await slack.driver.command("digest-settings")

    opened = (await slack.fake.wait_for("views.open"))[0]
    assert opened["trigger_id"] == slack.driver.last_trigger
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert view["callback_id"] == ids.SETTINGS_MODAL
    picker = element(view, ids.CHANNEL_BLOCK)
    assert picker["type"] == "conversations_select" and "initial_conversation" not in picker
    assert picker["filter"]["exclude_external_shared_channels"] is True
    assert picker["filter"]["exclude_bot_users"] is True
    assert element(view, ids.HOUR_BLOCK)["initial_option"]["value"] == "6"
    assert element(view, ids.ZONE_BLOCK)["initial_value"] == "Asia/Tokyo"
    assert "*off*" in view["blocks"][0]["text"]["text"], "the form says what is set now"
    assert not slack.fake.of("respond"), "nothing else is said until it is saved"

    answer = await slack.driver.submit(ids.SETTINGS_MODAL,
                                       form_values("C0DIGEST", 7, "europe/paris"),
                                       view["private_metadata"])
    assert answer.status == 200 and answer.text == "", "the form closes"
    saved = await told(slack)
    assert await slack.service.team_settings(TEAM) == TeamSettings(
        digest_channel="C0DIGEST", digest_hour=7, timezone="Europe/Paris")
    assert saved["text"].startswith("Saved.") and "<#C0DIGEST>" in saved["text"]
    assert "07:00 Europe/Paris" in saved["text"]

    # opened again, the form shows the channel; `off` turns it off, keeping hour and zone
    await slack.driver.command("digest-settings")
    again = (await slack.fake.wait_for("views.open", count=2))[1]
    view = again["view"] if isinstance(again["view"], dict) else json.loads(again["view"])
    assert element(view, ids.CHANNEL_BLOCK)["initial_conversation"] == "C0DIGEST"
    await slack.driver.command("digest-settings off")
    assert "*off*" in (await told(slack, 2))["text"]
    assert await slack.service.team_settings(TEAM) == TeamSettings(
        digest_channel=None, digest_hour=7, timezone="Europe/Paris")


async def test_a_channel_shared_outside_the_workspace_is_refused_on_the_form(
    slack: Scenario
) -> None:
    slack.fake.admins.add("U0ANA")
    meta = json.dumps({"channel": "C0NEWS", "response_url": slack.fake.response_url})
    slack.fake.channels["C0CONNECT"] = {"is_shared": True, "is_ext_shared": True,
                                        "shared_team_ids": [TEAM_ID, "T0OTHERORG"]}
    slack.fake.channels["C0INVITED"] = {"is_pending_ext_shared": True}
    slack.fake.channels["C0GRID"] = {"is_org_shared": True,
                                     "shared_team_ids": [TEAM_ID, "T0SISTER"]}
    for channel in ("C0CONNECT", "C0INVITED", "C0GRID"):
        answer = await slack.driver.submit(ids.SETTINGS_MODAL, form_values(channel, 7), meta)
        assert answer.status == 200
        refusal = json.loads(answer.text)
        assert refusal["response_action"] == "errors"
        assert "shared with people outside this workspace" in refusal["errors"][
            ids.CHANNEL_BLOCK], channel
    assert [c["channel"] for c in slack.fake.of("conversations.info")] == [
        "C0CONNECT", "C0INVITED", "C0GRID"]

    # a private channel factdesk is not in: Slack will not describe it, so it is not taken
    slack.fake.fail("conversations.info", "channel_not_found")
    answer = await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0SECRET", 7), meta)
    assert "/invite @factdesk" in json.loads(answer.text)["errors"][ids.CHANNEL_BLOCK]
    assert await slack.service.team_settings(TEAM) == TeamSettings(), "nothing was saved"
    assert not slack.fake.of("respond") and not slack.fake.of("users.info")

    # the workspace's own channel is saved
    answer = await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 7), meta)
    assert answer.text == ""
    assert (await told(slack))["text"].startswith("Saved.")
    assert (await slack.service.team_settings(TEAM)).digest_channel == "C0DIGEST"


async def test_answers_go_through_the_web_api_when_the_response_url_is_refused(
    slack: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    # a response URL expires after 30 minutes: an admin slow to fill the form in
    slack.fake.admins.add("U0ANA")
    meta = json.dumps({"channel": "C0NEWS", "response_url": slack.fake.response_url})
    slack.fake.fail("respond", "expired_url")
    with caplog.at_level(logging.WARNING):
        await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 7), meta)
        fallback = (await slack.fake.wait_for("chat.postEphemeral"))[0]
    assert slack.fake.of("respond")[0].answer["ok"] is False, "the response URL was tried"
    assert (fallback["channel"], fallback["user"]) == ("C0NEWS", "U0ANA")
    assert fallback["text"].startswith("Saved.")
    assert any("expired_url" in r.getMessage() for r in caplog.records), "and it is logged"

    # a command's answer too (used up after five answers)
    slack.fake.fail("respond", "used_url")
    await slack.driver.command("digest fortnight")
    fallback = (await slack.fake.wait_for("chat.postEphemeral", count=2))[1]
    assert "Unknown window" in fallback["text"] and fallback["user"] == "U0ANA"

    # no channel to answer in: a direct message to the user
    slack.fake.fail("respond", "expired_url")
    meta = json.dumps({"channel": None, "response_url": slack.fake.response_url})
    await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 8), meta)
    direct = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert direct["channel"] == "U0ANA" and direct["text"].startswith("Saved.")
    assert len(slack.fake.of("chat.postEphemeral")) == 2


async def test_a_member_is_refused_clearly_and_may_look(slack: Scenario) -> None:
    settings = TeamSettings(digest_channel="C0DIGEST", digest_hour=9, timezone="Asia/Tokyo")
    await slack.service.save_team_settings(TEAM, settings)

    await slack.driver.command("digest-settings")
    refusal = await told(slack)
    assert refusal["text"].endswith(NOT_ADMIN) and "Traceback" not in refusal["text"]
    assert slack.fake.of("users.info")[0]["user"] == "U0ANA", "asked Slack who they are"
    assert not slack.fake.of("views.open"), "no form for a member"

    await slack.driver.command("digest-settings off")
    assert (await told(slack, 2))["text"].endswith(NOT_ADMIN)
    assert await slack.service.team_settings(TEAM) == settings, "nothing changed"

    # a form submitted by someone who is no longer an admin is refused too
    metadata = json.dumps({"channel": "C0NEWS", "response_url": slack.fake.response_url})
    await slack.driver.submit(ids.SETTINGS_MODAL, form_values(off=True), metadata)
    assert (await told(slack, 3))["text"].endswith(NOT_ADMIN)
    assert await slack.service.team_settings(TEAM) == settings

    await slack.driver.command("digest-settings show")
    shown = (await told(slack, 4))["text"]
    assert "<#C0DIGEST>" in shown and "09:00 Asia/Tokyo" in shown
    assert not shown.startswith("Saved")


async def test_a_digest_that_could_not_be_posted_is_shown_with_the_settings_until_saved(
    slack: Scenario, redis_settings: Settings
) -> None:
    daily = TeamSettings(digest_channel="C0DIGEST", digest_hour=0, timezone="UTC")
    await slack.service.save_team_settings(TEAM, daily)
    slack.fake.fail("chat.postMessage", "not_in_channel")
    handle = connect(redis_settings)
    try:
        poster = DigestPoster(AsyncWebClient(token="xoxb-test", base_url=slack.fake.api_url))
        scheduler = DigestScheduler(handle.client, slack.service.desk, poster.post)
        assert await scheduler.run_due(datetime(2031, 12, 2, 0, 30, tzinfo=UTC)) == []
    finally:
        await handle.close()
    warning = ("⚠ The digest of 2 Dec could not be posted: factdesk is not in that channel. "
               "Invite it (`/invite @factdesk`) or pick another channel.")

    # anyone who looks is told, under the settings
    await slack.driver.command("digest-settings show")
    shown = (await told(slack))["text"]
    assert shown.startswith("The daily digest is posted in <#C0DIGEST>")
    assert shown.endswith("\n" + warning)

    # so is the admin who opens the form; saving it clears the problem
    slack.fake.admins.add("U0ANA")
    await slack.driver.command("digest-settings")
    opened = (await slack.fake.wait_for("views.open"))[0]
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert view["blocks"][0]["text"]["text"].endswith(warning)
    await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 0),
                              view["private_metadata"])
    saved = (await told(slack, 2))["text"]
    assert saved.startswith("Saved.") and "⚠" not in saved
    await slack.driver.command("digest-settings show")
    again = (await told(slack, 3))["text"]
    assert "<#C0DIGEST>" in again and "⚠" not in again and "could not be posted" not in again


async def test_owners_and_the_admin_group_may_change_them(redis_settings: Settings) -> None:
    settings = redis_settings.model_copy(update={"slack_admin_group": "S0DESK"})
    async with scenario(settings) as slack:
        slack.fake.groups["S0DESK"] = ["U0EDITOR", "U0ANA"]
        await slack.service.save_team_settings(TEAM, TeamSettings(digest_channel="C0DIGEST"))
        await slack.driver.command("digest-settings off")
        assert "*off*" in (await told(slack))["text"]
        assert (await slack.service.team_settings(TEAM)).digest_channel is None
        assert slack.fake.of("usergroups.users.list")[0]["usergroup"] == "S0DESK"

        slack.driver.user = SlackUser(id="U0BOSS", name="boss")
        slack.fake.owners.add("U0BOSS")
        await slack.driver.command("digest-settings")
        await slack.fake.wait_for("views.open")
        assert len(slack.fake.of("usergroups.users.list")) == 1, "an owner needs no group"

        slack.driver.user = SlackUser(id="U0BEN", name="ben")  # neither
        await slack.driver.command("digest-settings off")
        assert (await told(slack, 2))["text"].endswith(NOT_ADMIN)


async def test_a_missing_scope_is_explained_to_whoever_asks(slack: Scenario) -> None:
    slack.fake.fail("users.info", "missing_scope")
    await slack.driver.command("digest-settings")
    text = (await told(slack))["text"]
    assert "users:read" in text and "reinstall" in text
    assert "Reference" not in text, "a setup problem, not our fault"


async def test_the_form_explains_a_bad_zone_and_a_missing_channel(slack: Scenario) -> None:
    slack.fake.admins.add("U0ANA")
    metadata = json.dumps({"channel": "C0NEWS", "response_url": slack.fake.response_url})
    bad_zone = await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 9, "Paris"),
                                         metadata)
    errors = json.loads(bad_zone.text)
    assert errors["response_action"] == "errors"
    message = errors["errors"][ids.ZONE_BLOCK]
    assert "Unknown time zone 'Paris'" in message and "Europe/Paris" in message

    no_channel = await slack.driver.submit(ids.SETTINGS_MODAL, form_values(None), metadata)
    assert json.loads(no_channel.text)["errors"] == {ids.CHANNEL_BLOCK: PICK_A_CHANNEL}
    assert await slack.service.team_settings(TEAM) == TeamSettings(), "nothing saved"


async def test_unknown_words_get_the_usage(slack: Scenario) -> None:
    await slack.driver.command("digest-settings #newsdesk 9 Europe/Paris")
    text = (await told(slack))["text"]
    assert "opens the settings form" in text and "show" in text and "off" in text
    assert not slack.fake.of("users.info")


# ------------------------------------------------------------------ /factcheck digest


async def test_the_digest_is_shown_to_the_asker_only_with_links_to_threads(
    slack: Scenario
) -> None:
    await slack.driver.command(HARBOUR)
    analysis = (await slack.fake.wait_for("chat.update"))[0]
    claim_id = next(b["accessory"]["value"] for b in analysis["blocks"] if "accessory" in b)
    await slack.driver.press(ids.DISCUSS, claim_id, analysis["ts"])
    card = (await slack.fake.wait_for("chat.postMessage", count=3))[1]  # then a note in it
    await slack.service.check(TEAM, SCHOOLS, Actor(id="U0BEN", name="Ben"),
                              Place(channel="C0NEWS"))
    await slack.service.set_verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA)
    still_open = await slack.service.claims(TEAM, ClaimStatus.OPEN)
    assert still_open, "the articles leave claims open"
    posted = len(slack.fake.of("chat.postMessage"))

    await slack.fake.wait_for("respond")  # the private "Discussion opened" to the presser
    await slack.driver.command("digest 7d")
    reply = await told(slack, count=2)
    blocks = reply["blocks"]
    assert_within_limits(blocks)
    assert blocks[0] == {"type": "header", "text": {
        "type": "plain_text", "text": "factdesk digest · the last 7 days", "emoji": False}}
    text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "*2 checks* of 2 articles by ana (1), Ben (1)" in text
    assert f"*{len(await slack.service.claims(TEAM))} flagged*" in text
    assert "*1 verdict* (false 1)" in text and f"*{len(still_open)} still open*" in text
    verdicts = next(b["text"]["text"] for b in blocks if "*Verdicts (1)*" in str(b))
    assert ":x: *false* by ana" in verdicts
    permalink = f"{WORKSPACE}/archives/C0NEWS/p{card.answer['ts'].replace('.', '')}"
    assert f"<{permalink}|thread>" in verdicts, "the verdict links to the claim's thread"
    assert PINGS.search(text) is None
    assert len(slack.fake.of("chat.postMessage")) == posted, "nothing posted in the channel"


async def test_an_empty_digest_is_one_line(slack: Scenario) -> None:
    await slack.driver.command("digest yesterday")
    reply = await told(slack)
    assert not reply.get("blocks")
    assert "\n" not in reply["text"] and "nothing was checked, flagged or settled" in reply["text"]
    assert reply["text"].startswith("*factdesk digest · yesterday*")


async def test_an_unknown_window_is_explained_and_digest_prose_is_still_checked(
    slack: Scenario
) -> None:
    await slack.driver.command("digest fortnight")
    assert "Unknown window 'fortnight'" in (await told(slack))["text"]

    await slack.driver.command("Digest of the week: " + HARBOUR)
    placeholder = (await slack.fake.wait_for("chat.postMessage"))[0]
    assert "Checking pasted text" in placeholder["text"], "an article, not a subcommand"


def test_the_manifest_asks_for_the_scopes_the_admin_check_needs() -> None:
    manifest = Path(ids.__file__).with_name("manifest.yaml").read_text("utf-8")
    for scope in ("users:read", "usergroups:read", "channels:read", "groups:read"):
        assert re.search(rf"^\s+- {re.escape(scope)}\s", manifest, re.MULTILINE), scope
    assert "digest-settings" in manifest, "the usage hint names the subcommands"


async def test_a_stopping_app_lets_a_submitted_settings_form_be_saved(slack: Scenario) -> None:
    slack.fake.admins.add("U0ANA")
    release = slack.fake.hold("users.info")  # the admin check, after the form is closed
    meta = json.dumps({"channel": "C0NEWS", "response_url": slack.fake.response_url})
    answer = await slack.driver.submit(ids.SETTINGS_MODAL, form_values("C0DIGEST", 7), meta)
    assert answer.text == ""
    await slack.fake.wait_for("users.info")
    assert len(slack.app.inflight) == 1, "the acknowledged form is in flight"
    stopping = asyncio.create_task(slack.app.inflight.drain(30))
    release.set()
    await stopping
    assert (await slack.service.team_settings(TEAM)).digest_channel == "C0DIGEST"
    assert slack.fake.of("respond")[0]["text"].startswith("Saved.")
