"""Attributions carried by a noun of stance: "Keel's view is that C", "The board's position
was that C", "In Keel's view, C", "In the view of the board, C". The holder is the source,
the noun (with its "is") the cue, the clause the content. A stance is what its holder
maintains, so it counts as their statement, as "said" does: a claim resting on them, and
an answer when the holder is the party accused.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.content_bounds import clause_rest
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import balanced, subtree, text_of, tokens_span

STANCES = frozenset({"view", "position", "belief", "argument", "contention", "assessment",
                     "conclusion", "stance", "opinion", "understanding", "assertion"})
IN_VIEW = frozenset({"view", "opinion", "estimation", "judgment", "judgement", "assessment"})
# nouns whose "of" names the holder ("the view of the board"); for the others it names the
# topic ("the assessment of the damage")
HELD_OF = frozenset({"view", "opinion", "position", "stance", "belief", "estimation",
                     "judgment", "judgement"})


def stance_is(noun: Token) -> Found | None:
    """ "Keel's view is that C": a held noun, subject of "be", whose clause says what."""
    verb = noun.head
    if noun.dep_ != "nsubj" or noun.lemma_.lower() not in STANCES or verb.lemma_ != "be":
        return None
    holder = _holder(noun)
    clause = next((c for c in verb.rights if c.dep_ in {"ccomp", "attr"} and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if holder is None or clause is None:
        return None
    span = tokens_span(subtree(clause))
    if span is None:
        return None
    last = verb if verb.i == noun.i + 1 else noun  # "view is"; "view of the board" alone
    cue = noun.idx, last.idx + len(last.text)
    return Found(cue, noun, balanced(text_of(noun.doc), span), holder, True)


def in_view(prep: Token) -> Found | None:
    """ "In Keel's view, C" and "in the view of the board, C"."""
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if prep.lower_ != "in" or noun is None or noun.lemma_.lower() not in IN_VIEW:
        return None
    holder = _holder(noun)
    content = clause_rest(prep) if holder is not None else None
    if holder is None or content is None:
        return None
    # "In Keel's view"; "In the view of", when the holder is the object of that "of"
    last = holder.head.head if holder.head.dep_ == "pobj" else noun
    cue = prep.idx, last.idx + len(last.text)
    return Found(cue, noun, content, holder, True)


def _holder(noun: Token) -> Mention | None:
    """Whose the stance is: "Keel's view", "the view of the board"; none for "my view" (a
    pronoun's), "his assessment of the market" or "the assessment of the damage" ("of"
    names what it is about)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        if owner.pos_ == "PRON":
            return None
        return mention([t for t in owner.subtree if t.dep_ != "case"], owner)
    if noun.lemma_.lower() not in HELD_OF or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    target = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
    if target is None or target.pos_ == "PRON":
        return None
    return mention(list(target.subtree), target)
