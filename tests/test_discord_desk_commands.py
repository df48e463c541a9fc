"""`/factcheck-search` on Discord: discord.py's own client against the fake Discord API,
a real Redis; the desk is filled through the service as checks fill it."""

from __future__ import annotations

import csv
import io
import json

from bot.records import Actor, ClaimStatus, Place, Team, ThreadRef
from bot.service import Service
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.desk_commands import DESK_COMMAND, EXPORT_COMMAND, SEARCH_COMMAND
from tests.support.articles import CRANES_REWORDED, HARBOUR, SCHOOLS
from tests.support.claimreview_shape import problems
from tests.support.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    Call,
    FakeDiscord,
    Interactions,
    all_text,
    components_of,
    feed,
    is_followup,
    message_payload,
)
from tests.support.http_server import LocalHTTPServer
from tests.support.verdict_desk import desk_with_every_verdict

TEAM = Team(platform="discord", id=str(GUILD_ID))
ANA = Actor(id="300000000000000001", name="ana")


def option(name: str, value: str) -> dict[str, object]:
    return {"name": name, "type": 3, "value": value}


async def test_search_with_a_status_filter_answers_privately(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    result = await service.check(TEAM, HARBOUR, ANA, Place(channel="1"))
    await service.check(TEAM, SCHOOLS, ANA, Place(channel="1"))
    cranes = next(i.claim for i in result.flagged if "cranes" in i.claim.quote)
    await service.set_verdict(TEAM, cranes.id, ClaimStatus.FALSE, ANA)

    async def create(_claim: object) -> ThreadRef:
        return ThreadRef(platform="discord", channel="1", thread="800000000000000007")

    await service.open_thread(TEAM, cranes.id, create)

    payload = Interactions(fake).command(SEARCH_COMMAND, [
        option("words", "terminals"), option("status", "false")])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert reply.message.get("flags", 0) & 64, "only the person asking sees it"
    text = all_text(reply.message)
    assert "failed two safety inspections" in text and "**false**" in text
    assert "<#800000000000000007>" in text, "opens its thread"
    assert "will close its northern terminal" not in text
    assert reply.message["allowed_mentions"]["parse"] == []


async def test_search_of_another_server_finds_nothing(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    other = Team(platform="discord", id="999")
    await service.check(other, HARBOUR, ANA, Place(channel="1"))
    payload = Interactions(fake).command(SEARCH_COMMAND, [option("words", "closure")])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert all_text(reply.message).startswith("Nothing on the desk matches")


async def test_a_bad_time_is_explained(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).command(SEARCH_COMMAND, [
        option("words", "closure"), option("since", "last spring")])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert "24h, 7d, 2w" in all_text(reply.message)


async def test_export_comes_as_a_private_attachment(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, http_server: LocalHTTPServer
) -> None:
    service.settings = service.settings.model_copy(
        update={"organisation_name": "Coastal Ledger Fact Desk"})
    desk = await desk_with_every_verdict(service, TEAM, http_server)

    payload = Interactions(fake).command(EXPORT_COMMAND, [option("format", "claimreview")])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert reply.message.get("flags", 0) & 64, "only the person asking sees it"
    [attached] = reply.json["files"]
    assert attached["filename"].endswith(".jsonld")
    doc = json.loads(attached["content"])
    assert problems(doc) == [] and len(doc["@graph"]) == len(desk.settled)
    assert f"{len(desk.settled)} reviews exported" in reply.message["content"]

    payload = Interactions(fake).command(EXPORT_COMMAND, [option("format", "csv"),
                                                          option("since", "7d")])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    [attached] = reply.json["files"]
    rows = list(csv.reader(io.StringIO(attached["content"].decode("utf-8-sig"))))
    assert len(rows) == 1 + desk.verdicts


async def test_a_reworded_claim_is_answered_with_its_earlier_verdict(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    first = await service.check(TEAM, HARBOUR, ANA, Place(channel="1"))
    cranes = next(i.claim for i in first.flagged if "cranes" in i.claim.quote)

    async def create(_claim: object) -> ThreadRef:
        return ThreadRef(platform="discord", channel="1", thread="800000000000000042")

    await service.open_thread(TEAM, cranes.id, create)
    await service.set_verdict(TEAM, cranes.id, ClaimStatus.MISLEADING, ANA)

    payload = Interactions(fake).slash("factcheck", {"text": CRANES_REWORDED})
    feed(bot, payload)

    def done(call: Call) -> bool:
        return any("footer" in e for e in call.message.get("embeds", []))

    await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path and done(c))
    text = "\n".join(all_text(c.json) for c in fake.calls
                     if is_followup(c) and payload["token"] in c.path)
    assert "Seen before, reworded" in text and "**misleading**" in text
    assert "<#800000000000000042>" in text


async def test_the_desk_at_a_glance_and_its_verdict_buttons(
    bot: FactdeskBot, fake: FakeDiscord, service: Service
) -> None:
    harbour = await service.check(TEAM, HARBOUR, ANA, Place(channel=str(CHANNEL_ID)))
    await service.check(TEAM, SCHOOLS, ANA, Place(channel=str(CHANNEL_ID)))
    oduya = next(i.claim for i in harbour.flagged if "Oduya" in i.claim.quote)
    await service.set_verdict(TEAM, oduya.id, ClaimStatus.FALSE, ANA)
    cranes = next(i.claim for i in harbour.flagged if "cranes" in i.claim.quote)
    thread_id = "800000000000000077"

    async def create(_claim: object) -> ThreadRef:
        return ThreadRef(platform="discord", channel=str(CHANNEL_ID), thread=thread_id,
                         opened_by=ANA)

    await service.open_thread(TEAM, cranes.id, create)

    users = Interactions(fake)
    payload = users.command(DESK_COMMAND, [])
    feed(bot, payload)
    [reply] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert reply.message.get("flags", 0) & 64, "only the reader sees it"
    text = all_text(reply.message)
    assert "This week's verdicts (1)" in text and "false **1**" in text
    assert f"Open claims, oldest first ({len(harbour.flagged) - 1 + 3})" in text
    assert "Your open discussions (1)" in text and f"<#{thread_id}>" in text
    assert text.index("The port of Valmora") < text.index("three primary schools")
    ids = [c["custom_id"] for c in components_of(reply.message)]
    assert ids and all(i.startswith(f"factdesk:verdict:{cranes.id}:") for i in ids)

    # another member has no discussions of their own
    other = Interactions(fake, user_id=300000000000000002, user_name="ben")
    payload = other.command(DESK_COMMAND, [])
    feed(bot, payload)
    [reply2] = await fake.wait_for(lambda c: payload["token"] in c.path and c.sends_message())
    assert "Your open discussions (0)" in all_text(reply2.message)

    # a verdict button on the glance works as on the card
    message = message_payload(fake.new_id(), CHANNEL_ID, reply.message)
    pressed = users.button(message, f"factdesk:verdict:{cranes.id}:false")
    feed(bot, pressed)
    [form] = await fake.wait_for(lambda c: c.path.endswith(f"/{pressed['token']}/callback"))
    assert form.json["type"] == 9, "the reason is asked there too (a modal)"
    reason_input = form.json["data"]["components"][0]["components"][0]["custom_id"]
    feed(bot, users.modal_submit(form.json["data"]["custom_id"],
                                 {reason_input: "The crane log says otherwise."},
                                 message=message))
    [note] = await fake.wait_for(lambda c: c.method == "POST"
                                 and c.path == f"/channels/{thread_id}/messages")
    assert note.json["content"].startswith("ana marked this claim **false**")
    assert "The crane log says otherwise." in note.json["content"]
    assert (await service.claim(TEAM, cranes.id)).status is ClaimStatus.FALSE
