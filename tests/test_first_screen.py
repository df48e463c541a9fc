"""The first screen on the example articles: the status line first, each item once, one
Slack screen and one Discord message; the same decisions read from the core."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest

from bot.models import Analysis, DenialKind
from bot.presentation import present, quoted, status_line
from bot.records import Actor, Place, Team
from bot.service import Service
from tests.support.fake_discord import (
    FakeDiscord,
    Interactions,
    all_text,
    discord_api,
    feed,
    is_followup,
    logged_in,
)
from tests.support.screens import example_articles, repeated_items
from tests.support.slack_signing import Scenario

STATUS = re.compile(r"(nothing|\d+ attributions?) to verify( · [^·*]+)* · \d+ claims?")
INTERNAL = ("outlet_report", "unattributed", "check-worthiness", "_source", "““", "””")
ARTICLES = {path.stem: path.read_text() for path in example_articles()}


@pytest.mark.parametrize("text", ARTICLES.values(), ids=ARTICLES.keys())
async def test_the_core_shows_each_item_once(service: Service, text: str) -> None:
    result = await service.check(Team(platform="memory", id="T1"), text,
                                 Actor(id="U1", name="ana"), Place(channel="C1"))
    shown = present(result)
    assert STATUS.fullmatch(shown.status)
    flagged = [c.item_id for c in shown.concerns]
    assert len(flagged) == len(set(flagged)) == len(result.flagged)
    assert [c.claim_id for c in shown.concerns] == [i.claim.id for i in result.flagged]
    denials = sum(1 for d in result.analysis.denials if d.kind is DenialKind.DENIAL)
    assert (f"{denials} denial" in shown.status) == bool(denials)
    listed = [c.quote for c in shown.concerns] + [r.quote for r in shown.responses] + \
        [c.quote for c in shown.top_claims]
    assert len(listed) == len(set(listed)), "no quote twice"
    folded = sum(1 for c in shown.concerns if c.response)
    assert len(shown.responses) + folded <= len(result.analysis.denials)


def test_the_status_line_in_words(service: Service) -> None:
    analysis = Analysis.model_validate({
        "article": {"kind": "text", "content_hash": "h", "length": 10}, "summary": "",
        "engine": {"analyzer": "rules", "model": "m", "prompt_hash": "p"},
        "claims": [{"id": f"c{i}", "statement": "s", "quote": {"text": "q"}}
                   for i in range(10)],
        "denials": [{"id": "d1", "by": "A", "quote": {"text": "x"}},
                    {"id": "d2", "by": "B", "quote": {"text": "y"}, "firsthand": False},
                    {"id": "d3", "by": "C", "quote": {"text": "z"}, "kind": "no_comment"}],
    })
    assert status_line(analysis, 3) == ("3 attributions to verify · 2 denials (1 first-hand) · "
                                        "1 no comment · 10 claims")
    assert status_line(analysis, 0).startswith("nothing to verify · ")


def test_quote_marks_are_never_doubled() -> None:
    assert quoted("plain words") == "“plain words”"
    assert quoted("“We were not involved,” he said.") == "‘“We were not involved,” he said.’"
    assert quoted("It said “no”") == "‘It said “no”’"
    assert quoted('One of them said it "would not survive".') == \
        '‘One of them said it "would not survive".’'
    assert quoted("“No comment.”") == "“No comment.”"
    assert quoted("They were “partners” of the harbour police.") == \
        "‘They were “partners” of the harbour police.’"
    assert "““" not in quoted("“Quoted”") and "””" not in quoted("“Quoted”")


@pytest.mark.parametrize("text", ARTICLES.values(), ids=ARTICLES.keys())
async def test_slack_first_message_is_one_screen(slack: Scenario, text: str) -> None:
    await slack.driver.command(text)
    update = (await slack.fake.wait_for("chat.update"))[0]
    blocks = update["blocks"]
    assert len(blocks) <= 12
    first = next(b for b in blocks if b["type"] == "section")
    assert first is blocks[0], "the status line is the first section"
    assert STATUS.match(first["text"]["text"].strip("*"))
    visible = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    visible += json.dumps([b for b in blocks if b["type"] == "context"], ensure_ascii=False)
    analysis = (await slack.service.analyze(text)).analysis
    assert repeated_items(analysis, visible) == []
    for internal in INTERNAL:
        assert internal not in visible, internal
    assert update["text"].startswith(present_status(analysis, visible))


def present_status(analysis: Analysis, visible: str) -> str:
    found = STATUS.search(visible)
    assert found is not None
    return found.group(0)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with discord_api() as server:
        yield server


@pytest.mark.parametrize("text", ARTICLES.values(), ids=ARTICLES.keys())
async def test_discord_first_message_is_one_message(
    fake: FakeDiscord, service: Service, text: str
) -> None:
    async with logged_in(service) as bot:
        payload = Interactions(fake).slash("factcheck", {"text": text})
        feed(bot, payload)
        await fake.wait_for(lambda c: is_followup(c) and payload["token"] in c.path)
        analysis = (await service.analyze(text)).analysis
    [message] = [c.json for c in fake.calls if is_followup(c) and payload["token"] in c.path]
    assert STATUS.fullmatch(message["embeds"][0]["description"].strip("*"))
    shown = all_text(message)
    assert sum(len(e.get("title") or "") + len(e.get("description") or "")
               + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields") or [])
               + len((e.get("footer") or {}).get("text") or "")
               for e in message["embeds"]) <= 6000
    assert repeated_items(analysis, shown) == []
    for internal in INTERNAL:
        assert internal not in shown, internal
