"""Check-worthy sentences: what the article asserts and on whose word.

A sentence is scored on what makes a statement checkable: numbers, named actors,
causal and evaluative verbs, and being attributed to someone. Sentences that only report
a response ("did not comment") are left to the denials, and very short ones are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyzers.rules_v1 import sources
from bot.analyzers.rules_v1.clauses import Found, cognitive
from bot.analyzers.rules_v1.text import Doc, Sentence
from bot.models import SourceType, Sourcing

_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|"
                     r"hundreds?|thousands?|millions?|billions?|percent)\b", re.IGNORECASE)
_CAUSAL = re.compile(
    r"\b(?:kill\w*|caus\w*|involv\w*|plann\w*|blam\w*|help\w*|track\w*|led to|lead to|"
    r"increas\w*|decreas\w*|rais\w*|cut\w*|attack\w*|assassinat\w*|sabotag\w*|fund\w*|paid|"
    r"pay\w*|brib\w*|order\w*|approv\w*|violat\w*|won|lost|beat\w*|destroy\w*|launch\w*|"
    r"execut\w*|struck|strike|bomb\w*|arrest\w*|charg\w*|convict\w*|knew|passed|switched|"
    r"responsible|behind|illegal|fraud\w*|false|record|never|first|largest|highest|lowest|"
    r"most|least|doubled|tripled)\b",
    re.IGNORECASE,
)
_RESPONSE_ONLY = re.compile(
    r"\b(?:did not|didn[’']t|declined to|refused to|would not) (?:immediately )?"
    r"(?:comment|respond|reply)\b|\bstayed silent\b|\bremained silent\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:reportedly|allegedly|is said to|are said to|purportedly|"
                    r"apparently|it is unclear)\b", re.IGNORECASE)
_LEADS = re.compile(r"^(?:However|But|And|Still|Meanwhile|Moreover|Yet|So),?\s+")


@dataclass
class FoundClaim:
    statement: str
    quote: tuple[int, int]
    claimant: str | None
    attribution: int | None
    sourcing: Sourcing
    checkworthy: float
    sentence: int


_SOURCING = {
    SourceType.ANONYMOUS: Sourcing.ANONYMOUS,
    SourceType.DOCUMENT: Sourcing.DOCUMENT,
    SourceType.OUTLET: Sourcing.OUTLET_REPORT,
    SourceType.NAMED: Sourcing.NAMED,
    SourceType.ORGANIZATION: Sourcing.NAMED,
    SourceType.PRONOUN: Sourcing.NAMED,
}


def score(doc: Doc, sentence: Sentence, attributed: bool) -> float:
    """How check-worthy a sentence is, 0 to 1 (see module doc)."""
    text = doc.text[max(sentence.start, doc.body_start) : sentence.end]
    names = sum(1 for t in sentence.tokens[1:] if t.capitalized and t.is_word)
    value = 0.15
    value += 0.2 if _NUMBER.search(text) else 0.0
    value += min(0.25, 0.06 * names)
    value += 0.2 if _CAUSAL.search(text) else 0.0
    value += 0.15 if attributed else 0.0
    value += 0.05 if _HEDGE.search(text) else 0.0
    if len(sentence.tokens) < 6:
        value -= 0.3
    return round(max(0.0, min(1.0, value)), 2)


def find(doc: Doc, attributions: list[Found], threshold: float = 0.5) -> list[FoundClaim]:
    """Claims in text order: sentences scoring at least `threshold`.

    The claimant is the source of the sentence's first attribution that reports speech
    or writing; a verb of thinking ("the rebels knew the route") makes its subject no
    claimant, so such a sentence rests on the article (hedged if it says "reportedly").
    """
    attributed: set[int] = set()
    by_sentence: dict[int, int] = {}
    for position, item in enumerate(attributions):
        attributed.add(item.sentence)
        if not cognitive(doc.text, item):
            by_sentence.setdefault(item.sentence, position)
    out: list[FoundClaim] = []
    for sentence in doc.sentences:
        start = max(sentence.start, doc.body_start)
        text = doc.text[start : sentence.end]
        if _RESPONSE_ONLY.search(text) or len(sentence.tokens) < 6:
            continue
        linked = by_sentence.get(sentence.index)
        value = score(doc, sentence, sentence.index in attributed)
        if value < threshold:
            continue
        claimant: str | None = None
        sourcing = Sourcing.UNATTRIBUTED
        if linked is not None and attributions[linked].source is not None:
            span = attributions[linked].source
            assert span is not None
            first, last = sources.trimmed(doc.text, span)
            claimant = doc.text[first:last]
            sourcing = _SOURCING.get(sources.classify(claimant), Sourcing.NAMED)
        if _HEDGE.search(text) and sourcing is Sourcing.UNATTRIBUTED:
            sourcing = Sourcing.HEDGED
        out.append(FoundClaim(
            statement=_statement(text),
            quote=(start, sentence.end),
            claimant=claimant,
            attribution=linked,
            sourcing=sourcing,
            checkworthy=value,
            sentence=sentence.index,
        ))
    return out


def _statement(text: str) -> str:
    """The sentence as one clean line: white space squashed, leading connective dropped."""
    line = " ".join(text.split())
    line = _LEADS.sub("", line)
    return line[:1].upper() + line[1:]
