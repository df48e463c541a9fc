"""Signals of doubt the Matcher finds (the patterns of `data/signals.json`): hedges
("reportedly", "is said to", "accused of"), admitted unknowns ("it is unclear whether",
"could not be verified"), unnamed documents ("records show" however it is parsed),
criticism with no critic named, words of anonymity; and accusations by a named party.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.documents import UNPUBLISHED
from bot.analyzers.rules.findings import BY_SOURCE, FoundFlag, clause
from bot.analyzers.rules.lexicon import DATA, words
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import mention
from bot.analyzers.rules.spans import Offsets, sentence
from bot.analyzers.rules.speakers import source_of
from bot.models import FlagKind, SourceType

WHY_SIGNAL = {
    FlagKind.HEDGED: "hedged in the article itself: not established, find who says so",
    FlagKind.UNKNOWN_ADMITTED: "the article admits it does not know: do not fill the gap",
    FlagKind.UNNAMED_DOCUMENT: UNPUBLISHED,
    FlagKind.SECONDARY_REPORT: "rests on other outlets' reporting: check the original",
    FlagKind.VAGUE_SOURCE: "criticism with no critic named: who says so, and how many?",
    FlagKind.ANONYMOUS_SOURCE: "a source the article keeps anonymous: ask who, and how they "
                               "know",
}


def signals(nlp: Language, doc: Doc, attributions: list[Found],
             sourced: list[Offsets]) -> list[FoundFlag]:
    """The Matcher's signals. Words of anonymity ("spoke on condition of anonymity") count
    only in a sentence where someone not named speaks and whose unnamed or loose source no
    flag names yet (`sourced`: the quotes of those flags), however its clause was parsed."""
    out = []
    for match_id, start, end in _matcher(nlp)(doc):
        kind = FlagKind(nlp.vocab.strings[match_id])
        token = doc[start]
        if kind is FlagKind.ANONYMOUS_SOURCE:
            here = sentence(token)
            if any(a < here.end_char and here.start_char < b for a, b in sourced) or not any(
                    _unnamed_speaker(t) for t in here if not start <= t.i < end):
                continue  # flagged already, or no one unnamed speaks ("the mayor declined
                # to be quoted"; "given anonymity under the law")
            sourced = [*sourced, (here.start_char, here.end_char)]
        if kind in {FlagKind.HEDGED, FlagKind.VAGUE_SOURCE} and any(
                _named(g) for t in doc[start:end] for c in t.children if c.dep_ == "agent"
                for g in c.children if g.dep_ == "pobj"):
            continue  # "accused by Ana Ruiz of", "criticized by the harbour master, Ana
            # Ruiz": the accuser is named; "accused by a reporter" stays unnamed
        if token.i > 0 and doc[token.i - 1].lower_ == "no":
            continue  # "no reported problems": nothing is hedged
        if _filed_with(doc, end):
            continue  # "the theft was reported to the police": a complaint was filed
        span = clause(token)
        if span:
            why = WHY_SIGNAL[kind]
            if kind is FlagKind.HEDGED:
                why = _hedge_why(doc[start:end], attributions)
            out.append(FoundFlag(kind, span, why))
    for token in doc:
        accuser = _accuser(token)
        if accuser is not None:
            span = clause(token)
            if span:
                out.append(FoundFlag(FlagKind.PARTY_ACCUSATION, span,
                                     f"an accusation by {accuser}, a party to the story: "
                                     "check it against the accused's answer"))
    return out


TALK = frozenset({"speak", "talk", "brief"})  # "officials spoke on condition of anonymity"


@cache
def _speaking() -> frozenset[str]:
    return words("speech_verbs") | TALK


def _unnamed_speaker(verb: Token) -> bool:
    """A verb of saying whose speaker is not a named person: none the parse found (the
    parser lost it), a pronoun, or anyone else unnamed ("a spokesman", "the official")."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _speaking():
        return False
    speaker = source_of(verb)
    return speaker is None or classify(speaker) is not SourceType.NAMED


def _filed_with(doc: Doc, end: int) -> bool:
    """ "Is reported to", "was said to" with no verb after it: reported to someone ("the
    theft was reported to the police"), not "is reported to have fled"."""
    after = end
    while after < len(doc) and doc[after].pos_ == "ADV":
        after += 1  # "is expected to again pass": the verb after the adverb
    return doc[end - 1].lower_ == "to" and (after >= len(doc) or doc[after].tag_ != "VB")


def _named(noun: Token) -> bool:
    """A name, or a class named by its members ("conservatives like Ana Ruiz")."""
    return noun.pos_ == "PROPN" or noun.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in noun.children) or any(
        c.dep_ == "prep" and c.lower_ in {"like", "including"} and any(
            g.dep_ == "pobj" and g.ent_type_ == "PERSON" for g in c.subtree)
        for c in noun.children)


def _hedge_why(hedge: Span, attributions: list[Found]) -> str:
    """Whose words the hedge is on: the speaker of a verb the hedge attaches to ("Keel
    reportedly told the board", "residents are said to be urging"); no one's when the
    hedged verb reports nothing ("she was reported to have spent a weekend on his yacht",
    whoever else speaks in the sentence)."""
    attached = {t.head.i for t in hedge if t.head.i not in range(hedge.start, hedge.end)}
    speaker = next((a.source for a in attributions if a.source is not None
                    and a.cue_token.i in attached), None)
    if speaker is not None:
        return (f"“{hedge.text}”: said by {' '.join(speaker.name.split())}, but the "
                "report of it is unsourced")
    return f"“{hedge.text}”: no source named for it; find who says so"


def _accuser(token: Token) -> str | None:
    """ "Residents have accused X of …": who accuses, when the article names them."""
    if token.lemma_ != "accuse" or token.pos_ != "VERB" or any(
        c.dep_ in {"auxpass", "agent"} for c in token.children
    ):
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    source = mention(list(subject.subtree), subject)
    if classify(source) in BY_SOURCE:
        return None  # an unnamed or vague accuser is flagged as such
    return " ".join(source.text.split())


@cache
def _patterns() -> dict[str, list[list[dict[str, object]]]]:
    raw = json.loads((DATA / "signals.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


_matchers: dict[int, Matcher] = {}


def _matcher(nlp: Language) -> Matcher:
    matcher = _matchers.get(id(nlp))
    if matcher is None:
        matcher = Matcher(nlp.vocab)
        for kind, patterns in _patterns().items():
            matcher.add(kind, patterns)
        _matchers[id(nlp)] = matcher
    return matcher
