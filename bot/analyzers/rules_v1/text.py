"""The article cut into paragraphs, sentences, tokens and quotations, all with offsets.

Every later rule works on these pieces, so every span it makes is an exact slice of the
article. Sentences are not split inside a closed quotation: a quote of several sentences
followed by "he said" stays one unit, which keeps the quote and its speaker together.
A quotation left open at the end of a paragraph runs on into the next paragraph when
that one opens with a quote mark (the newspaper convention for long quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.analyzers.rules_v1.lexicon import ABBREVIATIONS, SENTENCE_STARTERS, SPEECH_VERBS

OPEN_QUOTES = frozenset({"“", "\u201e", "«"})
CLOSE_QUOTES = frozenset({"”", "»"})
# Marks that open or close by position: straight double quotes, and the two
# apostrophes some papers (the New York Times archive) print for them.
TOGGLE_QUOTES = frozenset({'"', "''"})
QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES | TOGGLE_QUOTES


def opens_at(text: str, offset: int) -> bool:
    """Does a quote mark that can open a quotation start at `offset`?"""
    return text[offset : offset + 1] in OPEN_QUOTES | {'"'} or text.startswith("''", offset)

_ABBREV = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., D.C.
    rf"|\b(?:{_ABBREV})\.(?=\s|\)|,|$)"  # Mr., Sen., Calif.
    r"|\b[A-Z]\.(?=\s+[A-Z])"  # the initial in Donald J. Trump
    r"|[$£€]?\d+(?:[.,:]\d+)*%?"  # 1,274  3.5  $100,000
    r"|\w+(?:[’'\-&.@]\w+)*(?:[’'](?=\s+\w))?"  # words, Israel’s, Forces’, D-Ill
    r"|''"
    r"|\S"
)
_CLOSERS = CLOSE_QUOTES | TOGGLE_QUOTES | {")", "]", "’", "'"}
_SENTENCE_OPENERS = QUOTE_MARKS | {"‘", "'", "(", "["}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[“\"])")
# A leading metadata line such as " date 2021-05-08 " left by some copy-paste.
_METADATA = re.compile(
    r"^\s*(?:date|published|updated|posted)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:]+Z?)?\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] in "$£€"

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Quote:
    """A quotation: from its opening mark to its closing mark, both included."""

    start: int
    end: int
    open_end: bool = False  # no closing mark in its paragraph


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    paragraph: int
    index: int = 0

    @property
    def words(self) -> list[str]:
        return [t.lower for t in self.tokens]


@dataclass
class Doc:
    text: str
    body_start: int
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def quote_ending_at(self, end: int, slack: int = 2) -> Quote | None:
        """The quotation whose closing mark ends at `end` (give or take a comma)."""
        for quote in self.quotes:
            if end - slack <= quote.end <= end + slack:
                return quote
        return None

    def quote_containing(self, offset: int) -> Quote | None:
        for quote in self.quotes:
            if quote.start <= offset < quote.end:
                return quote
        return None

    def quote_starting_at(self, start: int, slack: int = 2) -> Quote | None:
        for quote in self.quotes:
            if start <= quote.start <= start + slack:
                return quote
        return None


def tokenize(text: str, start: int, end: int) -> list[Token]:
    return [
        Token(m.start() + start, m.end() + start, m.group())
        for m in _TOKEN.finditer(text[start:end])
    ]


def _paragraphs(text: str, body_start: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = body_start
    for brk in _PARAGRAPH_BREAK.finditer(text, body_start):
        spans.append((position, brk.start()))
        position = brk.end()
    spans.append((position, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def _quotes(text: str, start: int, end: int) -> list[Quote]:
    quotes: list[Quote] = []
    opened: int | None = None
    offset = start
    while offset < end:
        char = text[offset]
        width = 2 if text.startswith("''", offset) else 1
        if char in OPEN_QUOTES and opened is None:
            opened = offset
        elif char in CLOSE_QUOTES and opened is not None:
            quotes.append(Quote(opened, offset + 1))
            opened = None
        elif char == '"' or width == 2:
            if opened is None:
                opened = offset
            else:  # a straight mark closes any quotation, even a curly one (sloppy text)
                quotes.append(Quote(opened, offset + width))
                opened = None
        offset += width
    if opened is not None:
        quotes.append(Quote(opened, end, open_end=True))
    return quotes


def _is_boundary(tokens: list[Token], i: int, text: str) -> bool:
    """Does a sentence end after token i (a '.', '!' or '?' or an abbreviation)?"""
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:
        return True
    if token.text in ".!?":
        return nxt.capitalized or nxt.text[:1].isdigit() or nxt.text in _SENTENCE_OPENERS
    if token.text.endswith(".") and len(token.text) > 2 and token.text[-3] == ".":
        # "U.S." ends a sentence only before a typical sentence opener.
        return nxt.text in SENTENCE_STARTERS
    return False


def _speaker_follows(tokens: list[Token], start: int) -> bool:
    """Do the next few tokens say who spoke ("Trump said", "said Sen. X", "he asked")?"""
    for k in range(start, min(start + 6, len(tokens))):
        token = tokens[k]
        if token.lower in SPEECH_VERBS and not token.capitalized:
            return True
        if not (token.is_word or token.text in {"(", ")", "-"}):
            return False
    return False


def _sentences(
    text: str, paragraph: tuple[int, int], index: int, quotes: list[Quote]
) -> list[Sentence]:
    start, end = paragraph
    tokens = tokenize(text, start, end)
    closed = [q for q in quotes if not q.open_end and start <= q.start < end]
    quote_ends = {q.end for q in quotes}
    out: list[Sentence] = []
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        current.append(tokens[i])
        if _is_boundary(tokens, i, text) and not any(
            q.start < tokens[i].end < q.end - 1 for q in closed
        ):
            # Closing quote marks and brackets belong to the sentence they close.
            while i + 1 < len(tokens) and tokens[i + 1].text in _CLOSERS and (
                tokens[i + 1].text not in TOGGLE_QUOTES or tokens[i + 1].end in quote_ends
            ):
                i += 1
                current.append(tokens[i])
            if current[-1].text in QUOTE_MARKS and _speaker_follows(tokens, i + 1):
                i += 1
                continue  # “Why not?” Trump asked.  -- one sentence
            out.append(Sentence(current[0].start, current[-1].end, current, index))
            current = []
        i += 1
    if current:
        out.append(Sentence(current[0].start, current[-1].end, current, index))
    return out


def parse(text: str) -> Doc:
    """Cut `text` into paragraphs, sentences and quotations (see module doc)."""
    meta = _METADATA.match(text)
    body_start = meta.end() if meta else 0
    doc = Doc(text=text, body_start=body_start)
    doc.paragraphs = _paragraphs(text, body_start)
    for number, paragraph in enumerate(doc.paragraphs):
        quotes = _quotes(text, *paragraph)
        if doc.quotes and doc.quotes[-1].open_end and opens_at(text, paragraph[0]):
            # A long quote carries on: extend the open one over this paragraph.
            previous = doc.quotes.pop()
            if quotes and quotes[0].start == paragraph[0]:
                first = quotes.pop(0)
                quotes.insert(0, Quote(previous.start, first.end, first.open_end))
        doc.quotes.extend(quotes)
        doc.sentences.extend(_sentences(text, paragraph, number, quotes))
    for position, sentence in enumerate(doc.sentences):
        sentence.index = position
    return doc
