"""A team's desk filled with many invented checks, through the desk's own write paths.

For the digest benchmark (thousands of checks) and for tests that need more items than
a digest lists. Every check goes through `Desk.record_check` with the units
`flagged_units` makes of an invented analysis, and every verdict through
`Desk.set_verdict`, so the records and indexes are exactly what the service writes.
Some checks re-check an earlier article (cached, no tokens), some articles repeat a
claim first seen in an earlier one, some checks are a model's (with tokens and cost),
and some claims get one or two verdicts a while after they were first seen.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import keys
from bot.desk import Desk
from bot.flagged import flagged_units
from bot.models import (
    Analysis,
    ArticleMeta,
    Claim,
    Engine,
    Flag,
    FlagKind,
    SourceKind,
    Sourcing,
    Span,
)
from bot.records import Actor, CheckRecord, ClaimStatus, Place, Team

CHECKERS = [Actor(id=f"U{n}", name=name) for n, name in enumerate(
    ["Ana", "Ben", "Chiara", "Dev", "Elif", "Femi", "Goran", "Hana"])]
VERDICTS = [ClaimStatus.VERIFIED, ClaimStatus.FALSE, ClaimStatus.MISLEADING,
            ClaimStatus.UNVERIFIABLE, ClaimStatus.NEEDS_CONTEXT]
TOWNS = ["Valmora", "Brask", "Oduya", "Nordlane", "Riel", "Santos", "Kessel", "Amberly"]
SUBJECTS = ["the northern terminal", "the school merger", "the bridge contract",
            "the water tariff", "the hospital wing", "the tram extension"]
OUTCOMES = ["was approved in secret", "would cost twice the estimate",
            "had failed two safety inspections", "was delayed until next year",
            "would be cancelled", "had been offered to a rival bidder"]
RULES_HASH = "rules-v1"
MODEL, MODEL_HASH = "gpt-4o-mini", "prompt-v1"
PRICE_IN, PRICE_OUT = 0.15, 0.60  # USD per million tokens
BATCH = 32  # checks recorded at once; earlier articles are referred to from further back
BACK = (BATCH + 8, BATCH + 400)


@dataclass(frozen=True)
class DeskShape:
    checks: int
    claims: int  # distinct flagged claims the articles bring (before repeats)
    end: datetime
    days: float = 30.0
    recheck_every: int = 10  # every 10th check is an earlier article again
    repeat_every: int = 4  # every 4th article also quotes a claim of an earlier one
    model_every: int = 5  # every 5th fresh article is analyzed by the model
    verdict_share: float = 0.2  # claims that get a verdict (a quarter of those, two)
    seed: int = 6


@dataclass
class _Article:
    number: int
    quotes: list[str]
    by_model: bool


def quote_text(article: int, item: int) -> str:
    rng = random.Random(article * 1000 + item)
    return (f"Officials familiar with the plan said {rng.choice(SUBJECTS)} in "
            f"{rng.choice(TOWNS)} {rng.choice(OUTCOMES)} (story {article}, point {item}).")


def _analysis(article: _Article, at: datetime, rng: random.Random) -> tuple[Analysis, str]:
    url = f"https://news.example/{article.number // 100}/story-{article.number}"
    claims = [Claim(id=f"c{n}", statement=quote, quote=Span(text=quote),
                    claimant="officials", sourcing=Sourcing.ANONYMOUS)
              for n, quote in enumerate(article.quotes)]
    flags = [Flag(id=f"f{n}", kind=FlagKind.ANONYMOUS_SOURCE, quote=claim.quote,
                  claim=claim.id, why="Rests on unnamed officials; ask who they are.")
             for n, claim in enumerate(claims)]
    if article.by_model:
        tokens_in, tokens_out = rng.randint(2000, 9000), rng.randint(300, 1500)
        engine = Engine(analyzer="llm", model=MODEL, prompt_hash=MODEL_HASH,
                        tokens_in=tokens_in, tokens_out=tokens_out,
                        cost_usd=(tokens_in * PRICE_IN + tokens_out * PRICE_OUT) / 1e6,
                        analyzed_at=at)
    else:
        engine = Engine(analyzer="rules", model="rules", prompt_hash=RULES_HASH, analyzed_at=at)
    meta = ArticleMeta(kind=SourceKind.LINK, url=url, canonical_url=url,
                       title=f"{TOWNS[article.number % len(TOWNS)]}: story {article.number}",
                       site="news.example", content_hash=keys.digest_of(url, 64),
                       length=2000)
    summary = f"Story {article.number}, with {len(claims)} claims on unnamed officials' word."
    return Analysis(article=meta, summary=summary, claims=claims, flags=flags,
                    engine=engine), url


async def _record(desk: Desk, team: Team, number: int, article: _Article, at: datetime,
                  cached: bool, rng: random.Random) -> None:
    analysis, url = _analysis(article, at, rng)
    engine = analysis.engine
    record = CheckRecord(
        id=f"{int(at.timestamp() * 1000):x}{number:06x}", team=team.key, at=at,
        who=rng.choice(CHECKERS), where=Place(channel="C-desk"), input=url,
        kind=SourceKind.LINK, canonical_url=url, title=analysis.article.title,
        site=analysis.article.site,
        analysis_key=keys.analysis_key(engine.analyzer, engine.model, engine.prompt_hash, url),
        analyzer=engine.analyzer, model=engine.model, cached=cached,
        tokens_in=0 if cached else engine.tokens_in,
        tokens_out=0 if cached else engine.tokens_out,
        cost_usd=0.0 if cached else engine.cost_usd,
    )
    await desk.record_check(team, record, analysis, flagged_units(analysis), url)


def _plan(shape: DeskShape, rng: random.Random) -> list[tuple[datetime, _Article, bool]]:
    """Each check's time, article and whether it re-checks an earlier one, oldest first."""
    start = shape.end - timedelta(days=shape.days)
    step = timedelta(days=shape.days) / shape.checks
    rechecks: list[bool] = []
    fresh = 0
    for n in range(shape.checks):  # a re-check needs an article from far enough back
        rechecks.append(n % shape.recheck_every == shape.recheck_every - 1 and fresh > BACK[0])
        fresh += not rechecks[-1]
    per_article, extra = divmod(shape.claims, fresh)
    articles: list[_Article] = []
    plan: list[tuple[datetime, _Article, bool]] = []
    for n, recheck in enumerate(rechecks):
        at = start + step * (n + rng.random())
        if recheck:
            earlier = articles[-rng.randint(BACK[0], min(BACK[1], len(articles)))]
            plan.append((at, earlier, True))
            continue
        number = len(articles)
        quotes = [quote_text(number, item)
                  for item in range(per_article + (1 if number < extra else 0))]
        if number % shape.repeat_every == 0 and number > BACK[0]:
            earlier = articles[-rng.randint(BACK[0], min(BACK[1], number))]
            quotes.append(earlier.quotes[0])
        article = _Article(number, quotes, by_model=number % shape.model_every == 0)
        articles.append(article)
        plan.append((at, article, False))
    return plan


