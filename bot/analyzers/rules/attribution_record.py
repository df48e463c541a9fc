"""One attribution found in the parse: its cue, content and source as character offsets."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from bot.analyzers.rules.sources import Mention
from bot.analyzers.rules.spans import Offsets, sentence


@dataclass(frozen=True)
class Found:
    """One attribution found in the parse; offsets are character offsets into the text."""

    cue: Offsets
    cue_token: Token
    content: Offsets
    source: Mention | None
    speech: bool  # a verb of saying or writing (else of thinking, or a noun)
    learned: bool = False  # found by the cue model alone, not by a rule

    @property
    def sentence(self) -> Span:
        return sentence(self.cue_token)

    @property
    def extent(self) -> Offsets:
        """The attribution's words, source to content, within its sentence."""
        points = [self.cue, self.content]
        if self.source is not None:
            first, last = self.source.tokens[0], self.source.tokens[-1]
            points.append((first.idx, last.idx + len(last.text)))
        clause = self.sentence
        return (max(min(p[0] for p in points), clause.start_char),
                min(max(p[1] for p in points), clause.end_char))
