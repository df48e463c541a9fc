"""Character spans from the parse: token ranges, subtrees without their edges' punctuation.

Every span is a pair of character offsets into the article text (end exclusive), so every
quote the analyzer produces is an exact slice of the article.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

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


def subtree(token: Token, without: Iterable[Token] = ()) -> list[Token]:
    """The tokens of `token`'s subtree, minus the subtrees of `without`."""
    skip: set[int] = set()
    for other in without:
        skip.update(t.i for t in other.subtree)
    return [t for t in token.subtree if t.i not in skip]


def longest_run(tokens: list[Token]) -> list[Token]:
    """The longest run of adjacent tokens (by index) among `tokens`, ignoring punctuation."""
    ordered = sorted(tokens, key=lambda t: t.i)
    best: list[Token] = []
    run: list[Token] = []
    for token in ordered:
        if run and token.i != run[-1].i + 1:
            if _weight(run) > _weight(best):
                best = run
            run = []
        run.append(token)
    if _weight(run) > _weight(best):
        best = run
    return best


def _weight(run: list[Token]) -> int:
    return sum(1 for t in run if not t.is_punct)


def balanced(text: str, span: Offsets) -> Offsets:
    """`span` widened to a closing quotation mark left open just past its end."""
    start, end = span
    opened = sum(text.count(c, start, end) for c in "“") - sum(text.count(c, start, end)
                                                                for c in "”")
    if opened > 0:
        close = text.find("”", end, end + 3)
        if close != -1:
            return start, close + 1
    return start, end
