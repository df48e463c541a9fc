"""Where a cue's quoted content lies when the parse does not say: the quotation a speaker
tag follows or precedes, one the parser cut into sentences ("“C1. C2,” X said"), one that
opens after the verb ("X tweeted, “C1. C2.”") and the paragraph after a closing colon.

Each finder takes the cue's head token and gives character offsets (end exclusive), or
None when its construction is not there.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.analyzers.rules.cues import SUBJECTS
from bot.analyzers.rules.spans import (
    CLOSING_MARKS,
    Offsets,
    inside_quotation,
    paragraph_start,
    quotation,
    sentence,
    text_of,
    token_span,
    tokens_span,
)

_QUOTED = re.compile(r"“[^”]{8,}”|\"[^\"]{8,}\"")


def after_colon(verb: Token) -> Offsets | None:
    """ "Reporter Ann Ruiz says:" at a sentence's end: what it reports is the paragraph
    after the colon."""
    clause = sentence(verb)
    last = next((t for t in reversed(clause) if not t.is_space), None)
    if last is None or last.text != ":" or clause.end >= len(verb.doc):
        return None
    text = text_of(verb.doc)
    start = last.idx + 1
    while start < len(text) and text[start].isspace():
        start += 1
    stop = text.find("\n", start)
    stop = len(text) if stop == -1 else stop
    return (start, stop) if stop - start > 2 else None


def quote_around(verb: Token) -> Offsets | None:
    """The quotation a speaker's sentence opens with or follows: "“…,” Ann Ruiz, the
    mayor, said when asked", or "“…” one resident tweeted." after it."""
    clause = sentence(verb)
    text = text_of(verb.doc)
    words_of = [t for t in clause if not t.is_space]
    if not words_of:
        return None
    first = words_of[0]
    if first.text in {"“", '"', "''"}:
        close = next((t for t in words_of[1:] if t.text in {"”", '"', "''"}
                      and t.i < verb.i), None)
        if close is not None:
            return first.idx, close.idx + len(close.text)
    if clause.start == 0 or any(t.text in {"“", "”", '"', "''"} for t in words_of):
        return None
    before = [t for t in sentence(verb.doc[clause.start - 1]) if not t.is_space]
    if not before or before[-1].text not in {"”", '"', "''"}:
        return None
    span = tokens_span(before)
    if span is None or text[span[0]] not in "“\"'":
        return None
    return span


def nearby_quote(verb: Token) -> Offsets | None:
    """A quotation in the verb's sentence that the verb introduces or closes."""
    clause = sentence(verb)
    text = text_of(verb.doc)
    best: Offsets | None = None
    for match in _QUOTED.finditer(text, clause.start_char, clause.end_char):
        start, end = match.start(), match.end()
        if start <= verb.idx < end:
            continue
        gap = verb.idx - end if end <= verb.idx else start - verb.idx
        if gap <= 60 and (best is None or gap < abs(verb.idx - best[0])):
            best = (start, end)
    return best


def quoted_before(verb: Token) -> Offsets | None:
    """ "… for the next president." Sanders said. / “How?” he asked.: a sentence that is only
    a speaker and a verb of saying reports the quotation that ends right before it."""
    clause = sentence(verb)
    if any(not (t.is_punct or t.is_space) and t.i != verb.i and t.dep_ not in SUBJECTS | {
            "compound", "det", "amod", "poss", "case", "appos", "advmod", "npadvmod", "prep",
            "pobj", "cc"} for t in clause) or clause.start == 0:
        return None
    doc = verb.doc
    previous = sentence(doc[clause.start - 1])
    said = [t for t in previous if not t.is_space]
    if not said or said[-1].text not in {"”", '"', "''"}:
        return None
    text = text_of(doc)
    span = tokens_span(said)
    if span is None:
        return None
    found = quotation(text, span, paragraph_start(text, span[0]), token_span(verb))
    return found if found != span or text[span[0]] in "“\"'" else None


TAG_LEFT = frozenset({"aux", "auxpass", "neg", "advmod", "npadvmod", "punct"})




def quote_before_tag(verb: Token) -> Offsets | None:
    """ "“C1. C2,” Ana Ruiz said.": the parser cut a quotation into sentences, so the verb's
    own sentence opens inside it; what the speaker said is the whole quotation, from its
    opening mark in an earlier sentence of the paragraph to the mark that closes it right
    before the speaker and the verb."""
    clause = sentence(verb)
    doc = verb.doc
    text = text_of(doc)
    floor = paragraph_start(text, clause.start_char)
    if not inside_quotation(text, floor, clause.start_char):
        return None
    speaker = {t.i for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree}
    mark = next((t for t in reversed(doc[clause.start : verb.i]) if t.i not in speaker
                 and not (t.head.i == verb.i and t.dep_ in TAG_LEFT and t.text not in
                          CLOSING_MARKS) and not t.is_space), None)
    if mark is None or mark.text not in CLOSING_MARKS or mark.i == clause.start:
        return None
    before = doc[mark.i - 1].text
    if before not in {",", "?", "!", "."} and not before[-1:].isalnum():
        return None
    opening = "“" if mark.text == "”" else mark.text
    opener = text.rfind(opening, floor, clause.start_char)
    if opener == -1:
        return None
    return opener, mark.idx + len(mark.text)


_OPENERS = {"“": "”", '"': '"', "''": "''"}


def quote_after(verb: Token, cue_end: int) -> Offsets | None:
    """ "One voter tweeted, “C1. C2.”": a quotation that opens right after the verb (and a
    comma or colon) and runs on past its sentence, to its closing mark in the paragraph."""
    doc = verb.doc
    after = [t for t in doc[verb.i + 1 : verb.i + 8] if t.idx >= cue_end and not t.is_space
             ][:2]
    if after and after[0].text in {",", ":"}:
        after = after[1:]
    if not after or after[0].text not in _OPENERS:
        return None
    text = text_of(doc)
    start = after[0].idx
    stop = text.find("\n", start)
    stop = len(text) if stop == -1 else stop
    mark = _OPENERS[after[0].text]
    close = text.find(mark, start + len(after[0].text), stop)
    if close == -1 or close + len(mark) <= sentence(verb).end_char:
        return None  # closed within the sentence: the nearby quotation rule takes it
    return start, close + len(mark)
