"""Character spans from the parse: token ranges, subtrees without their edges' punctuation.

Every span is a pair of character offsets into the article text (end exclusive), so every
quote the analyzer produces is an exact slice of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

Offsets = tuple[int, int]

_EDGE_PUNCT = frozenset(",;:—–-()[]")
_QUOTES = frozenset("“”\"'‘’`")


def token_span(token: Token) -> Offsets:
    return token.idx, token.idx + len(token.text)


def tokens_span(tokens: Iterable[Token]) -> Offsets | None:
    """The offsets from the first to the last of `tokens` without edge punctuation."""
    kept = sorted(tokens, key=lambda t: t.i)
    while kept and ((kept[0].is_punct and kept[0].text not in _QUOTES) or kept[0].is_space):
        kept.pop(0)
    while kept and (kept[-1].text in _EDGE_PUNCT or kept[-1].is_space or kept[-1].text == "."):
        kept.pop()
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def with_stop(text: str, span: Offsets) -> Offsets:
    """`span` with the full stop (and closing quote) that ends its sentence right after it."""
    start, end = span
    if text[end : end + 1] in {".", "!", "?"}:
        end += 1
        if text[end : end + 1] in {"”", '"'}:
            end += 1
    return start, end


def subtree(token: Token, without: Iterable[Token] = ()) -> list[Token]:
    """The tokens of `token`'s subtree, minus the subtrees of `without`."""
    skip: set[int] = set()
    for other in without:
        skip.update(t.i for t in other.subtree)
    return [t for t in token.subtree if t.i not in skip]


def runs(tokens: list[Token]) -> list[list[Token]]:
    """`tokens` as runs of adjacent tokens (by index), in order."""
    out: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if out and token.i == out[-1][-1].i + 1:
            out[-1].append(token)
        else:
            out.append([token])
    return out


def longest_run(tokens: list[Token]) -> list[Token]:
    """The longest run of adjacent tokens (by index) among `tokens`, ignoring punctuation
    (the first of equals; none when every run is punctuation)."""
    best = max(runs(tokens), key=_weight, default=[])
    return best if _weight(best) > 0 else []


def run_holding(tokens: list[Token], token: Token, least: int = 3) -> list[Token] | None:
    """The run of adjacent tokens among `tokens` that holds `token`, if it has `least`
    words (punctuation aside)."""
    run = next((r for r in runs(tokens) if r[0].i <= token.i <= r[-1].i), None)
    return run if run is not None and _weight(run) >= least else None


def _weight(run: list[Token]) -> int:
    return sum(1 for t in run if not t.is_punct)


def balanced(text: str, span: Offsets) -> Offsets:
    """`span` widened to the closing quotation mark, and the stop or comma before it, when a
    quotation it opens is still open where it ends (“…the World Bank.”)."""
    start, end = span
    inside = text[start:end]
    curly = inside.count("“") > inside.count("”")
    if not (curly or inside.count('"') % 2 == 1 or inside.count("''") % 2 == 1):
        return span
    found = _CLOSING.match(text, end)
    if found is None or (curly and found.group(1) != "”") or (
            not curly and found.group(1) == "”"):
        return span
    return start, found.end()


_CLOSING = re.compile(r"[,.!?]?(”|\"|'')")
_CLOSED = re.compile(r"[,.!?]?(”|\"|'')$")
_OPENING = {"”": "“", '"': '"', "''": "''"}


def quotation(text: str, span: Offsets, floor: int, cue: Offsets) -> Offsets:
    """`span` as the whole quotation it is: with the closing mark right after it (and the
    comma or stop inside that mark) and the opening mark, which may open an earlier
    sentence of the same paragraph (from `floor`) but never lies before the cue."""
    start, end = span
    held = _CLOSED.search(text, start, end)
    if held is not None:
        end = held.start()  # the parse gave the closing mark: look at it as if it had not
    closing = _CLOSING.match(text, end)
    if closing is None:
        return span
    mark = closing.group(1)
    opener = _opener(text, floor, start, end, mark)
    if opener is None or opener < cue[0] < start:
        return span
    return opener, closing.end()


# The marks that open and close a quotation: “…”, ''…'' (a typed pair of apostrophes, as
# some wires write it) and "…"; the tokens that stand for them ("``" is a typewriter's
# opening mark).
QUOTE_PAIRS = {"“": "”", "''": "''", '"': '"'}
CLOSING_MARKS = frozenset(QUOTE_PAIRS.values())
QUOTE_MARKS = frozenset({*QUOTE_PAIRS, *CLOSING_MARKS, "``"})
_STOPPED = re.compile(r"[.!?…](”|\"|'')$")


def continued(text: str, span: Offsets, cue: Offsets, sentence_end: int) -> Offsets:
    """A quotation `span` with the quoted sentences that run on after it in the same
    paragraph ("“C1,” X said. “C2.” “C3.”"): one span over all of them, the speaker tag
    between them included. A following quotation with a tag of its own ("“C2,” Y added")
    is another attribution and stops the run; so does anything but a quote."""
    start, end = span
    if not any(text.startswith(a, start) and text.endswith(b, start, end)
               for a, b in QUOTE_PAIRS.items()):
        return span
    position = end
    if end <= cue[0]:  # “C1,” X said …: the tag is the rest of the sentence, with no quote
        if sentence_end <= end or any(m in text[end:sentence_end] for m in "“”\"") or \
                "''" in text[end:sentence_end]:
            return span
        position = sentence_end
    elif not _STOPPED.search(text, start, end):
        return span
    while True:
        gap = position
        while gap < len(text) and text[gap] in " \t\n":
            gap += 1
        pair = next(((a, b) for a, b in QUOTE_PAIRS.items() if text.startswith(a, gap)), None)
        if pair is None:
            break
        opening, closing = pair
        close = text.find(closing, gap + len(opening))
        stop = text.find("\n", gap)
        if close == -1 or (stop != -1 and close > stop) or (
                opening != closing and opening in text[gap + len(opening) : close]):
            break
        after = close + len(closing)
        if not _STOPPED.search(text, gap, after) or (after < len(text) and
                                                     not text[after].isspace()):
            break
        end = position = after
    return start, end


