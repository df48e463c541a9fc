"""The desk's verdicts as schema.org ClaimReview (JSON-LD), the form search engines read.

One `ClaimReview` per claim whose current verdict is not "open": `claimReviewed` is the
claim's statement; `itemReviewed` is the `Claim`, with its claimant as `author` (when the
article names one) and every article it was seen in as an `appearance` (the first one
also as `firstAppearance`); `author` is the newsroom (`FACTDESK_ORGANISATION`,
`FACTDESK_ORGANISATION_URL`); `datePublished` is the day of the current verdict;
`reviewRating` is the verdict on the desk's scale below, with its name as
`alternateName`.

The desk's scale, as a `Rating` from 1 (worst) to 4 (best):

| desk verdict   | ratingValue | alternateName  |
| -------------- | ----------- | -------------- |
| false          | 1           | False          |
| misleading     | 2           | Misleading     |
| needs context  | 3           | Needs context  |
| verified       | 4           | True           |
| unverifiable   | (none)      | Unverifiable   |

"Unverifiable" is not a point on a scale of truth, so it has no `ratingValue` (schema.org
does not require one; `alternateName` says it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.models import Sourcing
from bot.records import ClaimStatus, FlaggedClaim

CONTEXT = "https://schema.org"
WORST, BEST = 1, 4


@dataclass(frozen=True)
class Rating:
    value: int | None
    name: str


SCALE: dict[ClaimStatus, Rating] = {
    ClaimStatus.FALSE: Rating(1, "False"),
    ClaimStatus.MISLEADING: Rating(2, "Misleading"),
    ClaimStatus.NEEDS_CONTEXT: Rating(3, "Needs context"),
    ClaimStatus.VERIFIED: Rating(4, "True"),
    ClaimStatus.UNVERIFIABLE: Rating(None, "Unverifiable"),
}
#: Claimants that are publications, not people, by how the article sourced the claim.
ORGANISATION_SOURCING = {Sourcing.OUTLET_REPORT}


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str | None = None

    def as_jsonld(self) -> dict[str, Any]:
        found: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.url:
            found["url"] = self.url
        return found


def reviewed(claim: FlaggedClaim) -> bool:
    """Whether the claim has a verdict to publish (its current one is not "open")."""
    return claim.status is not ClaimStatus.OPEN and bool(claim.history)


def rating(status: ClaimStatus) -> dict[str, Any]:
    scale = SCALE[status]
    found: dict[str, Any] = {"@type": "Rating", "alternateName": scale.name}
    if scale.value is not None:
        found |= {"ratingValue": scale.value, "worstRating": WORST, "bestRating": BEST}
    return found


def claim_review(claim: FlaggedClaim, author: Organisation) -> dict[str, Any]:
    """The ClaimReview of a claim's current verdict (see the module's doc)."""
    if not reviewed(claim):
        raise ValueError("an open claim has no review")
    verdict = claim.history[-1]
    item: dict[str, Any] = {"@type": "Claim",
                            "datePublished": claim.first_seen.date().isoformat()}
    if claim.claimant:
        kind = "Organization" if claim.sourcing in ORGANISATION_SOURCING else "Person"
        item["author"] = {"@type": kind, "name": claim.claimant}
    appearances: list[dict[str, Any]] = []
    for sighting in claim.sightings:
        url = sighting.canonical_url
        if url and all(a["url"] != url for a in appearances):
            work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
            if sighting.title:
                work["headline"] = sighting.title
            appearances.append(work)
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return {
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.statement,
        "datePublished": verdict.at.date().isoformat(),
        "author": author.as_jsonld(),
        "reviewRating": rating(claim.status),
        "itemReviewed": item,
    }


def document(reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """One JSON-LD document holding every review (`@graph`)."""
    return {"@context": CONTEXT, "@graph": reviews}
