"""Running an analyzer over a benchmark's plain-text articles, the same way for every suite."""

from __future__ import annotations

import asyncio

from bot.analyzers.base import Analyzer
from bot.models import Analysis, Article, SourceKind
from bot.textnorm import content_hash


def text_article(text: str) -> Article:
    """A benchmark article: pasted text, no link or metadata."""
    return Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))


def analyze_blocking(analyzer: Analyzer, article: Article) -> Analysis:
    """The analyzer's raw (ungrounded) answer: `analyze_sync` when it has one (the rules
    analyzer), otherwise `analyze` on a fresh event loop. Not for use inside a loop."""
    sync = getattr(analyzer, "analyze_sync", None)
    if callable(sync):
        result: Analysis = sync(article)
        return result
    return asyncio.run(analyzer.analyze(article))
