"""What a flag is while the rules engine finds it, the clause it quotes, and the flag each
kind of source raises."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import (
    Offsets,
    longest_run,
    sentence,
    subtree,
    text_of,
    tokens_span,
    with_stop,
)
from bot.models import FlagKind, SourceType

BY_SOURCE = {  # the flag a source of each kind raises; other kinds raise none
    SourceType.ANONYMOUS: FlagKind.ANONYMOUS_SOURCE,
    SourceType.VAGUE: FlagKind.VAGUE_SOURCE,
    SourceType.OUTLET: FlagKind.SECONDARY_REPORT,
    SourceType.DOCUMENT: FlagKind.UNNAMED_DOCUMENT,
}


@dataclass(frozen=True)
class FoundFlag:
    kind: FlagKind
    quote: Offsets
    why: str
    attribution: int | None = None  # index into the attributions
    relayed: bool = True  # another outlet's report carries what the flag covers


def clause(token: Token) -> Offsets | None:
    """The clause around `token`: its nearest verb's subtree, without joined clauses."""
    node = token
    while (node.pos_ not in {"VERB", "AUX"} or node.dep_ in NOT_A_CLAUSE or (
        node.dep_ == "ccomp" and node.head.lemma_.lower() in words("speech_verbs")
    )) and node.head.i != node.i:  # a hedge in reported words: the report is quoted whole
        node = node.head
    joined = [c for c in node.children if c.dep_ in {"conj", "cc"} or (
        c.dep_ in {"advcl", "parataxis"} and abs(c.i - token.i) > 3 and not
        (c.left_edge.i <= token.i <= c.right_edge.i))]
    run = longest_run(subtree(node, without=joined))
    if not any(t.i == token.i for t in run):
        run = [t for t in sentence(node) if abs(t.i - token.i) <= 12]
    span = tokens_span(run)
    return with_stop(text_of(token.doc), span) if span else None


NOT_A_CLAUSE = frozenset({"amod", "compound", "acl", "relcl", "aux", "auxpass", "xcomp",
                          "pcomp", "pobj", "prep", "advmod", "npadvmod"})
