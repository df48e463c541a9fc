"""Attributions whose cue only the cue model knows ("endorsed", "called for", "support
for", "seemed"): their source and content, read from the parse around the cue.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.content_bounds import (
    COMPLEMENTS,
    about_object,
    clause_rest,
    complement_span,
    content_of,
)
from bot.analyzers.rules.cue_bounds import chains, cue_span, topic_preposition
from bot.analyzers.rules.cues import extension, vehicle
from bot.analyzers.rules.quoted import after_colon, quote_around
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import paragraph_start, quotation, text_of, tokens_span
from bot.analyzers.rules.speakers import (
    clause_subject,
    passive_subject,
    source_of,
    subject,
    unnamed_asker,
)

LINKING = frozenset({"seem", "appear", "look", "sound"})


def learned_attribution(token: Token, speech: frozenset[str]) -> Found | None:
    """An attribution whose cue only the cue model knows ("endorsed", "called for", "support
    for", "seemed"): its source is the subject (for a noun, its owner: "Trump's criticism
    of"), its content the complements after the cue (the object of a preposition the cue
    takes in)."""
    lemma = token.lemma_.lower()
    cue = cue_span(token)
    last = extension(token)
    carrier = vehicle(token)  # "issued a statement saying [C]"
    if carrier is not None and (last is None or last.i < carrier.i):
        cue, last = (cue[0], carrier.idx + len(carrier.text)), carrier
    source: Mention | None = None
    if token.pos_ in {"VERB", "AUX"}:
        head = subject(token)
        if lemma in LINKING and head is not None:
            tokens = [t for c in token.children if c.dep_ in COMPLEMENTS | {"nsubj"}
                      for t in c.subtree]
            content = tokens_span(sorted(tokens, key=lambda t: t.i))
            return Found(cue, token, content, None, False, learned=True) if content else None
        unnamed = unnamed_asker(token)
        source = None if unnamed else source_of(token)
        said = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        complement = next((c for c in token.rights if c.dep_ in {"xcomp", "ccomp"}), None)
        if said is not None and complement is not None:  # "the bank is expected to act"
            tokens = [*said.subtree, *complement.subtree]
            content = tokens_span(sorted(tokens, key=lambda t: t.i))
            return Found(cue, token, content, None, False, learned=True) if content else None
        if source is None and not unnamed:
            source = clause_subject(token)
        chained = next((c for c in token.rights if c.dep_ == "xcomp"), None) if chains(
            token) else None
        if chained is not None and chained.pos_ == "VERB":  # "continued to question X"
            cue = cue[0], cue_span(chained)[1]
            last, token = extension(chained), chained
            lemma = token.lemma_.lower()
        content = content_of(token, lemma) or complement_span(token, last)
        if content is None:
            passive = passive_subject(token)
            if passive is not None:
                content, cue, source = passive
        content = content or after_colon(token) or about_object(token) or quote_around(token)
    elif token.pos_ == "NOUN":
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        source = mention([t for t in owner.subtree if t.dep_ != "case"], owner) if (
            owner is not None) else None
        content = complement_span(token, last)
    else:
        content = clause_rest(token)
    if content is None or content[0] < cue[1] <= content[1] or content[0] <= cue[0] < content[1]:
        return None
    text = text_of(token.doc)
    cue = topic_preposition(token, cue, content)
    content = quotation(text, content, paragraph_start(text, content[0]), cue)
    return Found(cue, token, content, source, lemma in speech, learned=True)