async def fill_desk(desk: Desk, team: Team, shape: DeskShape) -> None:
    """Record `shape.checks` checks on `team`'s desk, then verdicts on some claims."""
    rng = random.Random(shape.seed)
    plan = _plan(shape, rng)
    for first in range(0, len(plan), BATCH):
        await asyncio.gather(*(
            _record(desk, team, n, article, at, cached, random.Random(shape.seed + n))
            for n, (at, article, cached) in enumerate(plan[first:first + BATCH], first)
        ))
    claim_ids = await desk.claim_ids(team)
    chosen = [i for i in claim_ids if rng.random() < shape.verdict_share]
    for first in range(0, len(chosen), BATCH):
        await asyncio.gather(*(
            _give_verdicts(desk, team, claim_id, shape, random.Random(f"{shape.seed}{claim_id}"))
            for claim_id in chosen[first:first + BATCH]
        ))


async def _give_verdicts(desk: Desk, team: Team, claim_id: str, shape: DeskShape,
                         rng: random.Random) -> None:
    claim = await desk.claim(team, claim_id)
    assert claim is not None
    at = claim.first_seen
    for _ in range(2 if rng.random() < 0.25 else 1):
        at += timedelta(hours=rng.uniform(0.5, 48))
        if at >= shape.end:
            return
        await desk.set_verdict(team, claim_id, rng.choice(VERDICTS), rng.choice(CHECKERS),
                               rng.choice([None, "Two named sources confirm.", "No record."]),
                               at=at)
