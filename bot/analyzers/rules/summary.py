"""A short extractive summary: the lead sentences of the body, and the main response.

Extractive on purpose: rules cannot paraphrase safely, and the article's own lead is the
nearest thing to a neutral statement of what it reports. A headline or dateline line (no
closing punctuation) is not a summary sentence.
"""

from __future__ import annotations

from spacy.tokens import Span

_ENDINGS = (".", "!", "?", "”", "\"", "’", "'")


def summarize(sentences: list[Span], response_starts: list[int], limit: int = 3) -> str:
    """Two to four sentences: the first substantial ones, plus the first response."""
    body = [s for s in sentences if _is_body(s)]
    chosen = body[: limit - (1 if response_starts else 0)]
    for sentence in body:
        if sentence.start_char in response_starts and sentence not in chosen:
            chosen.append(sentence)
            break
    if len(chosen) < 2:
        chosen = list(sentences[:2])
    return " ".join(" ".join(s.text.split()) for s in sorted(chosen, key=lambda s: s.start)[:4])


def _is_body(sentence: Span) -> bool:
    text = sentence.text.strip()
    words = [t for t in sentence if t.is_alpha]
    return len(words) >= 8 and text.endswith(_ENDINGS) and "\n" not in text.strip()
