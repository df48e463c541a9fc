"""Long articles: split on paragraph boundaries within the budget, analyzed in parts, merged."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.analyzers.base import run_analyzer
from bot.analyzers.llm import LLMAnalyzer
from bot.analyzers.llm.chunking import CHARS_PER_TOKEN, estimate_tokens, split_article
from bot.models import Article, SourceKind
from bot.settings import Settings
from bot.textnorm import content_hash
from tests.support.fake_openai import (
    FakeOpenAI,
    Received,
    Reply,
    completion,
    llm_settings,
    serve,
)

BUDGET = 1000  # the smallest llm_context_tokens allowed: 4,000 characters
REPEATED = "The council will vote on the harbour plan in March."


def _paragraph(n: int) -> str:
    """An invented news paragraph of about 600 characters with a findable marker."""
    filler = (
        "Residents of the Lanford district crowded into the town hall on Thursday evening, "
        "where engineers presented drawings of the proposed sea wall and answered questions "
        "about its cost, its height and the years of building work it would bring. "
    )
    return f"Marker {n}: officials said item {n} was approved. {filler}{filler}".strip()


def _long_article(paragraphs: int = 20) -> str:
    texts = [_paragraph(n) for n in range(paragraphs)]
    texts[1] += f" {REPEATED}"
    texts[-2] += f" {REPEATED}"  # the same sentence again, in a later part
    return "\n\n".join(texts)


def _article(text: str) -> Article:
    return Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))


def _sent_article(request: Received) -> str:
    user = request.message("user")
    match = re.search(r'<article id="[0-9a-f]+">\n(.*)\n</article>', user, re.DOTALL)
    assert match is not None
    return match.group(1)


def _answer_for(request: Received) -> Reply:
    """A plausible model: local ids c1, c2, a1, d1, f1 in every part."""
    part = _sent_article(request)
    markers = re.findall(r"Marker (\d+): officials said item \d+ was approved\.", part)
    claims: list[dict[str, Any]] = [
        {
            "id": "c1",
            "statement": f"Item {markers[0]} was approved.",
            "quote": f"officials said item {markers[0]} was approved",
            "claimant": "officials",
            "attribution": "a1",
            "sourcing": "anonymous",
            "checkworthy": 0.5,
        }
    ]
    if REPEATED in part:
        claims.append(
            {
                "id": "c2",
                "statement": "The council will vote on the plan in March.",
                "quote": REPEATED,
                "claimant": None,
                "attribution": None,
                "sourcing": "author",
                "checkworthy": 0.4,
            }
        )
    draft = {
        "summary": f"Summary of the part starting at marker {markers[0]}.",
        "attributions": [
            {
                "id": "a1",
                "source": "officials",
                "cue": "said",
                "content": f"item {markers[0]} was approved",
                "source_type": "anonymous",
            }
        ],
        "claims": claims,
        "denials": [
            {
                "id": "d1",
                "by": "the engineers",
                "role": None,
                "organization": None,
                "official": False,
                "kind": "non_denial",
                "quote": f"Marker {markers[0]}",
                "venue": None,
                "firsthand": True,
                "answers": ["c1"],
                "attribution": None,
            }
        ],
        "flags": [
            {
                "id": "f1",
                "kind": "anonymous_source",
                "quote": f"officials said item {markers[0]}",
                "claim": "c1",
                "attribution": "a1",
                "why": "Which officials?",
            }
        ],
    }
    return Reply(json=completion(draft, prompt_tokens=900, completion_tokens=200), delay=0.1)


# ------------------------------------------------------------------------------ splitting


def test_tokens_are_estimated_as_characters_over_four() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd") == 1
    assert estimate_tokens("abcde") == 2


def test_a_short_article_is_one_part() -> None:
    text = "One paragraph.\n\nAnother."
    (part,) = split_article(text, BUDGET)
    assert (part.start, part.end, part.text) == (0, len(text), text)


def test_parts_are_within_budget_and_end_on_paragraph_boundaries() -> None:
    text = _long_article()
    parts = split_article(text, BUDGET)

    assert len(parts) >= 3
    for part in parts:
        assert len(part.text) <= BUDGET * CHARS_PER_TOKEN
        assert text[part.start : part.end] == part.text
        assert part.start == 0 or text[part.start - 2 : part.start] == "\n\n"
        assert part.end == len(text) or text[part.end : part.end + 2] == "\n\n"
    # Nothing lost, nothing repeated: the parts and the breaks between them are the article.
    assert "\n\n".join(part.text for part in parts) == text


def test_a_paragraph_longer_than_the_budget_is_cut_between_sentences() -> None:
    sentence = "The ferry left the harbour at dawn and returned before noon. "
    text = (sentence * 150).strip()  # about 9,000 characters, no blank line
    parts = split_article(text, BUDGET)

    assert len(parts) == 3
    for part in parts:
        assert len(part.text) <= BUDGET * CHARS_PER_TOKEN
        assert part.text.startswith("The ferry")
        assert part.text.endswith("noon.")


def test_a_sentence_longer_than_the_budget_is_cut_between_words() -> None:
    text = " ".join(["harbour"] * 1500)
    parts = split_article(text, BUDGET)
    assert all(len(p.text) <= BUDGET * CHARS_PER_TOKEN for p in parts)
    assert all(set(p.text.split()) == {"harbour"} for p in parts)
    assert sum(len(p.text.split()) for p in parts) == 1500


# ---------------------------------------------------------------------- analysis in parts


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    yield from serve()


@pytest.fixture
async def analyzer(settings: Settings, fake: FakeOpenAI) -> AsyncIterator[LLMAnalyzer]:
    llm = LLMAnalyzer(llm_settings(settings, fake, llm_context_tokens=BUDGET))
    yield llm
    await llm.aclose()


async def test_a_long_article_is_analyzed_in_parts_and_merged(
    analyzer: LLMAnalyzer, fake: FakeOpenAI
) -> None:
    text = _long_article()
    fake.responder = _answer_for
    expected_parts = split_article(text, BUDGET)

    analysis = await run_analyzer(analyzer, _article(text))

    # One request per part, each within the budget, each a whole run of paragraphs.
    assert len(fake.received) == len(expected_parts)
    sent = sorted(_sent_article(r) for r in fake.received)
    assert sent == sorted(p.text for p in expected_parts)
    for request in fake.received:
        assert len(_sent_article(request)) <= BUDGET * CHARS_PER_TOKEN
        assert f"of {len(expected_parts)} of a longer article" in request.message("user")

    # The repeated sentence is kept once; ids are unique and renumbered in article order.
    repeated = [c for c in analysis.claims if c.quote.text == REPEATED]
    assert len(repeated) == 1
    assert repeated[0].quote.start == text.index(REPEATED)
    ids = [c.id for c in analysis.claims]
    assert ids == [f"c{i}" for i in range(1, len(ids) + 1)]
    assert len(analysis.claims) == len(expected_parts) + 1
    assert [a.id for a in analysis.attributions] == [
        f"a{i}" for i in range(1, len(expected_parts) + 1)
    ]

    # Each part's local references (all "c1", "a1") point at that part's own items.
    claims = {c.id: c for c in analysis.claims}
    attributions = {a.id: a for a in analysis.attributions}
    for claim in analysis.claims:
        if claim.attribution is not None:
            marker = claim.statement.split()[1]
            assert attributions[claim.attribution].content.text == f"item {marker} was approved"
    for denial in analysis.denials:
        (answered,) = denial.answers
        marker = denial.quote.text.split()[1]
        assert claims[answered].statement == f"Item {marker} was approved."
    for flag in analysis.flags:
        assert flag.claim is not None
        assert flag.quote.text.endswith(claims[flag.claim].statement.split()[1])
        assert flag.attribution is not None
        assert attributions[flag.attribution].content.text.startswith("item ")

    # Tokens are summed over the parts; the summary is the first part's.
    assert analysis.engine.tokens_in == 900 * len(expected_parts)
    assert analysis.engine.tokens_out == 200 * len(expected_parts)
    assert analysis.summary == "Summary of the part starting at marker 0."
    assert analysis.engine.dropped == 0


async def test_parts_are_analyzed_concurrently_but_at_most_four_at_once(
    analyzer: LLMAnalyzer, fake: FakeOpenAI
) -> None:
    text = _long_article(paragraphs=40)
    assert len(split_article(text, BUDGET)) > 4

    def slow(request: Received) -> Reply:
        reply = _answer_for(request)
        reply.delay = 0.5  # long enough that the first four overlap on a busy machine
        return reply

    fake.responder = slow

    await analyzer.analyze(_article(text))

    assert fake.max_in_flight == 4
