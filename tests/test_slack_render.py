"""Rendering on Slack: within Slack's limits whatever the article, and never a ping.

The article's content comes from a scripted model answer (the real `LLMAnalyzer`
against the fake OpenAI-compatible server), so each test controls exactly what the
analysis holds; the app, Redis and the fake Slack Web API are as in production.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.analyzers.llm import LLMAnalyzer
from bot.models import (
    Analysis,
    ArticleMeta,
    Claim,
    Denial,
    Engine,
    Flag,
    FlagKind,
    SourceKind,
    Span,
)
from bot.records import CheckRecord, CheckResult, FlaggedClaim, FlaggedItem, Place
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import Settings
from handlers.slack_app import ids
from handlers.slack_app.render import render_check
from tests.support.articles import html_page
from tests.support.fake_openai import FakeOpenAI, llm_settings, serve
from tests.support.fake_slack import Call
from tests.support.http_server import LocalHTTPServer
from tests.support.slack_signing import Scenario, slack_scenario

PINGS = re.compile(r"<[!@#]|@(here|channel|everyone)\b", re.IGNORECASE)


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    yield from serve()


@pytest.fixture
async def slack(redis_settings: Settings, model: FakeOpenAI) -> AsyncIterator[Scenario]:
    settings = llm_settings(redis_settings, model)
    handle = connect(settings)
    analyzer = LLMAnalyzer(settings)
    service = Service(settings, handle.client, analyzer)
    try:
        async with slack_scenario(settings, service) as scenario:
            yield scenario
    finally:
        await analyzer.aclose()
        await handle.close()


def draft(summary: str, claims: list[str], flagged: list[int], denials: list[str]
          ) -> dict[str, Any]:
    """A model answer: each claim quotes a sentence; `flagged` claims get a flag."""
    return {
        "summary": summary,
        "attributions": [],
        "claims": [
            {"id": f"c{i}", "statement": quote, "quote": quote, "claimant": "officials",
             "attribution": None, "sourcing": "anonymous", "checkworthy": 0.8}
            for i, quote in enumerate(claims)
        ],
        "denials": [
            {"id": f"d{i}", "by": "Paul Oduya", "role": "transport minister",
             "organization": None, "official": True, "kind": "denial", "quote": quote,
             "venue": "told Radio Valmora", "firsthand": True, "answers": [], "attribution": None}
            for i, quote in enumerate(denials)
        ],
        "flags": [
            {"id": f"f{i}", "kind": "anonymous_source", "quote": claims[i], "claim": f"c{i}",
             "attribution": None, "why": "Unnamed officials: ask who they are."}
            for i in flagged
        ],
    }


def sent(fake: Any) -> list[Call]:
    return [c for c in fake.calls
            if c.method in {"chat.postMessage", "chat.update", "chat.postEphemeral", "respond"}]


def shown(call: Call) -> str:
    return str(call.get("text", "")) + json.dumps(call.get("blocks", []), ensure_ascii=False)


def assert_within_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
            accessory = block.get("accessory")
            if accessory:
                assert len(accessory["text"]["text"]) <= 75
                assert len(accessory["value"]) <= 2000
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            action_ids = [e["action_id"] for e in block["elements"]]
            assert len(action_ids) == len(set(action_ids)) <= 25


async def test_an_article_cannot_ping_anyone(
    slack: Scenario, model: FakeOpenAI, http_server: LocalHTTPServer
) -> None:
    lines = [
        'The message read "<!channel> the terminal closes on Monday" and was sent by mistake.',
        "Officials told staff to ignore @here and @channel notices from <@U0BOSS>.",
        "A notice for <!everyone> and <!subteam^S0EDITORS> was removed within minutes.",
    ]
    body = "\n\n".join(html.escape(line, quote=False) for line in lines)
    http_server.page("/pings", html_page(html.escape("<!here> Port alert for @everyone"), body))
    model.queue_completion(draft("Staff got a message meant for @here and <!channel>.",
                                 lines, flagged=[0, 1, 2], denials=[]))

    await slack.driver.command(http_server.url("/pings"))
    update = (await slack.fake.wait_for("chat.update"))[0]
    buttons = [b["accessory"] for b in update["blocks"] if "accessory" in b]
    assert len(buttons) == 3
    await slack.driver.press(ids.DISCUSS, buttons[1]["value"], update["ts"])
    await slack.fake.wait_for("chat.postMessage", count=3)  # placeholder, card, thread note

    text = shown(update)
    assert "&lt;!channel&gt;" in text, "the article's words are shown, escaped"
    assert "&lt;@U0BOSS&gt;" in text
    assert "\n*&lt;!here&gt; Port alert" in update["blocks"][0]["text"]["text"], "the title"
    for call in sent(slack.fake):
        found = PINGS.search(shown(call))
        assert found is None, f"{call.method} could ping: {found and found.group(0)!r}"
        if call.method in {"chat.postMessage", "chat.update"}:
            assert call["parse"] == "none" and call["link_names"] is False
    card = slack.fake.of("chat.postMessage")[1]
    assert "&lt;@U0BOSS&gt;" in shown(card)


async def test_an_article_with_80_claims_renders_within_slacks_limits(
    slack: Scenario, model: FakeOpenAI
) -> None:
    sentences = [
        f"Officials said ferry line {n} would stop at the northern terminal of Valmora "
        f"from week {n + 2}, and that its {n * 7 + 40} daily passengers would be moved."
        for n in range(80)
    ]
    denials = [f"No ferry line will be cut this year, said minister number {n}."
               for n in range(30)]
    article = "\n\n".join(sentences + denials)
    model.queue_completion(draft("Many ferry lines are said to be moving. " * 5,
                                 sentences, flagged=list(range(80)), denials=denials))

    answer = await slack.driver.command(article)
    assert answer.status == 200
    update = (await slack.fake.wait_for("chat.update"))[0]
    blocks = update["blocks"]
    assert_within_limits(blocks)
    assert len(blocks) <= 12, "one screen"
    text = shown(update)
    assert "… and 74 more to verify" in text
    assert "more responses" in text, "what does not fit is counted"
    buttons = [b["accessory"] for b in blocks if "accessory" in b]
    assert len(buttons) == 6, "the first flagged items have their Discuss buttons"
    [menu] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]
              if e["type"] == "static_select"]
    assert menu["action_id"] == ids.DISCUSS_PICK and len(menu["options"]) == 74
    reachable = {b["value"] for b in buttons} | {o["value"] for o in menu["options"]}
    assert len(reachable) == 80, "every flagged item can be discussed from the first screen"
    assert blocks[-1]["type"] == "context", "the engine line is never cut"
    assert "llm" in json.dumps(blocks[-1])


def test_huge_fields_are_shortened_never_refused() -> None:
    long_quote = "word " * 3000
    text = long_quote
    span = Span(text=long_quote, start=0, end=len(long_quote))
    now = datetime.now(UTC)
    analysis = Analysis(
        article=ArticleMeta(kind=SourceKind.TEXT, title="T" * 400, site="S" * 5000,
                            content_hash="h", length=len(text)),
        summary="s " * 4000,
        claims=[Claim(id=f"c{i}", statement=long_quote, quote=span, claimant="x" * 3000)
                for i in range(80)],
        denials=[Denial(id=f"d{i}", by="b" * 3000, quote=span, venue="v" * 3000)
                 for i in range(80)],
        flags=[Flag(id=f"f{i}", kind=FlagKind.HEDGED, quote=span, why="w " * 3000)
               for i in range(80)],
        engine=Engine(analyzer="llm", model="m" * 4000, prompt_hash="p"),
    )
    claims = [
        FlaggedItem(item_id=f"c{i}", claim=FlaggedClaim(
            id=f"claim{i}", statement=long_quote, quote=long_quote, reasons=["r " * 3000] * 3,
            first_seen=now, last_seen=now))
        for i in range(80)
    ]
    check = CheckRecord(id="k", team="slack:T", at=now, who={"id": "U", "name": "n" * 500},
                        where=Place(channel="C"), input="x", kind=SourceKind.TEXT,
                        analysis_key="a", analyzer="llm", model="m", cached=False)
    for result in (
        CheckResult(analysis=analysis, check=check, flagged=claims),
        CheckResult(analysis=analysis, saved=False, notice="n " * 3000),
    ):
        message = render_check(result)
        assert_within_limits(message.blocks)
        assert len(message.text) <= 3000
        assert len(message.blocks) <= 12
        if result.saved:  # 80 flagged items: the rest are counted
            assert "… and 74 more" in json.dumps(message.blocks, ensure_ascii=False)
