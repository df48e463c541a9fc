"""How a digest is laid out, decided once for every renderer: its lists, in order, with
their titles and caps, and how many of the checkers and articles are named.

The platforms (and the terminal's Markdown) render these with their own means and
limits; none of them keeps its own count of how many entries a list shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from bot.digest import PASTED_TITLE, Digest, DigestArticle, DigestClaim, DigestVerdict

T = TypeVar("T")

SHOWN = 8  # entries a list shows; the rest are counted ("… and N more")
ARTICLES_SHOWN = 5
CHECKERS_SHOWN = 6


class ListKind(StrEnum):
    FLAGGED = "flagged"
    VERDICTS = "verdicts"
    OPEN = "open"
    REPEATED = "repeated"


@dataclass(frozen=True)
class DigestList:
    kind: ListKind
    title: str  # "Flagged"
    noun: str  # "flagged claims", for "… and 3 more flagged claims"
    total: int
    claims: list[DigestClaim] = field(default_factory=list)  # all but VERDICTS
    verdicts: list[DigestVerdict] = field(default_factory=list)  # VERDICTS

    @property
    def shown(self) -> int:
        return len(self.verdicts) if self.kind is ListKind.VERDICTS else len(self.claims)

    @property
    def more(self) -> int:
        return max(self.total - self.shown, 0)


def digest_lists(digest: Digest, shown: int = SHOWN) -> list[DigestList]:
    """The digest's lists that have anything, in the order every renderer shows them."""
    lists = [
        DigestList(ListKind.FLAGGED, "Flagged", "flagged claims", digest.flagged_total,
                   claims=digest.flagged[:shown]),
        DigestList(ListKind.VERDICTS, "Verdicts", "verdicts", digest.verdicts_total,
                   verdicts=digest.verdicts[:shown]),
        DigestList(ListKind.OPEN, "Still open, oldest first", "open claims",
                   digest.open_total, claims=digest.open_claims[:shown]),
        DigestList(ListKind.REPEATED, "Seen in more than one article", "repeated claims",
                   digest.repeated_total, claims=digest.repeated[:shown]),
    ]
    return [found for found in lists if found.total]


def entries(listed: DigestList, verdict: Callable[[DigestVerdict], T],
            claim: dict[ListKind, Callable[[DigestClaim], T]]) -> list[T]:
    """A list's entries as a renderer makes them: `verdict` for the verdicts' list,
    `claim[kind]` for each list of claims."""
    if listed.kind is ListKind.VERDICTS:
        return [verdict(v) for v in listed.verdicts]
    return [claim[listed.kind](c) for c in listed.claims]


def checkers(digest: Digest) -> tuple[list[tuple[str, int]], int]:
    """Who checked most (name, checks), and how many others did."""
    named = list(digest.checkers.items())
    return named[:CHECKERS_SHOWN], max(len(named) - CHECKERS_SHOWN, 0)


def articles(digest: Digest) -> list[DigestArticle]:
    return digest.articles[:ARTICLES_SHOWN]


def article_title(article: DigestArticle) -> str:
    """Its title, or address, or the first words of pasted text (marked as cut)."""
    title = " ".join((article.title or article.url or "Pasted article").split())
    if article.url is None and len(title) >= PASTED_TITLE:
        title += "…"
    return title


def by_status(digest: Digest) -> str:
    """"false 2, verified 1": the window's verdicts by status, in words."""
    return ", ".join(f"{status.replace('_', ' ')} {count}"
                     for status, count in sorted(digest.verdicts_by_status.items()))
