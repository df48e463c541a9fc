"""Pasted text or a link to an `Article`, safely.

`parse_input` decides, without network I/O, whether the user gave a link or text and
gives the cache identity; `load_article` produces the article (fetching links through
`bot.ingest.fetch`, which refuses private addresses and enforces time and size limits).
"""

from bot.ingest.canonical import canonical_url
from bot.ingest.inputs import ArticleInput, parse_input
from bot.ingest.load import load_article

__all__ = ["ArticleInput", "canonical_url", "load_article", "parse_input"]
