"""A structural check of ClaimReview JSON-LD, written from schema.org's documented types.

No network: the types, their properties and the ranges below are those schema.org
documents for ClaimReview (a Review, a CreativeWork, a Thing), Claim, Rating,
CreativeWork, Organization and Person, limited to the properties a fact-check uses.
`problems(doc)` lists every departure: an unknown type or property, a value outside a
property's range, a required property missing, a rating outside its own bounds.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

THING = {"@type", "@id", "name", "url", "identifier", "description", "alternateName",
         "sameAs", "image"}
CREATIVE_WORK = THING | {"author", "datePublished", "dateModified", "headline",
                         "publisher", "inLanguage", "text", "creator"}
#: type -> property -> the types (or literal kinds) schema.org allows as its value
RANGES: dict[str, dict[str, set[str]]] = {
    "ClaimReview": {p: {"Text"} for p in CREATIVE_WORK} | {
        "claimReviewed": {"Text"},
        "reviewRating": {"Rating"},
        "itemReviewed": {"Claim", "CreativeWork", "Thing"},
        "author": {"Organization", "Person"},
        "publisher": {"Organization", "Person"},
        "datePublished": {"Date", "DateTime"},
        "dateModified": {"Date", "DateTime"},
        "url": {"URL"},
        "reviewBody": {"Text"},
    },
    "Claim": {p: {"Text"} for p in CREATIVE_WORK} | {
        "appearance": {"CreativeWork"},
        "firstAppearance": {"CreativeWork"},
        "author": {"Organization", "Person"},
        "claimInterpreter": {"Organization", "Person"},
        "datePublished": {"Date", "DateTime"},
        "url": {"URL"},
    },
    "Rating": {p: {"Text"} for p in THING} | {
        "ratingValue": {"Number", "Text"},
        "bestRating": {"Number", "Text"},
        "worstRating": {"Number", "Text"},
        "ratingExplanation": {"Text"},
        "reviewAspect": {"Text"},
        "url": {"URL"},
    },
    "CreativeWork": {p: {"Text"} for p in CREATIVE_WORK} | {
        "url": {"URL"}, "datePublished": {"Date", "DateTime"},
        "author": {"Organization", "Person"},
    },
    "Organization": {p: {"Text"} for p in THING} | {"url": {"URL"}},
    "Person": {p: {"Text"} for p in THING} | {"url": {"URL"}},
}
#: what a fact-check's ClaimReview needs (schema.org's own guidance and the issue's)
REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "itemReviewed", "author",
                    "datePublished"},
    "Rating": {"alternateName"},
    "Claim": set(),
    "CreativeWork": {"url"},
    "Organization": {"name"},
    "Person": {"name"},
}
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")


def _literal_ok(kind: str, value: Any) -> bool:
    if kind == "Text":
        return isinstance(value, str) and bool(value.strip())
    if kind == "URL":
        return isinstance(value, str) and bool(_URL.match(value))
    if kind == "Number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "Date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if kind == "DateTime":
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    return False


def _check(node: Any, allowed: set[str], where: str, found: list[str]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _check(item, allowed, f"{where}[{index}]", found)
        return
    if isinstance(node, dict):
        kind = node.get("@type")
        if kind not in RANGES:
            found.append(f"{where}: unknown @type {kind!r}")
            return
        if kind not in allowed and not (kind == "Claim" and "CreativeWork" in allowed):
            found.append(f"{where}: a {kind} where {sorted(allowed)} is expected")
        for name in REQUIRED.get(kind, set()) - node.keys():
            found.append(f"{where}: {kind} without {name}")
        for name, value in node.items():
            if name == "@type":
                continue
            if name not in RANGES[kind]:
                found.append(f"{where}.{name}: not a property of {kind}")
                continue
            _check(value, RANGES[kind][name], f"{where}.{name}", found)
        if kind == "Rating" and "ratingValue" in node:
            low, high = node.get("worstRating", 1), node.get("bestRating", 5)
            if not low <= node["ratingValue"] <= high:
                found.append(f"{where}: ratingValue outside [{low}, {high}]")
        return
    if not any(_literal_ok(kind, node) for kind in allowed):
        found.append(f"{where}: {node!r} is not one of {sorted(allowed)}")


def problems(doc: Any) -> list[str]:
    """Every way `doc` (a ClaimReview, a list, or an @graph document) departs from the
    ClaimReview shape; empty when it has none."""
    found: list[str] = []
    if isinstance(doc, dict) and "@graph" in doc:
        if doc.get("@context") not in ("https://schema.org", "https://schema.org/",
                                       "http://schema.org"):
            found.append("@context is not schema.org")
        items = doc["@graph"]
    else:
        items = doc if isinstance(doc, list) else [doc]
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("@type") != "ClaimReview":
            found.append(f"[{index}]: not a ClaimReview")
            continue
        _check({k: v for k, v in item.items() if k != "@context"}, {"ClaimReview"},
               f"[{index}]", found)
    return found
