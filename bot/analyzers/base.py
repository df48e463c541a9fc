"""The analyzer interface and the one way every analysis is produced.

An analyzer knows how to read an article; `run_analyzer` adds what every analysis
needs whatever made it: grounding of each quote, elapsed time, the time it was made.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

from bot.grounding import ground
from bot.models import Analysis, Article


class Analyzer(Protocol):
    """Reads an article. `name`, `model` and `prompt_hash` identify its answers in caches."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def prompt_hash(self) -> str: ...

    async def analyze(self, article: Article) -> Analysis:
        """The analysis of `article`; quotes may be unlocated (grounding follows)."""
        ...


async def run_analyzer(analyzer: Analyzer, article: Article) -> Analysis:
    """Analyze, ground every quote in the article text, and stamp time and engine."""
    started = time.perf_counter()
    raw = await analyzer.analyze(article)
    grounded = ground(raw, article.text)
    engine = grounded.engine.model_copy(
        update={
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 2),
            "analyzed_at": datetime.now(UTC),
        }
    )
    return grounded.model_copy(update={"engine": engine})
