"""`LLMAnalyzer`: an article to an analysis through any OpenAI-compatible chat model.

The flow: split the article into parts within the token budget, analyze the parts
concurrently (at most `CONCURRENCY` requests in flight), give each unreadable answer one
repair attempt, merge the parts' drafts, and record tokens and cost. Quotes come back as
plain text; `merge` locates them and `run_analyzer`'s grounding verifies them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from openai.types.chat import ChatCompletionMessageParam

from bot.analyzers.llm import messages
from bot.analyzers.llm.chunking import Part, split_article
from bot.analyzers.llm.client import UNREADABLE, CallResult, ModelCaller, make_client
from bot.analyzers.llm.merge import merge
from bot.analyzers.llm.schema import AnalysisDraft, schema_fingerprint
from bot.errors import AnalyzerError
from bot.models import Analysis, Article, Engine
from bot.settings import Settings

log = logging.getLogger("bot.analyzers.llm")

CONCURRENCY = 4  # parts of one article in flight at once


class LLMAnalyzer:
    """The model analyzer. Build once at start: it loads and checks its prompts then."""

    name = "llm"

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)  # raises ConfigError naming what is missing
        self._caller = ModelCaller(self._client, settings)
        self._settings = settings
        self._prompts = messages.load()
        combined = f"{self._prompts.hash}:{schema_fingerprint()}".encode()
        self._prompt_hash = hashlib.sha256(combined).hexdigest()[:16]

    @property
    def model(self) -> str:
        return self._caller.model

    @property
    def prompt_hash(self) -> str:
        return self._prompt_hash

    async def aclose(self) -> None:
        """Close the HTTP connections of the client."""
        await self._client.close()

    async def analyze(self, article: Article) -> Analysis:
        parts = split_article(article.text, self._settings.llm_context_tokens)
        if not parts:
            raise AnalyzerError("The article has no text to analyze.")
        article_id = article.content_hash[:12]
        gate = asyncio.Semaphore(CONCURRENCY)
        tally = _Tally()

        async def run(part: Part) -> tuple[Part, AnalysisDraft]:
            async with gate:
                draft = await self._analyze_part(article_id, part, len(parts), tally)
            return part, draft

        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(run(part)) for part in parts]
        except ExceptionGroup as failures:  # one part failed: the others were cancelled
            raise failures.exceptions[0] from None
        merged = merge(article.text, [task.result() for task in tasks])
        price_in = self._settings.llm_price_in_per_mtok
        price_out = self._settings.llm_price_out_per_mtok
        cost = (tally.tokens_in * price_in + tally.tokens_out * price_out) / 1_000_000
        return Analysis(
            article=article.meta(),
            summary=merged.summary,
            attributions=merged.attributions,
            claims=merged.claims,
            denials=merged.denials,
            flags=merged.flags,
            engine=Engine(
                analyzer=self.name,
                model=self.model,
                prompt_hash=self.prompt_hash,
                tokens_in=tally.tokens_in,
                tokens_out=tally.tokens_out,
                cost_usd=round(cost, 6),
            ),
        )

    async def _analyze_part(
        self, article_id: str, part: Part, parts: int, tally: _Tally
    ) -> AnalysisDraft:
        """One part's draft, with one repair attempt if the first answer is unreadable."""
        first = messages.article_messages(self._prompts, article_id, part, parts)
        label = f"part {part.index + 1}/{parts}"
        result = tally.add(await self._caller.call(first, label))
        if result.draft is not None:
            return result.draft
        log.info("llm %s: unreadable answer, asking once for a correction", label)
        retry: list[ChatCompletionMessageParam] = messages.repair_messages(
            self._prompts, first, result.content, result.error or "unreadable"
        )
        repaired = tally.add(await self._caller.call(retry, f"{label} repair"))
        if repaired.draft is not None:
            return repaired.draft
        log.warning("llm %s: the repaired answer was unreadable too", label)
        raise AnalyzerError(UNREADABLE)


class _Tally:
    """Tokens spent across every call of one analysis, repairs included."""

    def __init__(self) -> None:
        self.tokens_in = 0
        self.tokens_out = 0

    def add(self, result: CallResult) -> CallResult:
        self.tokens_in += result.tokens_in
        self.tokens_out += result.tokens_out
        return result
