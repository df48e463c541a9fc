"""Where a cue begins and ends: the listed word a token is a form of, the verb with its
auxiliaries, "not" and adverbs before it and a colon or date after it, a topic
preposition before the content, and the verbs of going on or trying a cue can chain from.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.cues import extension
from bot.analyzers.rules.spans import Offsets, text_of

CUE_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})

CHAINING = frozenset({"try", "continue", "go", "begin", "start", "use", "have", "need",
                      "tend", "struggle", "attempt", "keep", "spend", "fail", "manage",
                      "scramble", "proceed"})


def chains(verb: Token) -> bool:
    return verb.lemma_.lower() in CHAINING and verb.pos_ in {"VERB", "AUX"}


def cue_word(token: Token, known: frozenset[str]) -> str | None:
    """The listed word `token` is a form of: its lemma, or its own form when the lemmatizer
    misreads it ("hopes" as a form of "hop"), or that form without a third-person "s"."""
    lower = token.lower_
    for form in (token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else ""):
        if form in known:
            return form
    return None


TOPICAL = frozenset({"about", "on", "against", "over"})


def topic_preposition(verb: Token, cue: Offsets, content: Offsets) -> Offsets:
    """ "warned against [C]", "spoke about [C]": the preposition between the cue and the
    content it introduces is part of the cue."""
    doc = verb.doc
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in TOPICAL
                 and cue[1] <= c.idx and c.idx + len(c.text) <= content[0]), None)
    if prep is None or text_of(doc)[cue[1] : prep.idx].strip() or \
            text_of(doc)[prep.idx + len(prep.text) : content[0]].strip():
        return cue
    return cue[0], prep.idx + len(prep.text)


def cue_span(verb: Token) -> Offsets:
    """The cue: the verb with its particle, the auxiliaries, "not" and adverbs right before
    it ("has not yet said"; not "when asked"), and a colon or a date right after it
    ("said Saturday")."""
    doc = verb.doc
    first = verb
    while first.i > 0:
        before = doc[first.i - 1]
        if before.head.i != verb.i or before.dep_ not in CUE_LEFT or before.tag_ == "WRB":
            break
        first = before
    last = max([verb, *(c for c in verb.children if c.dep_ == "prt")], key=lambda t: t.i)
    extended = extension(verb)
    if extended is not None and extended.i > last.i:
        last = extended
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.text == ":":
        last = after
    elif after is not None and after.head.i == verb.i and after.dep_ == "npadvmod" and \
            after.ent_type_ in {"DATE", "TIME"}:
        last = after.right_edge
    return first.idx, last.idx + len(last.text)
