"""Which nouns name people, or bodies of them: a person noun ("a nurse", "one trade
expert"), a bare plural class ("forecasters say", "shipping companies warn"), counted
people ("two clerks said"), a named person ("board member Ana Ruiz", "Keel, 54,").
`source_kinds` reads them to decide how far a source can be trusted.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from bot.analyzers.rules.lexicon import words

ORGANISATION_NOUNS = frozenset({"campaign", "government", "administration", "ministry",
                                "department", "company", "agency", "embassy", "office",
                                "committee", "court", "party", "firm", "board", "council"})

NOT_PEOPLE = frozenset({"number", "letter", "paper", "order", "matter", "factor", "sector",
                        "indicator", "computer", "error", "statement", "event", "element",
                        "comment", "result", "component", "incident", "content", "border",
                        "chapter", "quarter", "center", "centre", "meter", "filter",
                        "monitor", "weather", "water", "power", "answer", "register",
                        "poster", "flyer", "sticker", "banner", "trailer",
                        "counter", "payment", "parameter", "cluster", "charter", "layer",
                        "talent", "segment", "percent", "cent", "account", "point"})


def generic_class(head: Token, tokens: tuple[Token, ...], lemma: str) -> bool:
    """A bare plural of people or bodies as a source ("forecasters say", "developers see
    golf courses as wasted space", "fact-checkers noted", "shipping companies warn"): no
    determiner, number or owner, no name anywhere in it, and a noun that names people (the
    word lists, or a person noun's ending) or a kind of body."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS" or lemma in NOT_PEOPLE or (
            lemma in words("document_heads") or lemma in words("publication_heads")
            or lemma in words("outlet_heads")):
        return False
    if any(c.dep_ in {"det", "poss", "nummod", "predet"} for c in head.children):
        return False
    if any((t.pos_ == "PROPN" and not (t.is_sent_start and not t.ent_type_))
           or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in tokens):
        return False  # (a capital at a sentence's start is no name: "Election scholars")
    if head.is_title and any(t.lower_ == head.lower_ and (t.pos_ == "PROPN" or t.ent_type_)
                             for t in head.doc):
        return False  # "Sanders hit back", a name the tagger took for a plural noun
    return a_person_noun(lemma) or lemma in GENERIC_BODIES


# Kinds of body whose bare plural is a loose collective ("shipping companies say"); one of
# them named or pointed back to ("the company") is an organisation (ORGANISATION_NOUNS).
GENERIC_BODIES = frozenset({"company", "firm", "business", "bank", "airline", "agency",
                            "group", "organization", "organisation", "government", "charity",
                            "hospital", "school", "university", "union"})
PERSON_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian", "ee", "man", "woman", "person",
                  "ier", "eer")


def counted_people(head: Token, tokens: tuple[Token, ...], lemma: str) -> bool:
    """ "Two clerks", "three engineers who inspected the quay"; not a share ("four in 10
    voters", "three-quarters of the voters"), people the article points back to ("the
    two clerks", "all three candidates") or people it names ("two residents, Ana Ruiz and
    Tom Bell")."""
    doc = head.doc
    return head.pos_ == "NOUN" and head.tag_ == "NNS" and lemma not in ORGANISATION_NOUNS \
        and lemma not in SHARES and lemma not in NOT_PEOPLE and a_person_noun(lemma) and any(
            c.dep_ == "nummod" and c.like_num
            and (c.i == 0 or doc[c.i - 1].lower_ not in {"in", "of"})
            for c in head.children) and not any(
            c.dep_ in {"det", "predet", "poss"} for c in head.children) and not any(
            t.pos_ == "PROPN" for t in tokens)


SHARES = frozenset({"quarter", "third", "half", "fifth", "tenth", "majority", "minority",
                    "percent", "dozen"})


def a_person_noun(lemma: str) -> bool:
    """Whether a common noun can name a person ("a nurse", "a former adviser", "a lawyer"),
    unlike "a look at the figures suggests" or "a fact is dismissed": by the word lists of
    people, else by a person noun's ending (not "-ment": "an agreement")."""
    return lemma in words("person_nouns") or lemma in words("anonymous_heads") or (
        lemma in words("role_heads")) or lemma in words("vague_heads") or (
        lemma in words("response_roles")) or (
        lemma.endswith(PERSON_ENDINGS) and not lemma.endswith("ment"))


@cache
def _people_words() -> frozenset[str]:
    """Nouns that say a name beside them is a person's ("Keel, the board's chair")."""
    return words("role_heads") | words("person_nouns") | {"chair", "spokesman", "spokeswoman",
                                                          "spokesperson"}


def names_a_person(head: Token, tokens: tuple[Token, ...]) -> bool:
    """The mention is a named person, or names the people it stands for ("X, including Y")."""
    if head.ent_type_ == "PERSON":
        return True
    if head.pos_ == "PROPN" and head.ent_type_ in {"", "ORG"} and any(
            (c.dep_ == "compound" and c.lemma_.lower() in words("role_heads")) or (
                c.dep_ == "appos" and (c.like_num or c.lemma_.lower() in _people_words()))
            for c in head.children):
        return True  # "board member Ana Ruiz", "Keel, 54,", "Keel, the board's chair": a
        # name the entity tagger missed or took for a body
    held = {t.i for t in tokens}  # only what the mention holds: not a clause's subject
    return (head.pos_ == "PROPN" and any(t.ent_type_ == "PERSON" for t in tokens)) or any(
        c.dep_ == "appos" and (c.i in held or head.i not in held)  # ("who": its noun's)
        and any(p.ent_type_ == "PERSON" for p in (c, *c.conjuncts)) for c in head.children
    ) or any(
        c.dep_ == "prep" and c.lower_ in {"including", "like", "such"}
        and any(t.ent_type_ == "PERSON" for t in c.subtree) for c in head.children
    )
