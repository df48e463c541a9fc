"""Short references back to someone named: "the official", "the minister", "the firm".

A definite singular role or body noun with nothing of its own to name it ("the official
said", not "the official at the ministry" or "the Ledger's source") stands for the nearest
earlier named person (for a role) or organisation (for a body) within a few sentences,
unless the article introduced an unnamed one by the same noun in between ("a senior
official said … the official added"): that one stays unnamed.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import entities, sentence

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
DEFINITE = frozenset({"the", "this", "that"})
OWN_NAMING = frozenset({"prep", "relcl", "acl", "appos", "poss", "compound", "nummod"})


def definite_reference(head: Token) -> Span | None:
    """The named mention `head` ("the official") refers back to, or None."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or head.tag_ != "NN" or not any(
            c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children) or any(
            c.dep_ in OWN_NAMING for c in head.children):
        return None
    if lemma in PERSON_ROLES or lemma in words("role_heads"):
        labels = {"PERSON"}
    elif lemma in BODIES:
        labels = {"ORG"}
    else:
        return None
    doc = head.doc
    floor = sentence(head).start
    for _ in range(BACK):
        if floor == 0:
            break
        floor = sentence(doc[floor - 1]).start
    earlier = [e for e in entities(doc) if e.end <= head.i and e.label_ in labels]
    titled = next((e for e in reversed(earlier) if _titled(e, lemma)), None)
    named = titled or next((e for e in reversed(earlier) if floor <= e.start), None)
    unnamed = next((t.i for t in reversed(doc[floor : head.i]) if t.lemma_.lower() == lemma
                    and t.pos_ == "NOUN" and not _definite(t)), None)
    if named is None or (unnamed is not None and unnamed > named.start):
        return None
    return named


def _definite(token: Token) -> bool:
    return token.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in DEFINITE
                                      for c in token.children)


def _titled(entity: Span, lemma: str) -> bool:
    """The name comes with the role: "Harbour master Ana Ruiz", "Ana Ruiz, the minister",
    "the mayor, Ana Ruiz"."""
    root = entity.root
    doc = entity.doc
    near = [*doc[max(0, entity.start - 3) : entity.start], *root.children,
            *(root.head.subtree if root.dep_ == "appos" else ())]
    return any(t.lemma_.lower() == lemma for t in near if t.i not in range(entity.start,
                                                                              entity.end))

