"""Every quote in an analysis must be a verbatim span of the article.

`Grounder.locate` finds a quote in the article after normalising white space, quote
marks and dashes (`bot.textnorm`) and returns the exact article text with its offsets.
`ground` checks every span of an analysis: a span whose offsets already hold its text is
kept, one that can be found elsewhere is moved there, and an item whose required quote
cannot be found is dropped and counted in `engine.dropped`. A quote shown to users
(claim, answer, flag) that holds one mark of a pair of double quotation marks is widened
to the whole quotation when it opens or closes in the same paragraph, so the words shown
are balanced (`Grounder.balanced`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.models import Analysis, Attribution, Claim, Denial, Flag, Span
from bot.textnorm import normalize, normalize_with_map

_STRIP = " \"'.,;:"
_REACH = 600  # how far a quote is widened to take in its quotation's marks

T = TypeVar("T")


class Grounder:
    """Locates quotes in one article; build once per article, reuse for every quote."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalized, self._offsets = normalize_with_map(text)

    def locate(self, quote: str, near: int = -1) -> Span | None:
        """The article span matching `quote`, the occurrence nearest `near` if several."""
        for candidate in _candidates(quote):
            found = self._find(candidate, near)
            if found is not None:
                return found
        return None

    def verify(self, span: Span) -> Span | None:
        """`span` if its offsets hold its text (normalised), else its text located anew."""
        if 0 <= span.start < span.end <= len(self.text):
            held = self.text[span.start : span.end]
            if normalize(held) == normalize(span.text) and normalize(held):
                return Span(text=held, start=span.start, end=span.end)
        return self.locate(span.text, near=span.start)

    def balanced(self, span: Span) -> Span:
        """`span` widened to the quotation a lone double quotation mark in it belongs to,
        when that quotation opens or closes in the same paragraph: a quote cut at "We were
        not involved,” Netanyahu said" starts at the “ that opens the speaker's words, one
        cut at 'Based on “interviews with officials' ends at the ” that closes them."""
        start, end = span.start, span.end
        held = self.text[start:end]
        curly_open, curly_close = held.count("“"), held.count("”")
        straight_lone = held.count('"') % 2 == 1
        if curly_close > curly_open or (straight_lone and self._inside_straight(start)):
            start = self._opening(start)
        elif curly_open > curly_close or straight_lone:
            end = self._closing(end)
        if (start, end) == (span.start, span.end):
            return span
        return Span(text=self.text[start:end], start=start, end=end)

    def _opening(self, start: int) -> int:
        """Where the quotation open at `start` begins, or `start` if none is open there."""
        floor = max(self.text.rfind("\n", 0, start) + 1, start - _REACH)
        marks = [self.text.rfind(mark, floor, start) for mark in ("“", "”", '"')]
        last = max(marks)
        if last < 0 or last == marks[1]:
            return start
        if last == marks[2] and not self._inside_straight(start):
            return start
        return last

    def _closing(self, end: int) -> int:
        """Where the quotation open at `end` closes, or `end` if it does not close nearby."""
        ceiling = self.text.find("\n", end)
        ceiling = min(len(self.text) if ceiling < 0 else ceiling, end + _REACH)
        marks = [(at, mark) for mark in ("“", "”", '"')
                 if (at := self.text.find(mark, end, ceiling)) >= 0]
        if not marks:
            return end
        at, mark = min(marks)
        return end if mark == "“" else at + 1

    def _inside_straight(self, position: int) -> bool:
        paragraph = self.text.rfind("\n", 0, position) + 1
        return self.text.count('"', paragraph, position) % 2 == 1

    def _find(self, needle: str, near: int) -> Span | None:
        if not needle:
            return None
        hits: list[int] = []
        position = self._normalized.find(needle)
        while position != -1:
            hits.append(position)
            if near < 0:
                break
            position = self._normalized.find(needle, position + 1)
        if not hits:
            return None
        best = min(hits, key=lambda hit: abs(self._offsets[hit] - near)) if near >= 0 else hits[0]
        start = self._offsets[best]
        end = self._offsets[best + len(needle) - 1] + 1
        return Span(text=self.text[start:end], start=start, end=end)


def _candidates(quote: str) -> list[str]:
    first = normalize(quote)
    stripped = first.strip(_STRIP)
    return [first] if stripped == first else [first, stripped]


def ground(analysis: Analysis, text: str) -> Analysis:
    """The analysis with every span verified against `text`; unfound items dropped."""
    grounder = Grounder(text)
    dropped = 0

    def keep(items: Sequence[T], fix: Callable[[T], T | None]) -> list[T]:
        nonlocal dropped
        kept: list[T] = []
        for item in items:
            fixed = fix(item)
            if fixed is None:
                dropped += 1
            else:
                kept.append(fixed)
        return kept

    def fix_attribution(item: Attribution) -> Attribution | None:
        cue = grounder.verify(item.cue)
        content = grounder.verify(item.content)
        if cue is None or content is None:
            return None
        source = grounder.verify(item.source) if item.source is not None else None
        return item.model_copy(update={"cue": cue, "content": content, "source": source})

    def fix_quoted(item: _Linked) -> _Linked | None:
        quote = grounder.verify(item.quote)
        if quote is None:
            return None
        return item.model_copy(update={"quote": grounder.balanced(quote)})

    attributions = keep(analysis.attributions, fix_attribution)
    claims = keep(analysis.claims, fix_quoted)
    denials = keep(analysis.denials, fix_quoted)
    flags = keep(analysis.flags, fix_quoted)
    kept_attributions = {a.id for a in attributions}
    kept_claims = {c.id for c in claims}
    engine = analysis.engine.model_copy(update={"dropped": analysis.engine.dropped + dropped})
    return analysis.model_copy(
        update={
            "attributions": attributions,
            "claims": [_unlink(c, kept_attributions) for c in claims],
            "denials": [
                _unlink(d, kept_attributions).model_copy(
                    update={"answers": [a for a in d.answers if a in kept_claims]}
                )
                for d in denials
            ],
            "flags": [
                _unlink(f, kept_attributions).model_copy(
                    update={"claim": f.claim if f.claim in kept_claims else None}
                )
                for f in flags
            ],
            "engine": engine,
        }
    )


_Linked = TypeVar("_Linked", Claim, Denial, Flag)


def _unlink(item: _Linked, kept_attributions: set[str]) -> _Linked:
    if item.attribution is not None and item.attribution not in kept_attributions:
        return item.model_copy(update={"attribution": None})
    return item
