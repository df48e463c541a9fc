"""How an answerer is described: the name, the role and organisation the article gives."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.sources import Mention
from bot.analyzers.rules.spans import entities

ORGANISATIONS = frozenset({"ORG", "GPE", "NORP"})
MAX_NAME = 80


@dataclass(frozen=True)
class Answerer:
    by: str
    role: str | None
    organization: str | None
    official: bool


def describe(source: Mention | None) -> Answerer:
    if source is None:
        return Answerer("unnamed", None, None, False)
    tokens: list[Token] = list(source.tokens)
    if source.resolved is not None:
        tokens = list(source.resolved) + tokens
    head = source.resolved.root if source.resolved is not None else source.head
    person = next((t for t in (head, *(c for c in head.children if c.dep_ == "appos"))
                   if t.ent_type_ == "PERSON"), None) or next(
        (t for t in tokens if t.ent_type_ == "PERSON"), None)
    name = _squash(source.name)
    role = None
    if person is not None:
        entity = next(e for e in entities(person.doc) if e.start <= person.i < e.end)
        name = entity.text
        rest = [t for t in source.tokens if not (entity.start <= t.i < entity.end)
                and not t.is_punct and t.dep_ not in {"det", "relcl"}]
        if any(t.pos_ in {"NOUN", "PROPN"} for t in rest):
            role = _squash(" ".join(t.text_with_ws.strip() for t in rest))
    organization = next((e.text for e in entities(source.head.doc) if e.label_ in ORGANISATIONS
                         and any(e.start <= t.i < e.end for t in tokens)
                         and e.text != name), None)
    official_words = words("official_words")
    official = any(t.lemma_.lower() in official_words for t in tokens) or (
        person is None and source.head.ent_type_ in {"ORG", "GPE"}
    )
    return Answerer(name[:MAX_NAME], role, organization, official)


def _squash(text: str) -> str:
    return " ".join(text.split())
