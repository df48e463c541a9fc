"""Split a source phrase into the person, their role and their organisation.

"Israeli Prime Minister Benjamin Netanyahu" -> by "Benjamin Netanyahu", role "Israeli
Prime Minister"; "The Israel Defense Forces’ international spokesman, Jonathan Conricus"
-> by "Jonathan Conricus", role "international spokesman", organisation "Israel Defense
Forces". A phrase with no person in it ("The Israeli embassy in Washington") is its own
`by`, and an institution there is its organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyzers.rules_v1.lexicon import COUNTRIES, OFFICIAL_WORDS, ORGANIZATION_WORDS, TITLES
from bot.analyzers.rules_v1.wordlist import words

_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-\.]*")
_POSSESSIVE = re.compile(r"^(?:the\s+)?(.+?)(?:’s|'s|’|')\s+(.+)$", re.IGNORECASE)
_OF = re.compile(r"^(.*?\b(?:[a-z]+))\s+(?:of|at|for|to)\s+(?:the\s+)?([A-Z].+)$")
_PREPOSITIONS = frozenset({"for", "of", "at", "to", "from", "with", "in", "by"})
_NOT_NAME = frozenset(
    words(
    """
    the a an of and for in at on to israeli american iranian british russian chinese
    french german us u.s. forces force directorate department ministry embassy house
    office agency news party committee campaign council army military defense defence
    intelligence
    """
)
)


@dataclass(frozen=True)
class Person:
    by: str
    role: str | None
    organization: str | None
    official: bool


def _is_name_word(word: str) -> bool:
    low = word.lower()
    return (
        word[:1].isupper()
        and low not in TITLES
        and low not in _NOT_NAME
        and low.rstrip("’'s") not in _NOT_NAME
        and not word.endswith(("’s", "'s", "’"))
    )


def _name_tail(words: list[str]) -> list[str]:
    """The capitalised words ending a phrase that look like a person's name."""
    tail: list[str] = []
    for word in reversed(words):
        if _is_name_word(word) and not (len(word) == 2 and word.endswith(".")):
            tail.insert(0, word)
        else:
            break
    if tail and len(words) > len(tail) and words[-len(tail) - 1].lower() in _PREPOSITIONS:
        return []  # "a spokeswoman for Lindqvist Steel": an organisation, not a person
    if len(tail) >= 2 or (len(tail) == 1 and len(words) > 1 and words[-2].lower() in TITLES):
        return tail
    return []


def _role_and_org(role: str) -> tuple[str, str | None]:
    organization = None
    poss = _POSSESSIVE.match(role)
    of = _OF.match(role)
    if poss and poss.group(1)[:1].isupper():
        organization, role = poss.group(1), poss.group(2)
    elif of:
        role, organization = of.group(1), of.group(2)
    if role.lower().startswith(("the ", "a ", "an ")):
        role = role.split(" ", 1)[1]
    return role, organization


def split(source: str) -> Person:
    """The person, role and organisation in a source phrase (see module doc)."""
    text = source.strip(" ,")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    name: str | None = None
    role_parts: list[str] = []
    for part in parts:
        words = part.split()
        tail = _name_tail(words) if name is None else []
        if tail:
            name = " ".join(tail)
            rest = " ".join(words[: len(words) - len(tail)]).strip()
            if rest:
                role_parts.append(rest)
        else:
            role_parts.append(part)
    role: str | None = ", ".join(role_parts) if role_parts else None
    organization: str | None = None
    if role:
        role, organization = _role_and_org(role)
    low = text.lower()
    if name is None:
        if organization is None and any(
            re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low) for w in ORGANIZATION_WORDS
        ):
            organization = text
        role = role if role and role_in(role) else None
    official_text = " ".join([low, (role or "").lower(), (organization or "").lower()])
    official = any(w in official_text for w in OFFICIAL_WORDS) or (
        name is None and low.removeprefix("the ").strip() in COUNTRIES
    )
    return Person(by=name or text, role=role, organization=organization, official=official)


def role_in(text: str) -> bool:
    return any(w.lower() in TITLES for w in _WORD.findall(text))
