"""Claims: what the article asserts, and on whose word.

A claim carried by an attribution of speech or writing is credited to that attribution's
source (resolved through pronouns); a verb of thinking makes no claimant. A sentence the
article states in its own voice is the author's claim when it is check-worthy and not page
furniture (a byline, "Read more"; `furniture.py`). A leading dateline or wire tag is no part
of a claim's quote. The score
(`checkworthy.py`, a small model learned from ClaimBuster) prefers checkable facts
(numbers, events, records, causes and comparisons, named actors) over opinion,
prediction and rhetoric.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from bot.analyzers.rules import checkworthy
from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.furniture import is_furniture, lead_cut
from bot.analyzers.rules.people import short_name
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import cleft_focus
from bot.analyzers.rules.spans import Offsets, text_of
from bot.models import SourceType, Sourcing

SOURCING = {
    SourceType.NAMED: Sourcing.NAMED,
    SourceType.ORGANIZATION: Sourcing.NAMED,
    SourceType.ANONYMOUS: Sourcing.ANONYMOUS,
    SourceType.VAGUE: Sourcing.VAGUE,
    SourceType.OUTLET: Sourcing.OUTLET_REPORT,
    SourceType.DOCUMENT: Sourcing.DOCUMENT,
}


@dataclass(frozen=True)
class FoundClaim:
    quote: Offsets
    sentence: Span
    claimant: str | None
    attribution: int | None
    sourcing: Sourcing
    checkworthy: float


def score(sentence: Span) -> float:
    """How check-worthy a sentence is, 0 to 1: the learned scorer of `checkworthy.py`."""
    return checkworthy.score(sentence)


def find(sentences: list[Span], attributions: list[Found], responses: set[int],
         response_sentences: set[int], hedged: set[int],
         threshold: float = 0.5) -> list[FoundClaim]:
    """Claims in text order. `responses` are cue token indexes that only answer (no claim),
    `response_sentences` the start characters of sentences that are answers, `hedged` those
    of sentences carrying a hedge."""
    by_sentence: dict[int, int] = {}
    for index, found in enumerate(attributions):
        if found.speech and found.cue_token.i not in responses and _carries(found):
            by_sentence.setdefault(found.sentence.start_char, index)
    out: list[FoundClaim] = []
    for sentence in sentences:
        if sentence.start_char in response_sentences:
            continue  # "X declined to comment", "Y denied it": an answer, not a claim
        value = score(sentence)
        linked = by_sentence.get(sentence.start_char)
        if linked is not None:
            out.append(_attributed(sentence, attributions[linked], linked, value))
        elif value >= threshold and not is_furniture(sentence.text):
            sourcing = (Sourcing.HEDGED if sentence.start_char in hedged else Sourcing.AUTHOR)
            quote = (sentence.start_char, sentence.end_char)
            out.append(FoundClaim(_trim(sentence, quote), sentence, None, None, sourcing,
                                  value))
    return out


def _carries(found: Found) -> bool:
    """The attribution carries the sentence's main statement: its cue is or holds the main
    verb ("Keel's view is that C"), its content holds it ("A, officials said, B"; not
    "after critics said C"), or the main verb only puts its speaker in focus ("It was the
    mayor who claimed C")."""
    root = found.sentence.root
    start, end = found.content
    focus = cleft_focus(found.cue_token)  # "It was the mayor who claimed C"
    return found.cue_token.i == root.i or found.cue[0] <= root.idx < found.cue[1] or (
        start <= root.idx < end) or (focus is not None and focus.head.i == root.i)


def _attributed(sentence: Span, found: Found, index: int, value: float) -> FoundClaim:
    claimant: str | None = None
    sourcing = Sourcing.UNATTRIBUTED
    if found.source is not None:
        kind = classify(found.source)
        sourcing = SOURCING.get(kind, Sourcing.UNATTRIBUTED)
        if kind is not SourceType.PRONOUN:
            claimant = short_name(found.source)
    quote = (sentence.start_char, sentence.end_char)
    return FoundClaim(_trim(sentence, quote), sentence, claimant, index, sourcing, value)


def _trim(sentence: Span, quote: Offsets) -> Offsets:
    text = text_of(sentence.doc)
    start, end = quote
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    start += lead_cut(text[start:end])  # a dateline or wire tag is not the claim
    return start, end
