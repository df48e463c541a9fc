"""Score an analysis of the user's example article against what a fact-checker must see.

The expectations live in a JSON file (tests/data/example_expected.json): lists of
denials, flags and claims, each a set of conditions ("by_contains": "Netanyahu",
"kind": "denial", "firsthand": false, "quote_contains": ...). An item is found when one
item of the analysis meets all its conditions. Text conditions compare after
normalising white space, quote marks and case, so wording may differ only where the
expectation allows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.models import Analysis, Claim, Denial, Flag
from bot.textnorm import normalize


@dataclass(frozen=True)
class ItemResult:
    section: str
    id: str
    required: bool
    found: bool
    matched: str | None  # the id of the analysis item that met the conditions


@dataclass
class ExampleReport:
    items: list[ItemResult] = field(default_factory=list)
    misplaced_quotes: list[str] = field(default_factory=list)  # ids whose offsets are wrong

    @property
    def missing(self) -> list[ItemResult]:
        """Required items the analysis did not show."""
        return [i for i in self.items if i.required and not i.found]

    @property
    def found(self) -> int:
        return sum(1 for i in self.items if i.found)

    def table(self) -> str:
        lines = [f"{'section':<9} {'item':<22} {'':<9} {'status':<8} matched"]
        for item in self.items:
            status = "found" if item.found else "MISSING"
            need = "required" if item.required else "optional"
            lines.append(
                f"{item.section:<9} {item.id:<22} {need:<9} {status:<8} {item.matched or '-'}"
            )
        required = [i for i in self.items if i.required]
        lines.append(
            f"total: {self.found}/{len(self.items)} found; required "
            f"{sum(i.found for i in required)}/{len(required)}"
        )
        if self.misplaced_quotes:
            misplaced = ", ".join(self.misplaced_quotes)
            lines.append(f"quotes not verbatim at their offsets: {misplaced}")
        return "\n".join(lines)


def _has(haystack: str | None, needle: str) -> bool:
    return haystack is not None and normalize(needle).lower() in normalize(haystack).lower()


def _kind_ok(value: str, wanted: Any) -> bool:
    return value in wanted if isinstance(wanted, list) else value == wanted


def _denial_ok(d: Denial, want: dict[str, Any]) -> bool:
    return (
        ("by_contains" not in want or _has(" ".join(filter(None, [d.by, d.role, d.organization])),
                                           want["by_contains"]))
        and ("kind" not in want or _kind_ok(d.kind.value, want["kind"]))
        and ("official" not in want or d.official == want["official"])
        and ("firsthand" not in want or d.firsthand == want["firsthand"])
        and ("venue_contains" not in want or _has(d.venue, want["venue_contains"]))
        and ("quote_contains" not in want or _has(d.quote.text, want["quote_contains"]))
    )


def _flag_ok(f: Flag, want: dict[str, Any]) -> bool:
    return ("kind" not in want or _kind_ok(f.kind.value, want["kind"])) and (
        "quote_contains" not in want or _has(f.quote.text, want["quote_contains"])
    )


def _claim_ok(c: Claim, want: dict[str, Any]) -> bool:
    return ("quote_contains" not in want or _has(c.quote.text, want["quote_contains"])) and (
        "sourcing" not in want or _kind_ok(c.sourcing.value, want["sourcing"])
    )


def score_example(
    analysis: Analysis, expected_path: Path, article_text: str | None = None
) -> ExampleReport:
    """Item by item: which expected denials, flags and claims the analysis shows.

    With `article_text`, also lists every quote whose offsets do not hold its text.
    """
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = ExampleReport()
    for want in expected.get("denials", []):
        hit = next((d for d in analysis.denials if _denial_ok(d, want)), None)
        report.items.append(_result("denials", want, hit.id if hit else None))
    for want in expected.get("flags", []):
        flag = next((f for f in analysis.flags if _flag_ok(f, want)), None)
        report.items.append(_result("flags", want, flag.id if flag else None))
    for want in expected.get("claims", []):
        claim = next((c for c in analysis.claims if _claim_ok(c, want)), None)
        report.items.append(_result("claims", want, claim.id if claim else None))
    if article_text is not None:
        report.misplaced_quotes = _misplaced(analysis, article_text)
    return report


def _result(section: str, want: dict[str, Any], matched: str | None) -> ItemResult:
    return ItemResult(
        section=section,
        id=str(want["id"]),
        required=bool(want.get("required", True)),
        found=matched is not None,
        matched=matched,
    )


def _misplaced(analysis: Analysis, text: str) -> list[str]:
    spans = [(c.id, c.quote) for c in analysis.claims]
    spans += [(d.id, d.quote) for d in analysis.denials]
    spans += [(f.id, f.quote) for f in analysis.flags]
    for a in analysis.attributions:
        spans += [(a.id, a.cue), (a.id, a.content)]
        if a.source is not None:
            spans.append((a.id, a.source))
    return sorted({i for i, s in spans if text[s.start : s.end] != s.text or s.start < 0})
