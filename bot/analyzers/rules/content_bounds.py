"""Where an attribution's content lies: a cue's clausal complement, the clause a
parenthetical or "as X said" is attached to, a "that" clause after a venue, a nearby
quotation, the object of verbs like "denied", what a cue is about, and the clause an
attributing phrase ("according to X") is attached to.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.cue_bounds import cue_span
from bot.analyzers.rules.cues import LINKS
from bot.analyzers.rules.quoted import nearby_quote, quote_after
from bot.analyzers.rules.spans import (
    Offsets,
    balanced,
    longest_run,
    run_holding,
    sentence,
    subtree,
    text_of,
    tokens_span,
)

OBJECT_CONTENT = frozenset({
    "deny", "reject", "dispute", "confirm", "announce", "dismiss", "criticize", "criticise",
    "praise", "blame", "refute", "rebut", "question", "acknowledge", "admit", "predict",
    "reveal", "disclose", "describe", "call", "accuse", "defend", "allege", "contest",
    "cite", "mention", "report", "estimate", "repeat", "reiterate", "promise", "concede",
    "know", "expect", "want", "doubt", "fear", "recall", "like", "hate", "love", "see",
})
OBJECT_REST = frozenset({"dobj", "oprd", "prep", "xcomp", "acl"})
XCOMP_CONTENT = frozenset({"want", "hope", "expect", "plan", "intend", "promise", "vow",
                           "threaten", "pledge", "wish", "urge", "ask", "seem", "appear"})

COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "attr", "acomp", "dative",
                         "intj"})
OBJECTS = frozenset({"pobj", "pcomp"})

ABOUT = ("about", "over", "against", "of", "on")


def about_object(verb: Token) -> Offsets | None:
    """ "The mayor spoke on Tuesday about the cost …": what a cue is about (never a date)."""
    for word in ABOUT:
        for prep in verb.rights:
            objects = [c for c in prep.children if c.dep_ in OBJECTS]
            if prep.dep_ == "prep" and prep.lower_ == word and objects and not any(
                    c.ent_type_ in {"DATE", "TIME"} for c in objects):
                return tokens_span(t for c in objects for t in c.subtree)
    return None


def complement_span(head: Token, last: Token | None) -> Offsets | None:
    """What follows a cue head as its complement: its objects and clauses, or the object of
    the preposition the cue takes in ("called for [a ban]"), with the prepositional phrases
    after them ("praised X for Y", "identify themselves as Z")."""
    tokens: list[Token] = []
    for child in head.rights:
        if last is not None and child.i <= last.i:
            if child.dep_ in LINKS:
                tokens.extend(t for c in child.children if c.dep_ in OBJECTS for t in c.subtree)
            elif child.dep_ == "dobj":  # "issued a statement saying [C]"
                tokens.extend(t for t in child.subtree if t.i > last.i)
        elif child.dep_ in COMPLEMENTS or (head.pos_ == "NOUN" and child.dep_ in {
                "acl", "prep"} and not tokens) or (
                tokens and child.dep_ == "prep" and not dated(child)):
            tokens.extend(child.subtree)
    return tokens_span(sorted(tokens, key=lambda t: t.i))


TEMPORAL = frozenset({"after", "before", "during", "since", "until", "amid", "following"})


def dated(prep: Token) -> bool:
    """ "on Tuesday", ", before the vote": a prepositional phrase that says when, or one a
    comma sets off."""
    return prep.lower_ in TEMPORAL or prep.doc[prep.left_edge.i - 1].text == "," or any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def content_of(verb: Token, lemma: str) -> Offsets | None:
    text = text_of(verb.doc)
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in XCOMP_CONTENT):
            span = tokens_span(subtree(child))
            return balanced(text, span) if span else None
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and verb.i > verb.head.i
                                    and verb.tag_ != "VBG"  # "…, adding to its woes"
                                    and _comma_between(verb.head, verb)
                                    and not any(c.dep_ == "mark" for c in verb.children)
                                    ) or _as_said(verb):
        rest = subtree(verb.head, without=[verb])  # "A, X said, and B": A holds the verb
        span = tokens_span(run_holding(rest, verb.head) or longest_run(rest))
        if span:
            return balanced(text, span)
    venue = _venue_clause(verb) or quote_after(verb, cue_span(verb)[1])
    if venue is not None:
        return venue
    quoted = nearby_quote(verb)
    if quoted is not None:
        return quoted
    if lemma in OBJECT_CONTENT and not (lemma == "call" and not _calls_it_something(verb)):
        objects = [c for c in verb.children if c.dep_ in {"dobj", "oprd"}]
        if objects:  # "called the report false": the object and what it is called,
            # with what follows it in the clause ("accused X of lying", "dismissed X as Y")
            first = min(t.i for t in objects[0].subtree)
            tokens = [t for c in verb.children if c.i >= first and c.dep_ in OBJECT_REST
                      for t in c.subtree]
            return tokens_span(sorted(tokens, key=lambda t: t.i))
    return None


def _calls_it_something(verb: Token) -> bool:
    """ "Called the report false" names what it is called; "called 911" does not."""
    described = {"oprd", "xcomp", "acomp", "ccomp", "attr"}
    return any(c.dep_ in described or (c.dep_ == "dobj" and any(
        g.dep_ in described | {"amod"} and g.i > c.i for g in c.children))
        for c in verb.children)


def _as_said(verb: Token) -> bool:
    """ "As X said, C" / "C, as X noted": the clause the "as" phrase is attached to is
    what X said (not "as X call on him to quit", where the verb has its own complement)."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as"
                                        for c in verb.children) and all(
        c.dep_ in AS_SAID_CHILDREN or (c.dep_ == "prep" and (c.lower_ == "in" or dated(c)))
        for c in verb.children)


AS_SAID_CHILDREN = frozenset({"mark", "nsubj", "aux", "auxpass", "advmod", "neg", "npadvmod",
                              "punct", "agent"})


def _comma_between(first: Token, second: Token) -> bool:
    return any(t.text == "," for t in first.doc[first.i : second.i])


def clause_rest(anchor: Token) -> Offsets | None:
    """The clause an attributing phrase is attached to, without the phrase itself."""
    root = sentence(anchor).root
    rest = subtree(root, without=[anchor])
    # "X is investigating W, according to two people, adding to …": the main clause,
    # not the longer participle after it
    main = run_holding(rest, root) if root.i != anchor.i else None
    return tokens_span(main or longest_run(rest))


def _venue_clause(verb: Token) -> Offsets | None:
    """ "said in a statement that C", "said during a news conference that C": the parser
    hangs the "that" clause from the noun after the verb; it is what the verb reports."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            clause = next((c for c in noun.rights if c.dep_ in {"acl", "ccomp", "relcl"} and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            if clause is not None:
                return tokens_span(clause.subtree)
    return None
