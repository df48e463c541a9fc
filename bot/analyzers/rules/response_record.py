"""One response found in the article, and how its details are read: the words it spans,
whether it is first-hand or relayed from another outlet's report, and where it was given
("told Radio Merrow", "in a statement").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.sources import Mention
from bot.analyzers.rules.spans import Offsets, subtree, text_of, tokens_span, with_stop
from bot.models import DenialKind

SHORT_REST = 60  # characters: what follows a quoted answer's verb, kept with it when short
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})


@dataclass(frozen=True)
class Response:
    kind: DenialKind
    quote: Offsets
    anchor: Token  # the verb (or noun) that carries the answer
    by: Mention | None
    firsthand: bool
    venue: str | None


def quote_span(token: Token, found: Found | None) -> Offsets | None:
    if found is not None and found.source is not None:
        start, end = found.extent
        text = text_of(token.doc)
        rest = text[end : found.sentence.end_char].rstrip()
        if 0 < len(rest) <= SHORT_REST and "“" not in rest and '"' not in rest:
            end += len(rest)  # "…,” he told Radio Merrow on Wednesday evening.": to whom, when
        return with_stop(text, (start, end))
    anchor = token
    while (anchor.dep_ in {"xcomp", "acomp", "prep", "pobj"} or _small_clause(anchor)) and \
            anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.dep_ == "relcl":
        return tokens_span(subtree(anchor))
    tokens = subtree(anchor, without=[c for c in anchor.children
                                      if c.dep_ in {"advcl", "ccomp"} and c.i < anchor.i])
    span = tokens_span(tokens)
    return with_stop(text_of(token.doc), span) if span else None


def _small_clause(token: Token) -> bool:
    """ "made herself available": a clause whose subject is the governing verb's own."""
    return token.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ in REFLEXIVE
                                         for c in token.children)


REFLEXIVE = frozenset({"herself", "himself", "itself", "themselves", "themself"})


@dataclass(frozen=True)
class OutletReports:
    """Where another outlet carries what the article tells: the phrases of its reports (an
    answer quoted within one is relayed) and what its reports say ("X has denied it, the
    Tribune reported": an answer whose verb lies in one is relayed)."""

    phrases: tuple[Offsets, ...] = ()
    stretches: tuple[Offsets, ...] = ()

    def carry(self, token: Token, quote: Offsets) -> bool:
        return any(start <= quote[0] and quote[1] <= end for start, end in self.phrases) or any(
            start <= token.idx < end for start, end in self.stretches)


def firsthand(token: Token, quote: Offsets, reports: OutletReports) -> bool:
    near = [*token.children, *(token.head.children if token.dep_ != "ROOT" else [])]
    if any(c.lower_ in HEDGES for c in near):
        return False
    return not reports.carry(token, quote)


def venue_of(token: Token) -> str | None:
    if token.lemma_ == "tell":
        for child in token.children:
            if child.dep_ in {"dobj", "dative"} and child.pos_ != "PRON":
                span = tokens_span(subtree(child))
                if span:
                    return text_of(child.doc)[span[0] : span[1]]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on", "to"}:
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and (target.lemma_ in {"interview", "statement", "email",
                                                         "letter", "tweet", "post", "release"}
                                       or target.pos_ == "PROPN"):
                span = tokens_span(subtree(target))
                if span:
                    return text_of(token.doc)[span[0] : span[1]]
    return None
