"""Official denials and responses: who answered, in what words, where, and how we know.

Two ways in: an attribution whose content denies ("We were not involved", "had no role"),
and a sentence that reports a response in the author's words ("Israel has denied",
"did not respond to a request for comment", "has stayed silent"). A denial known only
through "reportedly" or "was reportedly the line" is marked not first-hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyzers.rules_v1 import people, sources
from bot.analyzers.rules_v1.clauses import Found
from bot.analyzers.rules_v1.lexicon import DENIAL_CONTENT
from bot.analyzers.rules_v1.text import Doc
from bot.models import DenialKind

_DENIES = re.compile(DENIAL_CONTENT, re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(?:reportedly|allegedly|is said to|was said to|are said to|were said to"
    r"|according to (?:a|an|the|one|some|several|multiple)\b)",
    re.IGNORECASE,
)
_NEG = r"(?:did not|didn[’']t|does not|doesn[’']t|would not|wouldn[’']t|could not|couldn[’']t|has not|hasn[’']t|have not|haven[’']t|had not|hadn[’']t)"  # noqa: E501
_PATTERNS: list[tuple[DenialKind, re.Pattern[str]]] = [
    (
        DenialKind.NO_COMMENT,
        re.compile(
            rf"\b{_NEG}\s+(?:immediately\s+)?(?:respond(?:ed)?|reply|replied|return(?:ed)?)"
            r"\s+(?:to\s+)?(?:a\s+|an\s+|multiple\s+|repeated\s+|several\s+)?(?:requests?|emails?"
            r"|calls?|messages?|inquiry|inquiries|queries)\b[^.]*?\bcomment\b",
            re.IGNORECASE,
        ),
    ),
    (
        DenialKind.NO_COMMENT,
        re.compile(
            rf"\b{_NEG}\s+(?:immediately\s+|publicly\s+)?comment(?:ed)?\b"
            r"|\bno (?:immediate )?comment\b|\bcould not be reached\b|\bunavailable for comment\b",
            re.IGNORECASE,
        ),
    ),
    (
        DenialKind.DECLINED,
        re.compile(
            r"\b(?:declined|refused|declines|refuses|would not|wouldn[’']t)\s+to\s+"
            r"(?:comment|discuss|confirm|elaborate|say|answer|respond|address|speak)\b",
            re.IGNORECASE,
        ),
    ),
    (
        DenialKind.NON_DENIAL,
        re.compile(
            r"\b(?:has|have|had)\s+(?:remained|stayed|kept)\s+(?:silent|quiet|mum)\b"
            r"|\b(?:remained|stayed|kept|remains|stays)\s+(?:silent|quiet|mum)\b"
            r"|\bneither confirm(?:ed|s)? nor den(?:y|ied|ies)\b",
            re.IGNORECASE,
        ),
    ),
    (
        DenialKind.DENIAL,
        re.compile(
            r"\b(?:has|have|had)?\s*(?:repeatedly\s+|strongly\s+|flatly\s+|firmly\s+)?"
            r"(?:denied|denies|rejected|rejects|dismissed|dismisses|refuted|disputed)\b"
            r"|\b(?:had|has|have)\s+no\s+role\b|\b(?:was|were|is|are)\s+not\s+involved\b",
            re.IGNORECASE,
        ),
    ),
]
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be)\s+$", re.IGNORECASE)


@dataclass
class FoundDenial:
    by: str
    role: str | None
    organization: str | None
    official: bool
    kind: DenialKind
    quote: tuple[int, int]
    venue: str | None
    firsthand: bool
    attribution: int | None  # index into the attributions list
    sentence: int


def find(doc: Doc, attributions: list[Found]) -> list[FoundDenial]:
    """Denials and responses in `doc` (see module doc), in text order."""
    out: list[FoundDenial] = []
    covered: set[int] = set()
    for number, item in enumerate(attributions):
        if item.source is None:
            continue
        content = doc.text[item.content[0] : item.content[1]]
        if not _DENIES.search(content):
            continue
        if any(
            other is not item and item.content[0] <= other.cue[0] < item.content[1]
            for other in attributions
        ):
            continue  # the denial is someone else's, reported inside this content
        sentence = doc.sentences[item.sentence]
        source = doc.text[item.source[0] : item.source[1]]
        if sources.classify(source).value in {"pronoun", "unknown"} and not _DENIES.search(
            content
        ):
            continue
        person = people.split(source)
        reported = item.reported or bool(
            _REPORTED.search(doc.text[sentence.start : sentence.end])
            and not _quoted(doc, sentence.start, sentence.end, "reportedly")
        )
        venue = doc.text[item.hearer[0] : item.hearer[1]] if item.hearer else None
        out.append(
            FoundDenial(
                by=person.by,
                role=person.role,
                organization=person.organization,
                official=person.official,
                kind=DenialKind.DENIAL,
                quote=item.content,
                venue=venue,
                firsthand=not reported,
                attribution=number,
                sentence=item.sentence,
            )
        )
        covered.add(item.sentence)
    for sentence in doc.sentences:
        if sentence.index in covered:
            continue
        found = _from_sentence(doc, sentence.index)
        if found is not None:
            out.append(found)
    out.sort(key=lambda d: d.quote)
    return out


def _quoted(doc: Doc, start: int, end: int, word: str) -> bool:
    """Is every `word` in [start, end) inside a quotation (the speaker's, not ours)?"""
    hits = [m.start() for m in re.finditer(word, doc.text[start:end])]
    return bool(hits) and all(doc.quote_containing(start + h) is not None for h in hits)


def _from_sentence(doc: Doc, index: int) -> FoundDenial | None:
    sentence = doc.sentences[index]
    text = doc.text[sentence.start : sentence.end]
    for kind, pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        at = sentence.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        if doc.quote_containing(at) is not None:
            continue
        if kind is DenialKind.DENIAL and _PASSIVE.search(text[: match.start()]):
            continue
        first = next((i for i, t in enumerate(sentence.tokens) if t.start >= at), None)
        if first is None:
            continue
        span = sources.backward(sentence.tokens, first)
        if span is None:
            continue
        source = doc.text[sentence.tokens[span[0]].start : sentence.tokens[span[1] - 1].end]
        if sources.classify(source).value == "pronoun":
            by_text = _resolve_pronoun(doc, index) or source
        else:
            by_text = source
        person = people.split(by_text)
        return FoundDenial(
            by=person.by,
            role=person.role,
            organization=person.organization,
            official=person.official,
            kind=kind,
            quote=(sentence.start, sentence.end),
            venue=None,
            firsthand=not _REPORTED.search(text),
            attribution=None,
            sentence=index,
        )
    return None


def _resolve_pronoun(doc: Doc, index: int) -> str | None:
    """The last named source in the previous sentences of the paragraph (for 'he')."""
    paragraph = doc.sentences[index].paragraph
    for previous in range(index - 1, -1, -1):
        sentence = doc.sentences[previous]
        if sentence.paragraph < paragraph - 1:
            break
        span = sources.forward(sentence.tokens, 0, limit=8)
        if span is not None:
            text = doc.text[sentence.tokens[span[0]].start : sentence.tokens[span[1] - 1].end]
            if sources.classify(text).value == "named":
                return text
    return None
