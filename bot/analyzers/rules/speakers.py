"""Who an attribution's cue cites: the verb's subject (shared through "and" or "to", a
relative "who" resolved to its noun), a speaker after an inverted verb, a passive verb's
agent, the subject of the clause a participle hangs from.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.cue_bounds import cue_span
from bot.analyzers.rules.cues import SUBJECTS
from bot.analyzers.rules.sources import RELATIVE, Mention, closed, mention, relative
from bot.analyzers.rules.spans import (
    CLOSING_MARKS,
    QUOTE_MARKS,
    Offsets,
    entities_between,
    sentence,
    subtree,
    tokens_span,
)


def clause_subject(verb: Token) -> Mention | None:
    """ "…, adding that C" / "…, explaining that C": a participle's speaker is the subject of
    the clause it hangs from."""
    head = verb
    for _ in range(3):
        if head.dep_ not in {"advcl", "acl", "pcomp", "conj", "xcomp", "dep"} or (
                head.head.i == head.i):
            return None
        head = head.head
        found = subject(head)
        if found is not None and found.dep_ != "nsubjpass":
            return source_of(head)
    return None


def passive_subject(verb: Token) -> tuple[Offsets, Offsets, Mention | None] | None:
    """ "The meeting was first reported by Politico": the passive subject is what was
    reported, the agent who reported it ("by" is no part of the cue: PolNeAR train leaves
    it out of 160 of the 203 cues with one)."""
    said = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if said is None or said.lower_ in RELATIVE or said.pos_ == "PRON":
        return None
    content = tokens_span(subtree(said))
    if content is None:
        return None
    cue = cue_span(verb)
    agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
    target = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if agent is None or target is None:
        return content, cue, None
    return content, cue, mention(list(target.subtree), target)


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of `verb`: its own, or the one it shares through "and" or "to"."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if depth < 3 and verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        agent = next((g for c in verb.head.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"), None)
        if verb.dep_ == "advcl" and agent is not None:
            return agent  # "It was denied by Andrew, hinting …": Andrew hints, not "it"
        return subject(verb.head, depth + 1)
    return None


def source_of(verb: Token) -> Mention | None:
    """The mention a verb's subject names, with the comma that closes it before the verb;
    a relative pronoun ("who") is the mention, resolved to the noun it describes."""
    head = subject(verb)
    if head is None:
        return None
    if head.lower_ in RELATIVE:
        return relative(head)
    return closed(mention(speaker_words(head), head), verb)


def speaker_outside(verb: Token, content: Offsets) -> Mention | None:
    """The verb's subject that lies outside what it reports (“…, an intelligent person,”
    Jeff Weaver said: the parser made both nouns subjects of "said")."""
    head = next((c for c in verb.children if c.dep_ in SUBJECTS and not (
        content[0] <= c.idx < content[1])), None)
    return None if head is None else closed(mention(speaker_words(head), head), verb)


def speaker_after(verb: Token) -> Mention | None:
    """ "C, said the firm's newly named chair Ana Ruiz in an email": a speaker after the verb
    that the parser took apart; the words up to the first name after the verb."""
    doc = verb.doc
    end = min(sentence(verb).end, verb.i + SPEAKER_AFTER)
    stop = next((t.i for t in doc[verb.i + 1 : end] if t.text == "," or (
        t.pos_ == "ADP" and t.lower_ != "of")), end)  # the phrase ends at "in an email"
    near = [e for e in entities_between(doc, verb.i + 1, stop) if e.end <= stop
            and e.label_ in {"PERSON", "ORG"}]
    entity = next((e for e in near if e.label_ == "PERSON"), near[-1] if near else None)
    if entity is None:
        return None
    words = [t for t in verb.doc[verb.i + 1 : entity.end] if not t.is_space]
    return mention(words, entity.root)


SPEAKER_AFTER = 12  # tokens between an inverted verb and the name of its speaker
QUOTE_PIECES = QUOTE_MARKS | {"'", "`"}  # and the single marks the tokenizer splits off


def speaker_inside(verb: Token, content: Offsets) -> tuple[Offsets, Mention] | None:
    """ "“C,” the board's chief executive, Ana Ruiz, told the Ledger", parsed as if the
    speaker were part of the quoted clause: the content ends at the quotation's closing
    mark, and the noun phrase after it, up to the verb, is the speaker."""
    doc = verb.doc
    if content[1] > verb.idx:
        return None
    closing = next((t for t in reversed(doc[sentence(verb).start : verb.i])
                    if t.text in CLOSING_MARKS and content[0] < t.idx
                    and t.idx + len(t.text) < content[1]  # the content runs on past it
                    and t.i > 0 and doc[t.i - 1].text in {",", "!", "?"}), None)
    if closing is None:
        return None
    words = [t for t in doc[closing.i + 1 : verb.i] if not t.is_space]
    while words and words[0].text == ",":
        words = words[1:]
    if not words or words[0].pos_ == "ADP" or not any(t.pos_ in {"NOUN", "PROPN"} for t in words) \
            or any(t.pos_ in {"VERB", "AUX"} or t.text in QUOTE_PIECES for t in words):
        return None
    inside = {t.i for t in words}
    roots = [t for t in words if not t.is_punct and (t.head.i not in inside or t.head.i == t.i)]
    if len(roots) != 1:
        return None  # one noun phrase ("another friend, Mariam Emara"), not two
    return (content[0], closing.idx + len(closing.text)), mention(words, roots[0])


def speaker_words(head: Token) -> list[Token]:
    """The words naming a speaker: `head`'s subtree without where it spoke ("Marta Keel in
    an email to staff" is "Marta Keel") and without an aside that says what the speaker
    did rather than who it is: a participle set off by a comma ("Ann Ruiz, speaking on
    condition of anonymity,") or a relative clause set off by one that reports what was
    said ("Ruiz, who said last week that C,")."""
    venue = {t.i for c in head.children if c.dep_ == "prep" and c.i > head.i and any(
        g.dep_ == "pobj" and g.lemma_.lower() in VENUES for g in c.children) for t in c.subtree}
    aside = {t.i for c in head.subtree if c.i > head.i and _aside(c) for t in c.subtree}
    return [t for t in head.subtree if t.i not in venue and t.i not in aside]


def _aside(token: Token) -> bool:
    """Whether `token` heads a clause set off by a comma after the noun it describes that
    tells what the speaker did (see `speaker_words`)."""
    if token.dep_ not in {"acl", "relcl"} or token.head.i > token.i or token.left_edge.i == 0:
        return False
    if token.doc[token.left_edge.i - 1].text != ",":
        return False
    return token.dep_ == "acl" or any(c.dep_ == "ccomp" for c in token.children)


VENUES = frozenset({"email", "e-mail", "statement", "interview", "letter", "post", "tweet",
                    "call", "conference", "release", "message", "memo", "speech", "briefing",
                    "note", "video", "podcast", "broadcast"})


def unnamed_asker(verb: Token) -> bool:
    """ "Ruiz was asked about it", "the fare is expected to rise", "Asked about it, Ruiz
    said": a passive verb of saying or thinking with no "by" names no one who says or
    thinks; its subject is what is said or who is asked (PolNeAR gives it no source). The
    contracted "'s" is left out: "he's said" is "he has said" as often as not."""
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    if any(c.dep_ == "auxpass" and c.lower_ not in {"'s", "’s"} for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in {"advcl", "ROOT"} and not any(
        c.dep_ in SUBJECTS | {"aux", "auxpass"} for c in verb.children)


def agent_of(verb: Token) -> Mention | None:
    """ "As reported by the Ledger, C": who a passive verb of saying names as its speaker."""
    agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
    target = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return None if target is None else mention(list(target.subtree), target)
