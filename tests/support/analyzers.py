"""Instruments around real analyzers: count runs, add latency, fail on demand; and the
rules engine run on a text, as the rules tests call it.

These wrap a real analyzer (the rules engine); they exist to observe the cache and the
single-flight from outside, not to stand in for analysis.
"""

from __future__ import annotations

import asyncio

from bot.analyzers.base import Analyzer
from bot.analyzers.rules import RulesAnalyzer
from bot.errors import AnalyzerError
from bot.models import Analysis, Article, SourceKind
from bot.textnorm import content_hash


class CountingAnalyzer:
    def __init__(self, inner: Analyzer, delay: float = 0.0, prompt_hash: str | None = None,
                 fail_with: Exception | None = None) -> None:
        self.inner = inner
        self.delay = delay
        self.runs = 0
        self.fail_with = fail_with
        self._prompt_hash = prompt_hash

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def model(self) -> str:
        return self.inner.model

    @property
    def prompt_hash(self) -> str:
        return self._prompt_hash or self.inner.prompt_hash

    async def analyze(self, article: Article) -> Analysis:
        self.runs += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise self.fail_with
        return await self.inner.analyze(article)


def model_refused() -> AnalyzerError:
    return AnalyzerError("The model refused to analyze this article.")


def analyze_text(text: str) -> Analysis:
    """The offline rules engine's analysis of `text`, pasted as an article."""
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)
