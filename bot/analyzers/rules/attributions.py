"""Attributions on the dependency parse: who (source) is cited (cue) as saying what (content).

A cue is a verb of saying or thinking from the word lists; its source is the subject's
subtree (a relative "who" stands for the noun it describes; a verb joined by "and" shares
its neighbour's subject), and its content is the clausal complement, the clause a
parenthetical "officials said" interrupts, a nearby quotation, or the object of verbs like
"denied". "According to X" takes X as the source and the clause as content; so do a few
nouns that carry attribution ("in the words of X", "the line from X", "interviews with X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.sources import RELATIVE, Mention, closed, mention, relative
from bot.analyzers.rules.spans import (
    Offsets,
    balanced,
    longest_run,
    sentence,
    subtree,
    text_of,
    token_span,
    tokens_span,
)

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_CONTENT = frozenset({
    "deny", "reject", "dispute", "confirm", "announce", "dismiss", "criticize", "criticise",
    "praise", "blame", "refute", "rebut", "question", "acknowledge", "admit", "predict",
    "reveal", "disclose", "describe", "call", "accuse", "defend", "allege", "contest",
    "cite", "mention", "report", "estimate", "repeat", "reiterate", "promise", "concede",
    "know", "expect", "want", "doubt", "fear", "recall", "like", "hate", "love", "see",
})
XCOMP_CONTENT = frozenset({"want", "hope", "expect", "plan", "intend", "promise", "vow",
                           "threaten", "pledge", "wish", "urge", "ask", "seem", "appear"})
NOMINAL = {"word": {"of"}, "line": {"from"}, "interview": {"with"}, "statement": {"from", "by"},
           "account": {"of", "from", "by"}, "testimony": {"of", "from", "by"},
           "remark": {"by", "from"}, "comment": {"by", "from"}, "message": {"from"}}
_QUOTED = re.compile(r"“[^”]{8,}”|\"[^\"]{8,}\"")


@dataclass(frozen=True)
class Found:
    """One attribution found in the parse; offsets are character offsets into the text."""

    cue: Offsets
    cue_token: Token
    content: Offsets
    source: Mention | None
    speech: bool  # a verb of saying or writing (else of thinking, or a noun)

    @property
    def sentence(self) -> Span:
        return sentence(self.cue_token)


def find(doc: Doc) -> list[Found]:
    """Every attribution in text order, one per cue."""
    speech, thought = words("speech_verbs"), words("cognition_verbs")
    out: list[Found] = []
    for token in doc:
        found: Found | None = None
        lemma = token.lemma_.lower()
        if token.lower_ in {"according", "based"}:
            found = _according(token)
        elif token.pos_ in {"VERB", "AUX"} and (lemma in speech or lemma in thought):
            found = _verb(token, lemma in speech)
        elif token.pos_ == "NOUN" and lemma in NOMINAL:
            found = _nominal(token, NOMINAL[lemma])
        if found is not None:
            out.append(found)
    return out


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of `verb`: its own, or the one it shares through "and" or "to"."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if depth < 3 and verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        return subject(verb.head, depth + 1)
    return None


def source_of(verb: Token) -> Mention | None:
    """The mention a verb's subject names, with the comma that closes it before the verb;
    a relative pronoun ("who") is the mention, resolved to the noun it describes."""
    head = subject(verb)
    if head is None:
        return None
    if head.lower_ in RELATIVE:
        return relative(head)
    return closed(mention(list(head.subtree), head), verb)


def _verb(verb: Token, speech: bool) -> Found | None:
    lemma = verb.lemma_.lower()
    content = _content(verb, lemma)
    if content is None:
        return None
    source = source_of(verb)
    if source is None and not _passive_report(verb):
        return None
    cue_tokens = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    cue = tokens_span(cue_tokens)
    if cue is None:
        return None
    return Found(cue, verb, content, source, speech)


def _content(verb: Token, lemma: str) -> Offsets | None:
    text = text_of(verb.doc)
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in XCOMP_CONTENT):
            span = tokens_span(subtree(child))
            return balanced(text, span) if span else None
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and verb.i > verb.head.i
                                    and _comma_between(verb.head, verb)):
        run = longest_run(subtree(verb.head, without=[verb]))
        span = tokens_span(run)
        if span:
            return balanced(text, span)
    quoted = _nearby_quote(verb)
    if quoted is not None:
        return quoted
    if lemma in OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ in {"dobj", "oprd"}:
                return tokens_span(subtree(child))
    return None


def _comma_between(first: Token, second: Token) -> bool:
    return any(t.text == "," for t in first.doc[first.i : second.i])


def _passive_report(verb: Token) -> bool:
    """ "It was reported that …" / "is said to": a report with no source."""
    return any(c.dep_ == "auxpass" for c in verb.children)


def _nearby_quote(verb: Token) -> Offsets | None:
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


def _clause_rest(anchor: Token) -> Offsets | None:
    """The clause an attributing phrase is attached to, without the phrase itself."""
    root = sentence(anchor).root
    run = longest_run(subtree(root, without=[anchor]))
    return tokens_span(run)


def _according(token: Token) -> Found | None:
    """ "According to X, C" and "Based on X, C": X is the source, the clause the content."""
    joint = "to" if token.lower_ == "according" else "on"
    to = next((c for c in token.children if c.lower_ == joint), None)
    if to is None or (joint == "on" and token.head.pos_ not in {"VERB", "AUX"}):
        return None
    target = next((c for c in to.children if c.dep_ == "pobj"), None)
    if target is None:
        return None
    content = _clause_rest(token)
    if content is None:
        return None
    cue = token.idx, to.idx + len(to.text)
    return Found(cue, token, content, mention(list(target.subtree), target), True)


def _nominal(noun: Token, preps: set[str]) -> Found | None:
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps), None)
    if prep is None:
        return None
    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if target is None:
        return None
    anchor = noun
    while anchor.head.i != anchor.i and anchor.head.pos_ in {"ADP", "NOUN"} and \
            anchor.dep_ in {"pobj", "dobj", "compound"}:
        anchor = anchor.head
    content = _clause_rest(anchor)
    if content is None:
        return None
    return Found(token_span(noun), noun, content, mention(list(target.subtree), target), True)
