"""Attributions on the dependency parse: who (source) is cited (cue) as saying what (content).

A cue is a verb of saying or thinking from the word lists, with its auxiliaries, "not" and
adverbs before it and a colon or date after it ("has not yet said", "said Saturday:"); a
thought no one reports ("I think", one inside a quotation) is left out. Its source is the
subject's subtree (a relative "who" is the source, standing for the noun it describes; a
verb joined by "and" shares its neighbour's subject), and its content is the clausal
complement, the clause a parenthetical "officials said" or "as X said" is attached to, a
nearby quotation, or the object of verbs like "denied"; quoted content is the whole
quotation, marks included. "According to X" takes X as the source and the clause as
content; so do a few nouns that carry attribution ("in the words of X", "the line from X",
"an interview with" an outlet). Quoted content runs on to its closing mark and over the
quoted sentences that follow it ("“C1,” X said. “C2.”"). A cue inside a quotation, or
inside another attribution's content with a pronoun or no speaker, is not one of its own.
This module runs the finders and settles overlaps; the parts live in modules of their own:
`constructions` (the rule finders), `learned_attributions` (cues only the cue model knows),
`speakers` (sources), `cue_bounds` and `content_bounds` (where a cue and its content begin
and end), `attribution_record` (the `Found` record), and `quoted` (where quoted content lies
when the parse does not say).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.constructions import (
    NOMINAL,
    according,
    in_poll,
    nominal,
    private,
    speaker_colon,
    verb_attribution,
)
from bot.analyzers.rules.cue_bounds import chains, cue_span, cue_word
from bot.analyzers.rules.cues import candidate as cue_candidate
from bot.analyzers.rules.cues import probability
from bot.analyzers.rules.learned_attributions import learned_attribution
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.sources import RELATIVE, Mention
from bot.analyzers.rules.spans import balanced, text_of
from bot.analyzers.rules.stances import STANCES, in_view, stance_is


def find(doc: Doc) -> list[Found]:
    """Every attribution in text order, one per cue: the rules' first, then the words only
    the cue model knows (marked `learned`)."""
    speech, thought = words("speech_verbs"), words("cognition_verbs")
    known = speech | thought
    out: list[Found] = []
    for token in doc:
        found: Found | None = None
        lemma = token.lemma_.lower()
        if token.lower_ in {"according", "based"}:
            found = according(token)
        elif token.pos_ in {"VERB", "AUX"}:
            word = cue_word(token, known)
            if word is not None and not private(token, word in speech):
                found = verb_attribution(token, word, word in speech)
        elif token.pos_ == "NOUN" and lemma in NOMINAL:
            found = nominal(token, NOMINAL[lemma])
        elif token.pos_ == "NOUN" and lemma in STANCES and not private(token, True):
            found = stance_is(token)
        elif token.text == ":":
            found = speaker_colon(token)
        elif token.lower_ == "in" and token.dep_ == "prep":
            found = in_poll(token) or (None if private(token, True) else in_view(token))
        if found is not None:
            out.append(found)
    ruled = [f for f in out if not any(_nested(f, other) for other in out)]
    taken = {t.i for f in out for t in doc.char_span(*f.cue, alignment_mode="expand") or ()}
    learned: list[Found] = []
    for token in doc:
        if token.i in taken or not cue_candidate(token) or token.lemma_.lower() in BARE or \
                probability(token) < LEARNED:
            continue
        found = learned_attribution(token, speech)
        if found is not None:
            learned.append(found)
    every = ruled + learned
    learned = [f for f in learned if not any(_nested(f, other) for other in every)]
    text = text_of(doc)
    return sorted((_balanced(f, text) for f in _chained(ruled + learned)),
                  key=lambda f: f.cue_token.i)


def _chained(found: list[Found]) -> list[Found]:
    """ "went on to say", "continued to question", "tried to paint": a cue that completes
    a verb of going on or trying is one cue with it, from that verb on."""
    heads: dict[int, int] = {}  # the chaining verb's index -> the cue it takes in
    for f in found:
        verb = f.cue_token
        if verb.dep_ == "xcomp" and verb.head.i < verb.i and chains(verb.head):
            heads[verb.head.i] = verb.i
    out = []
    seen: set[int] = set()
    for f in found:
        verb = f.cue_token
        if verb.i in heads or verb.i in seen:
            continue  # the chaining verb's own attribution is the cue it takes in
        seen.add(verb.i)
        if verb.dep_ == "xcomp" and verb.head.i in heads:
            f = replace(f, cue=(min(f.cue[0], cue_span(verb.head)[0]), f.cue[1]))
        out.append(f)
    return out


def _balanced(found: Found, text: str) -> Found:
    content = balanced(text, found.content)
    return found if content == found.content else replace(found, content=content)


LEARNED = 0.45  # the cue model's probability from which a word it alone knows is a cue
BARE = frozenset({"be", "have"})  # "was", "has been": a verb that cues with other words only


def _nested(found: Found, other: Found) -> bool:
    """Whether `found` is part of what `other` reports ("X said she believes C", "X said he
    wants C"): its cue lies in the other's content, under the other's cue in the parse, and
    its speaker is a pronoun or none. PolNeAR marks the outer attribution only; a nested
    speaker the article names ("X said officials told him C") stays a source of its own."""
    if found.speech and found.source is not None and found.source.head.pos_ != "PRON" and \
            not _described_in(found.source, other):
        return False
    return other is not found and other.content[0] <= found.cue[0] and \
        found.cue[1] <= other.content[1] and other.cue_token.is_ancestor(found.cue_token)


def _described_in(source: Mention, other: Found) -> bool:
    """Whether `source` is a relative pronoun for a noun inside `other`'s content ("X said
    he wants a plan that calls for C": the plan is part of what X said)."""
    return source.tokens[0].lower_ in RELATIVE and \
        other.content[0] <= source.head.idx < other.content[1]
