"""Claims seen before: a claim reworded in a new article, matched to one on the desk.

Identical wording (after normalisation) already lands on the same record (`bot.flagged`);
this finds the same claim said another way: other word order, another inflection, the
passive voice, an attribution added ("…, the report says"). Two claims match when

- their numbers agree (the same set, "two" counting as "2"): "six months" is not
  "three months";
- their negations and comparisons agree ("not", "never", "more", "against", …):
  "consulted" is not "never consulted", "voted against" is not "voted for";
- every content word (lemma, `bot.lemmas.terms`, without reporting verbs such as "say"
  or "according") of the shorter one is in the longer one, and the longer one adds at
  most a quarter more (`SIMILARITY`, the overlap over the larger set): one word swapped
  ("failed" for "passed", "Brask" for "Oduya") is no match, whatever the rest.

That is deliberately strict: a near miss that changes one word is the danger for a desk
(a verdict carried over to a claim that says something else), while a missed rewording
only costs a search. Synonyms ("firm" for "company") are missed. Measured on invented
pairs in tests/data (`bench/claim_matching.py` prints precision and recall).

On the desk, a new claim's candidates come from the search index (`bot.desk_search`):
the claims sharing one of its rarest terms — enough of them that any claim matching it
must share at least one — newest first, `CANDIDATES` per term.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import keys
from bot.lemmas import COMPARISONS, NEGATIONS, terms
from bot.records import CheckRecord, FlaggedClaim, FlaggedItem, Team

if TYPE_CHECKING:
    from bot.desk import Desk

log = logging.getLogger(__name__)

SIMILARITY = 0.75
CANDIDATES = 300  # per rare term, newest first
#: KEYS: the postings of the claim's rarest terms, then the statement-terms hash. ARGV:
#: how many members of each posting (newest first), the claim's own member, how many
#: numbers it has, the numbers, its terms. Returns member, terms, … of the claims (`c:`)
#: with the same numbers and at least half of whose terms are the claim's: loose
#: necessary conditions of a match, checked in Redis so that only the few candidates
#: left travel; `similarity` decides.
_CANDIDATES = """
local own, numbers = {}, {}
local count = tonumber(ARGV[3])
for i = 4, 3 + count do numbers[ARGV[i]] = true end
for i = 4 + count, #ARGV do own[ARGV[i]] = true end
local docs = KEYS[#KEYS]
local seen, found = {}, {}
for k = 1, #KEYS - 1 do
  for _, member in ipairs(redis.call('zrevrange', KEYS[k], 0, tonumber(ARGV[1]) - 1)) do
    if not seen[member] and member ~= ARGV[2] and string.sub(member, 1, 2) == 'c:' then
      seen[member] = true
      local doc = redis.call('hget', docs, member)
      if doc then
        local total, shared, digits, other = 0, 0, 0, false
        for term in string.gmatch(doc, '%S+') do
          total = total + 1
          if own[term] then shared = shared + 1 end
          if string.find(term, '^%d') then
            digits = digits + 1
            if not numbers[term] then other = true end
          end
        end
        if total > 0 and shared * 2 >= total and not other and digits == count then
          found[#found + 1] = member
          found[#found + 1] = doc
        end
      end
    end
  end
end
return found
"""
#: Words that must agree: "never consulted" is not "consulted", "against" is not "for".
POLARITY = NEGATIONS | COMPARISONS
#: Words that say who said it, not what was said.
REPORTING = frozenset({"say", "tell", "accord", "report", "claim", "state", "announce",
                       "estimate", "allege", "reportedly", "allegedly"})


@dataclass(frozen=True)
class ClaimTerms:
    words: frozenset[str]
    numbers: frozenset[str]
    negations: frozenset[str]

    @classmethod
    def of(cls, found: list[str]) -> ClaimTerms:
        kept = [t for t in found if t not in REPORTING]
        return cls(
            words=frozenset(t for t in kept if not t[0].isdigit() and t not in POLARITY),
            numbers=frozenset(t for t in kept if t[0].isdigit()),
            negations=frozenset(t for t in kept if t in POLARITY),
        )

    @classmethod
    def of_text(cls, text: str) -> ClaimTerms:
        return cls.of(terms(text))


def similarity(a: ClaimTerms, b: ClaimTerms) -> float:
    """0 unless the two may be the same claim (numbers, negations, the shorter's words all
    in the longer); else the overlap over the larger set of words."""
    if a.numbers != b.numbers or a.negations != b.negations or not a.words or not b.words:
        return 0.0
    shorter, longer = sorted((a.words, b.words), key=len)
    if not shorter <= longer:
        return 0.0
    return len(shorter) / len(longer)


def same_claim(a: str, b: str) -> bool:
    return similarity(ClaimTerms.of_text(a), ClaimTerms.of_text(b)) >= SIMILARITY


def matching_text(claim: FlaggedClaim) -> str:
    """What is compared: the claim's statement (the quote when it has none)."""
    return claim.statement or claim.quote


@dataclass(frozen=True)
class Earlier:
    """An earlier claim on the desk that a new one repeats in other words."""

    claim: FlaggedClaim
    score: float


async def find_earlier(desk: Desk, team: Team, claim: FlaggedClaim) -> Earlier | None:
    """The best match among the team's claims first seen before this one, if any."""
    own = ClaimTerms.of_text(matching_text(claim))
    probe = sorted(own.words)
    if not probe:
        return None
    client = desk.client
    async with client.pipeline(transaction=False) as pipe:
        for term in probe:
            pipe.zcard(keys.search_term(team, term))
        sizes = await pipe.execute()
    # a match shares all of the shorter's words and lacks at most a quarter of ours:
    # it has at least one of our `needed` rarest words
    needed = min(len(probe), math.floor(len(probe) * (1 - SIMILARITY)) + 1)
    rarest = [term for _, term in sorted(zip(sizes, probe, strict=True))][:needed]
    raw = await client.eval(
        _CANDIDATES, len(rarest) + 1, *[keys.search_term(team, t) for t in rarest],
        keys.search_docs(team), CANDIDATES, f"c:{claim.id}", len(own.numbers),
        *sorted(own.numbers), *terms(matching_text(claim)))
    pairs = [(_text(raw[i]), _text(raw[i + 1])) for i in range(0, len(raw), 2)]
    scored: list[tuple[float, str]] = []
    for member, doc in pairs:
        score = similarity(own, ClaimTerms.of(doc.split()))
        if score >= SIMILARITY:
            scored.append((score, member[2:]))
    if not scored:
        return None
    found = await desk.claims(team, [claim_id for _, claim_id in scored])
    by_id = {c.id: c for c in found if c.first_seen < claim.first_seen}
    best = max(((s, i) for s, i in scored if i in by_id), default=None,
               key=lambda pair: (pair[0], by_id[pair[1]].first_seen))
    return Earlier(by_id[best[1]], best[0]) if best else None


async def link_rewordings(desk: Desk, team: Team, check: CheckRecord,
                          items: list[FlaggedItem]) -> list[FlaggedItem]:
    """After a check is recorded: each claim first seen in it that rewords an earlier
    claim is linked to it on the desk, and its item carries the earlier claim. The check
    is saved already: a failure here only leaves that claim unlinked (logged)."""
    shown: list[FlaggedItem] = []
    for item in items:
        claim = item.claim
        earlier = None
        try:
            if claim.repeats is None and claim.first_seen == check.at:
                earlier = await find_earlier(desk, team, claim)
            linked = (None if earlier is None else
                      await desk.link_rewording(team, claim.id, earlier.claim.id, check.at))
        except Exception as exc:
            log.warning("claim %s: looking for an earlier wording failed (%s)", claim.id,
                        type(exc).__name__)
            linked = None
        if earlier is None or linked is None:
            shown.append(item)
            continue
        log.info("claim %s rewords %s (%.2f)", claim.id, earlier.claim.id, earlier.score)
        shown.append(item.model_copy(update={"claim": linked, "seen_before": earlier.claim}))
    return shown


async def with_earlier(desk: Desk, team: Team, items: list[FlaggedItem]
                       ) -> list[FlaggedItem]:
    """The items, each claim that rewords an earlier one with that claim as it is now."""
    wanted = [item.claim.repeats for item in items if item.claim.repeats]
    if not wanted:
        return items
    earlier = {c.id: c for c in await desk.claims(team, wanted)}
    return [item.model_copy(update={"seen_before": earlier.get(item.claim.repeats or "")})
            for item in items]


@dataclass(frozen=True)
class PairScore:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    pairs: int


def evaluate(pairs: list[tuple[str, str, bool]]) -> PairScore:
    """Precision and recall of `same_claim` on labelled pairs (a, b, same)."""
    tp = fp = fn = 0
    for a, b, same in pairs:
        said = same_claim(a, b)
        tp += said and same
        fp += said and not same
        fn += same and not said
    return PairScore(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                     tp, fp, fn, len(pairs))


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
