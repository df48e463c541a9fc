"""`words("a b c")`: a frozenset of white-space separated words, for readable word lists."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())
