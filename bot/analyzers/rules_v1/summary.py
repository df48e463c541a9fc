"""A short extractive summary: the lead, and the main response when there is one.

Extractive on purpose: the rules cannot paraphrase safely, and the article's own lead
sentences are the nearest thing to a neutral statement of what it reports.
"""

from __future__ import annotations

from bot.analyzers.rules_v1.text import Doc


def summarize(doc: Doc, response_sentences: list[int], limit: int = 3) -> str:
    """Two to four sentences: the first substantial ones, plus the first response."""
    chosen: list[int] = []
    for sentence in doc.sentences:
        if len(sentence.tokens) >= 8 and sentence.start >= doc.body_start - 1:
            chosen.append(sentence.index)
        if len(chosen) >= limit - (1 if response_sentences else 0):
            break
    for index in response_sentences:
        if index not in chosen:
            chosen.append(index)
            break
    if len(chosen) < 2:
        chosen = [s.index for s in doc.sentences[:2]]
    parts = []
    for index in sorted(chosen)[:4]:
        sentence = doc.sentences[index]
        start = max(sentence.start, doc.body_start)
        parts.append(" ".join(doc.text[start : sentence.end].split()))
    return " ".join(parts)
