"""The model analyzer: any OpenAI-compatible chat endpoint, structured outputs, prompts as data.

Modules: `schema` (the answer's shape), `chunking` (long articles into parts),
`messages` (prompts rendered, the article fenced as data), `client` (one call and its
failures), `merge` (parts into one analysis), `analyzer` (`LLMAnalyzer`, the flow).
"""

from bot.analyzers.llm.analyzer import LLMAnalyzer

__all__ = ["LLMAnalyzer"]
