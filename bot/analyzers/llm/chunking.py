"""Splitting a long article into parts that each fit the model's article budget.

Tokens are estimated as characters / 4 (rounded up): close enough for English news text
with the tokenizers of current chat models, and it needs no tokenizer per model. A part
is a slice of the article text (never rewritten), so every quote the model copies from a
part is also a verbatim span of the whole article. Parts end on paragraph boundaries
(a blank line); a single paragraph longer than the budget is cut between sentences, and a
sentence longer than the budget between words, as a last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHARS_PER_TOKEN = 4
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def estimate_tokens(text: str) -> int:
    """Estimated tokens of `text`: characters / 4, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Part:
    """`text[start:end]` of the article; `index` counts from 0."""

    index: int
    start: int
    end: int
    text: str


def split_article(text: str, budget_tokens: int) -> list[Part]:
    """The article in order, as parts of at most `budget_tokens` estimated tokens each."""
    limit = budget_tokens * CHARS_PER_TOKEN
    pieces = [
        piece
        for start, end in _pieces(text, 0, len(text), _PARAGRAPH_BREAK)
        for piece in _fit(text, start, end, limit)
    ]
    bounds: list[tuple[int, int]] = []
    for start, end in pieces:
        if bounds and end - bounds[-1][0] <= limit:
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return [Part(i, start, end, text[start:end]) for i, (start, end) in enumerate(bounds)]


def _pieces(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Non-blank stretches of `text[start:end]` between matches of `separator`."""
    out: list[tuple[int, int]] = []
    position = start
    for match in separator.finditer(text, start, end):
        out.append((position, match.start()))
        position = match.end()
    out.append((position, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in out) if e > s]


def _fit(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """`text[start:end]` as pieces of at most `limit` characters, sentences kept whole."""
    if end - start <= limit:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    for s_start, s_end in _pieces(text, start, end, _SENTENCE_END):
        if s_end - s_start <= limit:
            out.append((s_start, s_end))
            continue
        out.extend(_cut_words(text, s_start, s_end, limit))
    return out


def _cut_words(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit
        space = max((m.start() for m in _SPACE.finditer(text, start + 1, cut + 1)), default=-1)
        cut = space if space > start else cut
        out.append((start, cut))
        start, _ = _trim(text, cut, end)
    if end > start:
        out.append((start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
