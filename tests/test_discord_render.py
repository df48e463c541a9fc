"""Discord's limits: an 80-claim article is posted whole or summed up, never refused."""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import discord

from bot.records import Team
from bot.service import Service
from handlers.discord_bot import limits
from handlers.discord_bot.client import FactdeskBot
from handlers.discord_bot.packing import Entry, Packer, Section
from tests.support.fake_discord import (
    GUILD_ID,
    FakeDiscord,
    Interactions,
    all_text,
    embed_chars,
    feed,
    is_followup,
)
from tests.support.http_server import LocalHTTPServer

TEAM = Team(platform="discord", id=str(GUILD_ID))
NAMES = ["Alder", "Brisk", "Corran", "Dunmore", "Ellery", "Farrow", "Gale", "Hollis"]
PLACES = ["Valmora", "Kestrel Bay", "Northgate", "Ashby", "Lindqvist", "Port Ember"]


def long_article(sentences: int) -> str:
    """An invented council round-up with many attributed and hedged claims."""
    paragraphs = []
    for i in range(sentences):
        place = PLACES[i % 6]
        if i % 3 == 0:
            text = (f"Officials familiar with the matter said the {place} depot number {i} "
                    f"would lose {i + 3} jobs by spring.")
        elif i % 3 == 1:
            text = (f"Councillor {NAMES[i % 8]} {place.split()[0]}son said the {place} ferry "
                    f"route {i} had carried {1000 + i} passengers last year.")
        else:
            text = (f"The {place} water board reportedly spent {i + 2} million euros on pipe "
                    f"{i}, @everyone.")
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def assert_within_limits(message: dict[str, Any]) -> None:
    embeds = message.get("embeds") or []
    assert len(embeds) <= limits.EMBEDS
    assert sum(embed_chars(e) for e in embeds) <= limits.EMBED_TOTAL
    assert len(message.get("content") or "") <= limits.CONTENT
    for embed in embeds:
        assert len(embed.get("title") or "") <= limits.TITLE
        assert len(embed.get("description") or "") <= limits.DESCRIPTION
        assert len((embed.get("footer") or {}).get("text") or "") <= limits.FOOTER
        assert len((embed.get("author") or {}).get("name") or "") <= limits.AUTHOR
        fields = embed.get("fields") or []
        assert len(fields) <= limits.FIELDS
        for item in fields:
            assert 0 < len(item["name"]) <= limits.FIELD_NAME
            assert 0 < len(item["value"]) <= limits.FIELD_VALUE
    rows = message.get("components") or []
    assert len(rows) <= limits.ROWS
    total = 0
    for row in rows:
        assert len(row["components"]) <= 5
        total += len(row["components"])
        for component in row["components"]:
            assert len(component["custom_id"]) <= 100
            assert len(component.get("options") or []) <= limits.SELECT_OPTIONS
            for option in component.get("options") or []:
                assert len(option["label"]) <= limits.OPTION_LABEL
    assert total <= limits.BUTTONS


async def test_eighty_claims_fit_discords_limits(
    bot: FactdeskBot, fake: FakeDiscord, service: Service, http_server: LocalHTTPServer
) -> None:
    article = long_article(200)
    http_server.page("/attachments/5/5/roundup.txt", article, content_type="text/plain")
    users = Interactions(fake)
    attachment = users.attachment(http_server.url("/attachments/5/5/roundup.txt"),
                                  "roundup.txt", len(article))
    payload = users.slash("factcheck", attachment=attachment)
    feed(bot, payload)

    def has_footer(call: Any) -> bool:
        return any("footer" in e for e in call.message.get("embeds") or [])

    await fake.wait_for(lambda c: is_followup(c) and has_footer(c), within=30)
    messages = [c.json for c in fake.calls if is_followup(c)]
    analysis = (await service.analyze(article)).analysis
    assert len(analysis.claims) >= 80, "the article must have at least 80 claims"

    [first] = messages  # the first screen is one message, within Discord's limits
    assert_within_limits(first)
    assert first["embeds"][0]["description"].startswith("**")
    fields = [f["name"] for e in first["embeds"] for f in e.get("fields") or []]
    assert len(fields) == len(set(fields)), "no item twice on the first screen"

    claim_id = first["components"][0]["components"][0]["custom_id"].split(":")[-1]
    # where the answer landed is recorded just after it is posted: wait for that write
    for _ in range(200):
        showing = await service.checks_showing(TEAM, claim_id)
        if showing:
            break
        await asyncio.sleep(0.05)
    [check] = showing
    assert check.check is not None
    flagged = len(check.flagged)
    assert flagged > 35, "enough flagged claims to need the menu"
    kinds = [c["type"] for row in first["components"] for c in row["components"]]
    assert kinds.count(2) == 11 and kinds.count(3) == 1, "10 Discuss, Full analysis, a menu"
    [menu] = [c for row in first["components"] for c in row["components"] if c["type"] == 3]
    assert menu["custom_id"] == f"factdesk:discuss-pick:{check.check.id}"
    assert len(menu["options"]) == min(flagged - 10, 25)
    text = all_text(first)
    assert f"… and {flagged - 10} more to verify" in text


def test_packer_never_exceeds_limits_whatever_the_sizes() -> None:
    rng = random.Random(7)
    for _ in range(50):
        packer = Packer(max_messages=rng.randint(1, 3), reserve=rng.choice([0, 400]))
        packer.add_embed(discord.Embed(title="T" * 300, description="d" * 1500))
        left = 0
        total = 0
        for s in range(rng.randint(1, 4)):
            entries = [Entry("n" * rng.randint(1, 400), "v" * rng.randint(1, 2000))
                       for _ in range(rng.randint(0, 60))]
            total += len(entries)
            left += packer.add_section(Section(f"Section {s}", 0, "items", entries))
        for embeds in packer.messages:
            assert_within_limits({"embeds": [e.to_dict() for e in embeds]})
            assert sum(len(e) for e in embeds) <= limits.EMBED_TOTAL - packer.reserve
        messages = packer.finish()
        for embeds in messages:
            assert_within_limits({"embeds": [e.to_dict() for e in embeds]})
        fields = [f for m in messages for e in m for f in e.fields]
        noted = sum(int(n) for f in fields for n in re.findall(r"(\d+) more", f.value or ""))
        assert noted == left
        assert len([f for f in fields if f.name != "…"]) == total - left


def test_an_overlong_entry_is_shortened_not_refused() -> None:
    packer = Packer(max_messages=1)
    left = packer.add_section(Section("Claims", 0, "claims", [Entry("x" * 5000, "y" * 5000)]))
    [embed] = packer.finish()[0]
    assert left == 0
    assert len(embed.fields[0].name or "") == limits.FIELD_NAME
    assert (embed.fields[0].value or "").endswith("…")
    assert len(embed.fields[0].value or "") == limits.FIELD_VALUE
