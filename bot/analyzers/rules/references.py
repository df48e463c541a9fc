"""Short references back to someone named: "the official", "the minister", "the firm".

A definite singular role or body noun with nothing of its own to name it ("the official
said", not "the official at the ministry" or "the Ledger's source") stands for the nearest
earlier named person (for a role) or organisation (for a body) within a few sentences,
unless the article introduced an unnamed one by the same noun in between ("a senior
official said … the official added"): that one stays unnamed.

And the news lede that names its speaker one sentence later ("A California transit chief
says the ferries are too small. Tom Alder, who runs …, said …"): an indefinite role in the
article's opening sentences stands for the person the next sentence has speak, unless it is
presented as unnamed ("a senior official", "a person familiar with").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import (
    entities,
    entities_between,
    sentence_index,
    sentences,
    sentences_back,
)

BACK = 4  # sentences searched back
PERSON_ROLES = frozenset({"official", "minister", "president", "governor", "mayor", "chief",
                          "director", "spokesman", "spokeswoman", "spokesperson", "lawyer",
                          "attorney", "executive", "chairman", "chairwoman", "chair",
                          "secretary", "senator", "judge", "commissioner", "manager",
                          "founder", "owner", "candidate", "prosecutor", "officer",
                          "ambassador", "envoy", "diplomat", "leader", "premier", "captain",
                          "coach", "inspector", "auditor", "economist", "analyst"})
BODIES = frozenset({"company", "firm", "group", "bank", "club", "union", "airline", "carrier",
                    "operator", "agency", "ministry", "department", "council", "board",
                    "government", "campaign", "administration", "committee", "party",
                    "contractor", "developer", "insurer", "retailer", "manufacturer"})
INFORMED = frozenset({"familiar", "briefed", "close", "knowledgeable", "involved",
                      "anonymity", "anonymous", "unnamed", "unidentified"})
DEFINITE = frozenset({"the", "this", "that"})
OWN_NAMING = frozenset({"prep", "relcl", "acl", "appos", "poss", "compound", "nummod"})


def definite_reference(head: Token) -> Span | None:
    """The named mention `head` ("the official") refers back to, or None."""
    lemma = head.lemma_.lower()
    if not _singular_noun_with(head, DEFINITE) or any(
            c.dep_ in OWN_NAMING or _another(c) for c in head.children):
        return None
    if _person_role(lemma):
        labels = {"PERSON"}
    elif lemma in BODIES:
        labels = {"ORG"}
    else:
        return None
    doc = head.doc
    floor = sentences_back(head, BACK)
    earlier = [e for e in entities_between(doc, 0, head.i) if e.end <= head.i
               and e.label_ in labels]
    titled = next((e for e in reversed(earlier) if _titled(e, lemma)), None)
    named = titled or next((e for e in reversed(earlier) if floor <= e.start), None)
    unnamed = next((t.i for t in reversed(doc[floor : head.i]) if t.lemma_.lower() == lemma
                    and t.pos_ == "NOUN" and not _singular_noun_with(t, DEFINITE)), None)
    if named is None or (unnamed is not None and unnamed > named.start):
        return None
    return named


def _another(modifier: Token) -> bool:
    """ "The second official", "the other official": someone besides the one before."""
    return modifier.dep_ == "amod" and (modifier.ent_type_ == "ORDINAL" or modifier.lower_ in {
        "other", "second", "third", "fourth", "fifth"})


def _singular_noun_with(token: Token, determiners: frozenset[str]) -> bool:
    """ "the official" (with DEFINITE), "a transit chief" (with INDEFINITE)."""
    return token.pos_ == "NOUN" and token.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in determiners for c in token.children)


def _person_role(lemma: str) -> bool:
    return lemma in PERSON_ROLES or lemma in words("role_heads")


def _titled(entity: Span, lemma: str) -> bool:
    """The name comes with the role: "Harbour master Ana Ruiz", "Ana Ruiz, the minister",
    "the mayor, Ana Ruiz"."""
    root = entity.root
    doc = entity.doc
    near = [*doc[max(0, entity.start - 3) : entity.start], *root.children,
            *(root.head.subtree if root.dep_ == "appos" else ())]
    return any(t.lemma_.lower() == lemma for t in near if t.i not in range(entity.start,
                                                                              entity.end))


LEDE = 3  # sentences from the top where a lede may delay naming its speaker
INDEFINITE = frozenset({"a", "an"})


def delayed_identification(head: Token) -> Span | None:
    """The person a lede's "a transit chief says" turns out to be in the next sentence."""
    lemma = head.lemma_.lower()
    if not _singular_noun_with(head, INDEFINITE) or lemma in words("anonymous_heads") or (
            not _person_role(lemma)):
        return None
    if any(t.lower_ in INFORMED for t in head.subtree):
        return None
    doc = head.doc
    every = sentences(doc)
    index = sentence_index(head)
    if index >= LEDE or index + 1 >= len(every):
        return None
    following = every[index + 1]
    root = following.root
    if root.lemma_.lower() not in words("speech_verbs"):
        return None
    speaker = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    return next((e for e in entities(doc) if e.label_ == "PERSON"
                 and e.start <= speaker.i < e.end), None)

