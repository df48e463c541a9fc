"""How an answerer is described: the name, the role and organisation the article gives."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.sources import Mention
from bot.analyzers.rules.spans import entities, entity_of, text_of

ORGANISATIONS = frozenset({"ORG", "GPE", "NORP"})
MAX_NAME = 80


@dataclass(frozen=True)
class Answerer:
    by: str
    role: str | None
    organization: str | None
    official: bool


def describe(source: Mention | None) -> Answerer:
    """Who answers: the fullest name the article gives ("Keel" resolved to "Marta Keel"),
    and the role and organisation written around it ("the board's chairwoman")."""
    if source is None:
        return Answerer("unnamed", None, None, False)
    tokens: list[Token] = list(source.tokens)
    if source.resolved is not None:
        tokens = list(source.resolved) + tokens
    head = source.head
    named = next((t for t in (head, *(c for c in head.children if c.dep_ == "appos"))
                  if t.ent_type_ == "PERSON" or (t.i != head.i and t.pos_ == "PROPN")), None)
    name = _squash(source.name)
    role = None
    if named is not None:
        entity = entity_of(named)
        first, last = (entity.start, entity.end) if entity is not None else (
            named.left_edge.i, named.i + 1)
        name = _squash(source.resolved.text if source.resolved is not None
                       else named.doc[first:last].text)
        rest = [t for t in source.tokens if not (first <= t.i < last) and not t.is_punct
                and t.dep_ not in {"det", "relcl"}]
        if any(t.pos_ in {"NOUN", "PROPN"} for t in rest):
            role = _squash(text_of(head.doc)[rest[0].idx : rest[-1].idx + len(rest[-1])])
    organization = next((e.text for e in entities(head.doc) if e.label_ in ORGANISATIONS
                         and any(e.start <= t.i < e.end for t in tokens)
                         and e.text not in name), None)
    official_words = words("official_words")
    official = any(t.lemma_.lower() in official_words for t in tokens) or (
        named is None and head.ent_type_ in {"ORG", "GPE"}
    )
    return Answerer(name[:MAX_NAME], role, organization, official)


def short_name(source: Mention) -> str:
    """The source as a claimant: its name with the words before it ("port official David
    Holmes"), without a clause or appositive about it ("Tom Alder, who runs the ferries,")."""
    if source.resolved is not None:
        return _squash(source.name)
    named = source.head.pos_ == "PROPN"  # then an appositive describes; else it names
    dropped = {t.i for c in source.head.children if c.i > source.head.i and (
        c.dep_ in {"relcl", "acl"} or (c.dep_ == "appos" and named)) for t in c.subtree}
    kept = [t for t in source.tokens if t.i not in dropped]
    while len(kept) > 1 and (kept[-1].is_punct and kept[-1].text != ")"):
        kept.pop()
    if not kept:
        return _squash(source.name)
    return _squash(text_of(source.head.doc)[kept[0].idx : kept[-1].idx + len(kept[-1])])


def _squash(text: str) -> str:
    return " ".join(text.split())
