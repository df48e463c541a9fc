"""A short extractive summary: what happened and who says so, in two to four sentences.

Extractive on purpose: rules cannot paraphrase safely, and the article's own lead is the
nearest thing to a neutral statement of what it reports. The lead's body sentences are
taken in order, with the first official response and, when none of them says who reports
it, the first attributed sentence of the lead. Page furniture is never a summary sentence:
a headline or dateline line (no closing punctuation), the headline repeated, a byline
("By Jane Doe"), "The Latest: …", "SOURCE: …" and promotional lines ("Also on …", "Read
more", "Sign up"; `data/boilerplate_starts.txt`). A dateline and wire tag at the start of a
sentence ("HAYWARD, Calif. (AP) — ") are cut from the summary text: it is free text, not
a quote.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span

from bot.analyzers.rules.furniture import is_furniture, lead_cut

_ENDINGS = (".", "!", "?", "”", "\"", "’", "'")
LEAD = 8  # body sentences within which the attributed sentence is looked for


def summarize(sentences: list[Span], response_starts: Collection[int], limit: int = 3,
              title: str | None = None, attributed_starts: Collection[int] = ()) -> str:
    """Two to four sentences: the lead's substantial ones, the first response, and who
    says so when the lead does not."""
    body = [s for s in sentences if _is_body(s, title)]
    chosen = body[: limit - (1 if response_starts else 0)]
    for sentence in body:
        if sentence.start_char in response_starts and sentence not in chosen:
            chosen.append(sentence)
            break
    if attributed_starts and not any(s.start_char in attributed_starts for s in chosen):
        said = next((s for s in body[:LEAD] if s.start_char in attributed_starts), None)
        if said is not None:
            chosen.append(said)
    if len(chosen) < 2:
        rest = [s for s in sentences if not is_furniture(s.text, title) and len(s) > 3]
        chosen = rest[:2] or list(sentences[:2])
    return " ".join(_text(s) for s in sorted(chosen, key=lambda s: s.start)[:4])


def _text(sentence: Span) -> str:
    """The sentence on one line, without a leading dateline or wire tag."""
    text = " ".join(sentence.text.split())
    return text[lead_cut(text) :]


def _is_body(sentence: Span, title: str | None) -> bool:
    text = _text(sentence)
    words = [t for t in sentence if t.is_alpha]
    return (len(words) >= 8 and text.endswith(_ENDINGS) and "\n" not in sentence.text.strip()
            and not is_furniture(text, title))
