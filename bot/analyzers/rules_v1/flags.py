"""Attributions a fact-checker cannot take at face value, each with a reason to act on.

Each rule names the words that raised it; the quote is the smallest span that shows
the problem (the source phrase for an anonymous source, the sentence for a hedge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyzers.rules_v1 import sources
from bot.analyzers.rules_v1.clauses import Found, cognitive
from bot.analyzers.rules_v1.denials import FoundDenial
from bot.analyzers.rules_v1.lexicon import HEDGES, UNKNOWN_ADMITTED, VAGUE_SOURCES
from bot.analyzers.rules_v1.text import Doc
from bot.models import FlagKind, SourceType


@dataclass
class FoundFlag:
    kind: FlagKind
    quote: tuple[int, int]
    why: str
    sentence: int
    attribution: int | None = None


def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len,
                                                                        reverse=True))


_ANON_PHRASE = re.compile(
    r"\b(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|multiple|some|"
    r"\d+)\s+)?(?:anonymous|unnamed|unidentified)\s+(?:[A-Z][\w.]*\s+|senior\s+|former\s+)*"
    r"(?:officials?|sources?|aides?|persons?|people|insiders?|diplomats?|officers?|advisers?"
    r"|staffers?|employees?|members?)\b"
    r"|\b(?:sources?|people|persons?|officials?|those)\s+(?:familiar\s+with|close\s+to|briefed\s+on"
    r"|with\s+knowledge\s+of)\s+(?:the\s+|his\s+|her\s+|their\s+)?\w+(?:\s+\w+)?"
    r"|\b(?:interviews\s+with\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"dozens?\s+of|several|multiple)\s+(?:current\s+and\s+former\s+|former\s+and\s+current\s+"
    r"|former\s+|current\s+|senior\s+)?(?:[A-Z][\w.]*\s+)*(?:government\s+|administration\s+"
    r"|military\s+|intelligence\s+|security\s+)?officials\b"
    r"|\ban?\s+(?:senior\s+|top\s+|former\s+|high-ranking\s+)+(?:[A-Z][\w.]*\s+)*"
    r"(?:administration\s+|government\s+|military\s+|intelligence\s+|security\s+|defense\s+)?"
    r"official\b(?!\s+[A-Z])"
    r"|\bspeaking\s+on\s+(?:the\s+)?condition\s+of\s+anonymity\b",
)
_HEDGE = re.compile(rf"\b(?:{_alternation(HEDGES)})\b", re.IGNORECASE)
_UNKNOWN = re.compile(rf"\b(?:{_alternation(UNKNOWN_ADMITTED)})\b", re.IGNORECASE)
_VAGUE = re.compile(rf"\b(?:{_alternation(VAGUE_SOURCES)})\b", re.IGNORECASE)
_SECONDARY = re.compile(
    r"\baccording\s+to\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){0,6}?(?:article|story|account"
    r"|documentary|book|interview|broadcast)\b"
    r"|\baccording\s+to\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){0,3}?(?-i:[A-Z])[\w’'\-]*\s+"
    r"(?:[\w’'\-]+\s+){0,3}?(?:report|investigation|analysis)\b"
    r"|\bthe\s+(?:article|report|story|newspaper|outlet|website|paper)\s+(?:claims|claimed|"
    r"says|said|reports|reported|alleges|alleged|suggests|suggested|asserts|writes|wrote)\b"
    r"|\b(?:a|the)\s+(?:new\s+|recent\s+|latest\s+)?(?:report|article|story)\s+(?:[\w’'\-]+\s+)"
    r"{0,10}?(?:claims|claimed|alleges|alleged|says|said|suggests|suggested)\b"
    r"|\b(?:as\s+)?first\s+reported\s+by\b|\bwas\s+first\s+reported\b",
    re.IGNORECASE,
)
_UNNAMED_DOC = re.compile(
    r"\b(?:an?|the)\s+(?:leaked\s+|confidential\s+|internal\s+|classified\s+|secret\s+|"
    r"unpublished\s+|draft\s+)+(?:memo|memorandum|document|report|email|letter|cable|dossier"
    r"|assessment|briefing)s?\b"
    r"|\b(?:documents?|memos?|emails?|files?|records?)\s+(?:seen|obtained|reviewed|viewed)\s+by\b",
    re.IGNORECASE,
)
_ACCUSE = re.compile(
    r"\b(?:has|have|had)?\s*(?:blamed|accused|blames|accuses|blame|accuse)\s+"
    r"(?:[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*|the\s+\w+|its\s+\w+|their\s+\w+)\s+(?:of|for)\b",
)


def find(doc: Doc, attributions: list[Found], denials: list[FoundDenial]) -> list[FoundFlag]:
    """Every flag in `doc`, in text order, one per kind and span, and one per sentence
    and concern: a hedge is not flagged again where a reported denial or an admitted
    unknown already flags its sentence."""
    speakers = _speakers(doc, attributions)
    out: list[FoundFlag] = []
    for sentence in doc.sentences:
        start, end = sentence.start, sentence.end
        if start < doc.body_start:
            start = doc.body_start
        text = doc.text[start:end]
        for match in _ANON_PHRASE.finditer(text):
            out.append(FoundFlag(
                FlagKind.ANONYMOUS_SOURCE, (start + match.start(), start + match.end()),
                "Unnamed source: ask who this is, and find a named or documentary "
                "confirmation before repeating it.", sentence.index))
        hedge = _HEDGE.search(text)
        if hedge and not _all_quoted(doc, start, _HEDGE, text):
            out.append(FoundFlag(
                FlagKind.HEDGED, (start, end), _hedge_why(hedge.group(),
                                                          speakers.get(sentence.index)),
                sentence.index))
        unknown = _UNKNOWN.search(text)
        if unknown:
            out.append(FoundFlag(
                FlagKind.UNKNOWN_ADMITTED, (start, end),
                "The article says this is not known: do not fill the gap; note it as "
                "an open question.", sentence.index))
        for match in _SECONDARY.finditer(text):
            out.append(FoundFlag(
                FlagKind.SECONDARY_REPORT, (start, end),
                f"Rests on another outlet's reporting (\u201c{_squash(match.group())}\u201d): "
                "check the original report and whether anyone confirmed it independently.",
                sentence.index))
            break
        for match in _UNNAMED_DOC.finditer(text):
            out.append(FoundFlag(
                FlagKind.UNNAMED_DOCUMENT, (start + match.start(), start + match.end()),
                "Cites a document the reader cannot see: ask for it or for its "
                "author and date.", sentence.index))
        vague = _VAGUE.search(text)
        if vague:
            out.append(FoundFlag(
                FlagKind.VAGUE_SOURCE, (start + vague.start(), start + vague.end()),
                "Vague source (\u201c" + _squash(vague.group()) + "\u201d): find out who "
                "exactly says this.", sentence.index))
        accuse = _ACCUSE.search(text)
        if accuse and doc.quote_containing(start + accuse.start()) is None:
            out.append(FoundFlag(
                FlagKind.PARTY_ACCUSATION, (start, end),
                "An accusation by a party to the dispute: look for independent evidence "
                "before treating it as fact.", sentence.index))
    out.extend(_from_attributions(doc, attributions, out))
    for denial in denials:
        if not denial.firsthand:
            out.append(FoundFlag(
                FlagKind.REPORTED_DENIAL, denial.quote,
                f"This denial by {denial.by} is itself only reported: find the "
                "original statement or ask them on the record.", denial.sentence,
                denial.attribution))
    specific = {f.sentence for f in out if f.kind in _COVERS_HEDGE}
    out = [f for f in out if f.kind is not FlagKind.HEDGED or f.sentence not in specific]
    out.sort(key=lambda f: (f.quote, f.kind.value))
    unique: list[FoundFlag] = []
    seen: set[tuple[FlagKind, tuple[int, int]]] = set()
    for flag in out:
        if (flag.kind, flag.quote) not in seen:
            seen.add((flag.kind, flag.quote))
            unique.append(flag)
    return unique


# Flags that already say what a hedge on the same sentence would.
_COVERS_HEDGE = frozenset({FlagKind.REPORTED_DENIAL, FlagKind.UNKNOWN_ADMITTED})


def _hedge_why(hedge: str, speaker: str | None) -> str:
    if speaker is None:
        return (f"Hedged with \u201c{hedge}\u201d and no source named for it: treat as "
                "unconfirmed until someone is on record.")
    return (f"Hedged with \u201c{hedge}\u201d: it is attributed to {speaker}, but the "
            "report of it is unsourced: find the original statement or someone on record.")


def _speakers(doc: Doc, attributions: list[Found]) -> dict[int, str]:
    """Per sentence, the first source quoted as saying something (not as thinking it)."""
    out: dict[int, str] = {}
    for item in attributions:
        if item.source is not None and not cognitive(doc.text, item):
            start, end = sources.trimmed(doc.text, item.source)
            name = _squash(doc.text[start:end])
            if sources.classify(name) is SourceType.PRONOUN:
                name = "the speaker"
            out.setdefault(item.sentence, name)
    return out


def _from_attributions(
    doc: Doc, attributions: list[Found], existing: list[FoundFlag]
) -> list[FoundFlag]:
    """Anonymous sources the phrase rules missed ("a person close to the talks said")."""
    out: list[FoundFlag] = []
    for number, item in enumerate(attributions):
        if item.source is None:
            continue
        source = doc.text[item.source[0] : item.source[1]]
        if sources.classify(source) is not SourceType.ANONYMOUS:
            continue
        if any(f.kind is FlagKind.ANONYMOUS_SOURCE and f.quote[0] < item.source[1]
               and item.source[0] < f.quote[1] for f in existing):
            continue
        out.append(FoundFlag(
            FlagKind.ANONYMOUS_SOURCE, sources.trimmed(doc.text, item.source),
            "Unnamed source: ask who this is, and find a named or documentary "
            "confirmation before repeating it.", item.sentence, number))
    return out


def _all_quoted(doc: Doc, start: int, pattern: re.Pattern[str], text: str) -> bool:
    return all(doc.quote_containing(start + m.start()) is not None
               for m in pattern.finditer(text))


def _squash(text: str) -> str:
    return " ".join(text.split())
