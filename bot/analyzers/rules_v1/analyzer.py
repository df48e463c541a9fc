"""The offline analyzer: an article to an `Analysis` with word lists and regular expressions.

Deterministic and dependency-free, so it is the default when no model is configured and
the baseline the model is measured against. Its `prompt_hash` is a hash of this
package's own files: any rule change gives a new hash, so cached answers made by older
rules are not served.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path

from bot.analyzers.rules.analyzer import hash_files
from bot.analyzers.rules_v1 import attributions as attribution_rules
from bot.analyzers.rules_v1 import claims as claim_rules
from bot.analyzers.rules_v1 import denials as denial_rules
from bot.analyzers.rules_v1 import flags as flag_rules
from bot.analyzers.rules_v1 import sources
from bot.analyzers.rules_v1.summary import summarize
from bot.analyzers.rules_v1.text import Doc, parse
from bot.analyzers.rules_v1.wordlist import words
from bot.models import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Denial,
    Engine,
    Flag,
    SourceType,
    Span,
)

VERSION = "1"
_STOP = frozenset(
    words(
    """
    the a an and or but of to in on at for with by from that this was were is are be
    been has have had not its his her their they it he she we said says told would could
    should will than into about after before also
    """
)
)


@cache
def rules_hash() -> str:
    """The hash of this package's own files: it changes whenever a rule does."""
    return hash_files(Path(__file__).resolve().parent)


class RulesAnalyzer:
    """Reads an article with rules only: no model, no network, same answer every time."""

    name = "rules_v1"
    model = f"rules-v1-{VERSION}"

    @property
    def prompt_hash(self) -> str:
        return rules_hash()

    async def analyze(self, article: Article) -> Analysis:
        return await asyncio.to_thread(self.analyze_sync, article)

    def analyze_sync(self, article: Article) -> Analysis:
        """The whole analysis of `article`; every span is an exact slice of its text."""
        text = article.text
        doc = parse(text)
        found = attribution_rules.find(doc)
        denials = denial_rules.find(doc, found)
        flags = flag_rules.find(doc, found, denials)
        claims = claim_rules.find(doc, found)
        attribution_ids = [f"a{n}" for n in range(1, len(found) + 1)]
        claim_ids = [f"c{n}" for n in range(1, len(claims) + 1)]
        claim_by_sentence = {c.sentence: cid for c, cid in zip(claims, claim_ids, strict=True)}

        def span(offsets: tuple[int, int]) -> Span:
            return Span(text=text[offsets[0] : offsets[1]], start=offsets[0], end=offsets[1])

        return Analysis(
            article=article.meta(),
            summary=summarize(doc, [d.sentence for d in denials]),
            attributions=[
                Attribution(
                    id=aid,
                    source=span(item.source) if item.source else None,
                    cue=span(item.cue),
                    content=span(item.content),
                    source_type=sources.classify(text[item.source[0] : item.source[1]])
                    if item.source
                    else SourceType.UNKNOWN,
                )
                for aid, item in zip(attribution_ids, found, strict=True)
            ],
            claims=[
                Claim(
                    id=cid,
                    statement=claim.statement,
                    quote=span(claim.quote),
                    claimant=claim.claimant,
                    attribution=attribution_ids[claim.attribution]
                    if claim.attribution is not None
                    else None,
                    sourcing=claim.sourcing,
                    checkworthy=claim.checkworthy,
                )
                for cid, claim in zip(claim_ids, claims, strict=True)
            ],
            denials=[
                Denial(
                    id=f"d{n}",
                    by=denial.by,
                    role=denial.role,
                    organization=denial.organization,
                    official=denial.official,
                    kind=denial.kind,
                    quote=span(denial.quote),
                    venue=denial.venue,
                    firsthand=denial.firsthand,
                    answers=_answers(doc, denial.sentence, claims, claim_ids),
                    attribution=attribution_ids[denial.attribution]
                    if denial.attribution is not None
                    else None,
                )
                for n, denial in enumerate(denials, start=1)
            ],
            flags=[
                Flag(
                    id=f"f{n}",
                    kind=flag.kind,
                    quote=span(flag.quote),
                    claim=claim_by_sentence.get(flag.sentence),
                    attribution=attribution_ids[flag.attribution]
                    if flag.attribution is not None
                    else None,
                    why=flag.why,
                )
                for n, flag in enumerate(flags, start=1)
            ],
            engine=Engine(analyzer=self.name, model=self.model, prompt_hash=self.prompt_hash),
        )


def _stems(text: str) -> set[str]:
    return {
        w[:6]
        for w in re.findall(r"[a-z][a-z’'\-]+", text.lower())
        if w not in _STOP and len(w) > 3
    }


def _answers(
    doc: Doc, sentence: int, claims: list[claim_rules.FoundClaim], claim_ids: list[str]
) -> list[str]:
    """Claims a denial responds to: earlier claims sharing two or more content words."""
    own = doc.sentences[sentence]
    words = _stems(doc.text[own.start : own.end])
    out = []
    for claim, cid in zip(claims, claim_ids, strict=True):
        if claim.sentence == sentence or claim.sentence > sentence:
            continue
        shared = words & _stems(doc.text[claim.quote[0] : claim.quote[1]])
        if len(shared) >= 2:
            out.append(cid)
    return out