def closing(text: str, span: Offsets, cue: Offsets) -> Offsets:
    """`span` run on to the end of the quotation it lies in when that quotation is still
    open where the span ends (the parser cut a quoted passage into sentences): to the closing
    mark later in the paragraph, never across the cue; the opening mark after the cue is
    taken in too."""
    start, end = span
    floor = paragraph_start(text, start)
    if not inside_quotation(text, floor, end):
        return span
    stop = text.find("\n", end)
    stop = len(text) if stop == -1 else stop
    before = text[floor:end]
    mark = "”" if before.count("“") > before.count("”") else (
        '"' if before.count('"') % 2 == 1 else "''")
    close = text.find(mark, end, stop)
    if close == -1 or start < cue[0] < close + len(mark) or end <= cue[0] < close:
        return span
    opening = "“" if mark == "”" else mark
    opener = text.rfind(opening, floor, start + len(opening))
    if opener != -1 and (opener >= cue[1] or close <= cue[0]):
        start = min(start, opener)
    return start, close + len(mark)


def _opener(text: str, floor: int, start: int, end: int, mark: str) -> int | None:
    """Where the quotation that `mark` closes at `end` opens, if `mark` closes one."""
    opening = _OPENING[mark]
    if text.startswith(opening, start):
        return start
    if text.startswith(opening, start - len(opening)):
        before = start - len(opening)
        if opening != mark or text.count(mark, floor, before) % 2 == 0:
            return before
    if opening == mark:  # the same mark opens and closes: an odd count before is open
        if text.count(mark, floor, start) % 2 == 0:
            return None
        return text.rfind(mark, floor, start)
    found = text.rfind(opening, floor, start)
    if found == -1 or mark in text[found:start]:
        return None
    return found


def inside_quotation(text: str, floor: int, offset: int) -> bool:
    """Whether a quotation opened since `floor` (a paragraph start) is still open at `offset`."""
    before = text[floor:offset]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1 or (
        before.count("''") % 2 == 1)


def paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph (or hard-wrapped line) holding `offset` starts."""
    return text.rfind("\n", 0, offset) + 1


def sentences(doc: Doc) -> list[SpacySpan]:
    """The document's sentences, built once (`doc.sents` walks the document each time)."""
    found: list[SpacySpan] | None = doc.user_data.get(_SENTENCES)
    if found is None:
        doc.user_data[_SENTENCES] = found = list(doc.sents)
        doc.user_data[_SENTENCE_STARTS] = [s.start for s in found]
    return found


def sentences_back(token: Token, count: int) -> int:
    """The index of the first token of the sentence `count` sentences before `token`'s
    (or of the document's first)."""
    every = sentences(token.doc)
    return every[max(0, sentence_index(token) - count)].start


def sentence_index(token: Token) -> int:
    """The number of the sentence holding `token`, counting from 0."""
    sentences(token.doc)
    starts: list[int] = token.doc.user_data[_SENTENCE_STARTS]
    return bisect_right(starts, token.i) - 1


def sentence(token: Token) -> SpacySpan:
    """The sentence holding `token` (spaCy's `token.sent` walks the document each time)."""
    every = sentences(token.doc)
    starts: list[int] = token.doc.user_data[_SENTENCE_STARTS]
    return every[bisect_right(starts, token.i) - 1]


def entities(doc: Doc) -> tuple[SpacySpan, ...]:
    """The document's named entities, built once (`doc.ents` builds them on every access)."""
    found: tuple[SpacySpan, ...] | None = doc.user_data.get(_ENTITIES)
    if found is None:
        doc.user_data[_ENTITIES] = found = tuple(doc.ents)
        doc.user_data[_ENTITY_STARTS] = [e.start for e in found]
    return found


def entities_between(doc: Doc, start: int, end: int) -> tuple[SpacySpan, ...]:
    """The named entities whose first token index is in [`start`, `end`), in text order
    (found by bisection: a long article has hundreds, and every sentence asks)."""
    found = entities(doc)
    starts: list[int] = doc.user_data[_ENTITY_STARTS]
    return found[bisect_left(starts, start) : bisect_left(starts, end)]


def entity_of(token: Token) -> SpacySpan | None:
    """The named entity holding `token`, if any (entities never overlap)."""
    found = entities(token.doc)
    starts: list[int] = token.doc.user_data[_ENTITY_STARTS]
    at = bisect_right(starts, token.i) - 1
    return found[at] if at >= 0 and token.i < found[at].end else None


def text_of(doc: Doc) -> str:
    """The document's text, built once (`doc.text` joins every token on each access)."""
    found: str | None = doc.user_data.get(_TEXT)
    if found is None:
        doc.user_data[_TEXT] = found = doc.text
    return found


_TEXT = "factdesk.text"
_SENTENCES = "factdesk.sentences"
_SENTENCE_STARTS = "factdesk.sentence_starts"
_ENTITIES = "factdesk.entities"
_ENTITY_STARTS = "factdesk.entity_starts"
