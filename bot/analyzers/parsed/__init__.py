"""The offline analyzer on spaCy's dependency parse (see analyzer.py)."""

from bot.analyzers.parsed.analyzer import ParsedAnalyzer

__all__ = ["ParsedAnalyzer"]
