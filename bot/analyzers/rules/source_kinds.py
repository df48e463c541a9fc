"""What kind of source a mention is: named, an organisation, an outlet, a document, anonymous,
vague, a pronoun left unresolved (see `bot.models.SourceType`).

`sources` finds who a mention is (the name a pronoun or "the official" stands for); this
module decides how far the article lets a reader trust it: its head word and the word
lists beside the rules (a role, a document, an outlet), what it is a member of or
published by, and whether a person is named.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.people_nouns import (
    ORGANISATION_NOUNS,
    a_person_noun,
    counted_people,
    generic_class,
    names_a_person,
)
from bot.analyzers.rules.references import INFORMED
from bot.analyzers.rules.sources import (
    FIRST_SECOND,
    PERSONAL,
    PLURAL,
    QUANTIFIERS,
    Mention,
    mention,
)
from bot.analyzers.rules.spans import entity_of
from bot.models import SourceType

LOOSE_PRONOUNS = frozenset({"those", "many", "some", "others", "few", "most", "several"})


PUBLISHED = frozenset({"data", "datum", "figure", "statistic", "number", "estimate", "poll",
                       "survey", "study", "analysis", "ranking", "index", "forecast",
                       "count", "census", "tally"})


RELEASE_VERBS = frozenset({"release", "publish", "issue", "report", "file", "provide",
                           "disclose", "post", "compile", "produce"})


def _publisher(head: Token) -> Token | None:
    """The named body that published data or a study the article cites by it: "data from
    MarketAxess", "figures her campaign released Friday"."""
    if head.lemma_.lower() not in PUBLISHED:
        return None
    for child in head.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in RELEASE_VERBS:
            subject = next((s for s in child.children if s.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON" and (
                    subject.lower_ not in LOOSE_PRONOUNS):
                return subject
    return next((g for c in head.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}
                 for g in c.children if g.dep_ == "pobj" and (
                     g.pos_ == "PROPN" or g.ent_type_ in {"ORG", "GPE"})), None)


def _counted_back(head: Token) -> bool:
    """ "The two lawmakers", "the three": a definite count that refers back to people already
    introduced, not a new unnamed source ("two officials said" stays one)."""
    number = head if head.lower_ in MEMBERS or head.like_num else next(
        (c for c in head.children if c.dep_ == "nummod"), None)
    if number is None or number.lower_ == "one":
        return False
    return any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"}
               for c in (*head.children, *number.children)) and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in head.children)


COLLECTIVE_NOUNS = frozenset({"group", "community", "business", "industry", "circle",
                              "circles"})


MEMBERS = frozenset({"one", "two", "three", "four", "five", "each", "either", "neither",
                     "both"})


COUNTS = frozenset({"dozen", "half-dozen", "handful", "couple", "number", "score", "array",
                    "range", "chorus", "host", "slew", "raft", "lot",
                    "bunch", "group"})


def _member_of(head: Token) -> Mention | None:
    """The group a "one of them" or "two of the officials" is drawn from."""
    if head.lower_ not in MEMBERS and head.lemma_.lower() not in COUNTS and not head.like_num:
        return None  # "one of them", "a handful of aides", "15 of the officials"
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return mention(list(group.subtree), group) if group is not None else None


def classify(source: Mention) -> SourceType:
    """The kind of source a mention is (see bot.models.SourceType)."""
    head = source.head
    tokens = source.tokens
    lower = head.lower_
    if lower == "police":  # "Brenmouth police", "police in Brenmouth": a force on the
        return SourceType.ORGANIZATION if any(  # record; a bare "police said": generic
            t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "ORG"} for t in tokens
            if t.i != head.i) or any(c.dep_ == "poss" for c in head.children) else (
            SourceType.VAGUE)  # "the city's police" too
    publisher = _publisher(head)
    if publisher is not None:  # "data from MarketAxess", "figures by the statistics office"
        by = classify(mention(list(publisher.subtree), publisher))
        if by is SourceType.OUTLET:
            return SourceType.OUTLET  # "a tally by the Associated Press": its reporting
        return SourceType.ORGANIZATION
    if _counted_back(head):
        return SourceType.UNKNOWN  # "the two officials wrote", "the three said": people the
        # article has already counted out, so named or flagged where they first appear
    member_of = _member_of(head)
    if member_of is not None:  # "one of them", "two of the officials": as the group is
        kind = classify(member_of)
        return kind if kind is not SourceType.VAGUE else SourceType.ANONYMOUS
    if lower in LOOSE_PRONOUNS and any(c.dep_ in {"prep", "relcl", "acl", "amod"}
                                       for c in head.children):
        return SourceType.VAGUE  # "those in favour of punishment", "many who attended"
    if lower in LOOSE_PRONOUNS - {"those"} and head.pos_ != "DET" and not any(
            c.dep_ in {"det", "poss"} for c in head.children):
        return SourceType.VAGUE  # "Others say", "many argue", "some contend": no one named
    if lower in PERSONAL or lower in PLURAL or lower in FIRST_SECOND or head.pos_ == "PRON":
        resolved = source.resolved
        if resolved is None:
            return SourceType.PRONOUN
        kind = classify(Mention(tuple(resolved), resolved.root))
        # "they" stands for a group only as surely as its antecedent was found: a loose
        # collective behind a pronoun is not flagged on a guess
        if kind is SourceType.OUTLET and lower in PERSONAL | PLURAL:
            return SourceType.PRONOUN  # "he said", "they maintained": people, not a paper
        return SourceType.PRONOUN if kind is SourceType.VAGUE else kind
    if head.pos_ == "NOUN" and source.resolved is not None and head not in source.resolved:
        return classify(Mention(tuple(source.resolved), source.resolved.root))
    lemma = _lemma(head)
    if head.lower_ in words("outlet_names") and head.pos_ == "PROPN":
        return SourceType.OUTLET  # "The Almera Ledger reported", whatever NER made of it
    if lemma in ACCOUNTS:
        told_by = _account_giver(head)
        if told_by is not None:
            return classify(told_by)
    if _media_named(head):
        return SourceType.OUTLET  # "the news site Harbour Info", "newspaper Correio da Ilha"
    owner = _channel_owner(head, lemma)
    if owner is not None:
        return classify(owner)  # "the firm's website says": the firm's own words
    if names_a_person(head, tokens):
        return SourceType.NAMED
    if lemma == "minute" and not _meeting_minutes(head):
        return SourceType.UNKNOWN  # "the closing minutes showed": time, not a record
    if lemma in words("document_heads") and entity_of(head) is None:
        return SourceType.DOCUMENT  # "Records show", capitalised or not
    if _is_outlet(head, tokens, lemma):
        return SourceType.OUTLET
    if lemma in words("document_heads") or (
        lemma in words("publication_heads") and not _has_author(tokens)
    ):
        return SourceType.DOCUMENT
    if lemma in words("publication_heads"):
        return SourceType.ORGANIZATION
    if lemma in words("response_roles") and lemma != "campaign":
        return SourceType.ORGANIZATION  # a spokesperson speaks for a named body
    informed = any(_informed(t) for t in tokens)
    if lemma in words("anonymous_heads") or informed:
        return SourceType.ANONYMOUS
    if lemma == "person" or (lemma == "people" and any(
        c.dep_ in {"nummod", "amod", "acl", "relcl", "prep"} or c.lower_ in QUANTIFIERS
        or c.lower_ in {"the", "these", "those"} for c in head.children
    )):
        return SourceType.ANONYMOUS  # "a person who attended", "three people", "the people",
        # "people in attendance", "people with knowledge of"
    if lemma in words("role_heads"):
        return _by_role(head)
    plural = head.tag_ in {"NNS", "NNPS"}
    if head.pos_ == "NOUN" and not plural and lemma not in ORGANISATION_NOUNS and any(
        c.dep_ in {"det", "nummod"} and c.lower_ in {"a", "an", "one", "another"}
        for c in head.children
    ) and a_person_noun(lemma):  # "one user wrote": "one" is a number to the parser
        return SourceType.ANONYMOUS  # "a doctor at the scene told …": someone unnamed
    if counted_people(head, tokens, lemma):
        return SourceType.ANONYMOUS  # "two clerks said": counted people, none named
    if head.ent_type_ == "NORP" and plural:
        definite = any(c.lower_ == "the" for c in head.children)
        return SourceType.ORGANIZATION if definite else SourceType.VAGUE
    if (lemma in words("vague_heads") and not (
        head.ent_type_ == "ORG" and head.pos_ == "PROPN" and not head.is_sent_start
    )) or (  # "The Rhodium Group, a consulting firm": a named body
        plural and any(t.lower_ in QUANTIFIERS for t in head.children)
        and lemma not in PLACES  # "25 other states sued": governments on the record
    ):
        if not plural and any(c.lower_ in {"a", "an", "one", "another"} for c in head.children):
            return SourceType.ANONYMOUS  # "one trade expert said": a person, unnamed
        if not plural and lemma not in COLLECTIVE_NOUNS and any(
                c.dep_ in {"det", "poss"} and c.lower_ not in {"some", "any", "every"}
                for c in head.children):
            return SourceType.UNKNOWN  # "the Christie supporter retorted": one person the
            # article points back to, not a loose collective
        return SourceType.VAGUE
    if generic_class(head, tokens, lemma):
        return SourceType.VAGUE  # "forecasters say", "investors see it as", "economists
        # warn": a bare plural of people, a class rather than anyone the reader can ask
    if head.ent_type_ in {"ORG", "GPE", "NORP", "FAC"} or head.pos_ == "PROPN" or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children
    ):  # "The losing bidder, Nordvik Ferries": the body the description names
        return SourceType.ORGANIZATION
    if lemma in ORGANISATION_NOUNS:
        return SourceType.ORGANIZATION
    return SourceType.UNKNOWN


PLACES = frozenset({"state", "country", "nation", "city", "county", "town", "district",
                    "province", "region", "municipality", "territory", "village"})
def _informed(word: Token) -> bool:
    """ "Familiar", "briefed", "anonymity", "close to the minister" (not "a close look")."""
    if word.lower_ == "close":
        return word.i + 1 < len(word.doc) and word.doc[word.i + 1].lower_ == "to"
    return word.lower_ in INFORMED


def _lemma(token: Token) -> str:
    """The lemma, also for a common noun capitalised at a sentence's start ("Records show",
    tagged a proper noun, keeps its plural as lemma)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and token.is_sent_start and lemma.endswith("s"):
        return lemma[:-1]
    return lemma


INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three",
                        "four", "five", "many", "other", "few"})


MEDIA_BODIES = frozenset({"newspaper", "paper", "outlet", "magazine", "network", "station",
                          "broadcaster", "tabloid", "publication", "site", "website", "blog",
                          "channel", "daily", "weekly", "newsletter", "podcast", "wire",
                          "agency"})


def _media_named(head: Token) -> bool:
    """A name the article introduces as a medium's: "the news site Harbour Info" (the name
    in apposition, whatever NER made of it), "Portuguese newspaper Correio da Ilha"."""
    if head.lemma_.lower() in MEDIA_BODIES - {"agency"} and head.pos_ == "NOUN":
        return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children)
    return head.pos_ == "PROPN" and head.ent_type_ != "PERSON" and any(
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() in MEDIA_BODIES
        and (c.lemma_.lower() != "agency" or any(g.lower_ == "news" for g in c.children))
        for c in head.children)


def outlet_journalist(head: Token) -> bool:
    """A person named as an outlet's: "CNN's Dana Bash", "The Ledger's Ana Ruiz", "one of
    them, the Ledger's Ana Ruiz"."""
    people = [head, *(c for c in head.children if c.dep_ == "appos")]
    return any(p.pos_ == "PROPN" and (p.ent_type_ == "PERSON" or p.i != head.i) and any(
        c.dep_ == "poss" and c.ent_type_ != "PERSON"
        and _is_outlet(c, tuple(c.subtree), _lemma(c)) for c in p.children) for p in people)


def _meeting_minutes(head: Token) -> bool:
    """ "The minutes show", "minutes of the meeting", "board minutes": a record; not "the
    closing minutes", "the last few minutes" or "ten minutes"."""
    return head.lower_ == "minutes" and not any(
        c.dep_ == "nummod" or c.lower_ in CLOCK_WORDS for c in head.children)


CLOCK_WORDS = frozenset({"closing", "final", "last", "first", "opening", "few", "dying",
                         "remaining", "early", "late", "next", "several", "many", "extra"})


def _has_author(tokens: tuple[Token, ...]) -> bool:
    """A name in the publication's words, other than who holds a copy ("an audit seen by
    the Ledger" is no named audit)."""
    held = {word.i for clause in tokens if clause.dep_ in {"acl", "relcl"}
            and clause.lemma_.lower() in HELD_BY for word in clause.subtree}
    return any((t.ent_type_ in {"ORG", "GPE", "NORP", "PERSON", "DATE", "WORK_OF_ART", "LAW"}
                or t.pos_ == "PROPN") and t.i not in held for t in tokens)


HELD_BY = frozenset({"see", "obtain", "review", "examine", "receive", "share", "leak"})


def _by_role(head: Token) -> SourceType:
    """ "a senator": unnamed; "senators": a loose group; "the senator": someone named;
    "China's ambassador to Britain": the one who holds that office, on the record."""
    determiners = {c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "amod"}}
    if not determiners & INDEFINITE and _of_a_named_body(head):
        return SourceType.ORGANIZATION  # "the directors of Mossad", "China's ambassador"
    if head.tag_ in {"NNS", "NNPS"}:
        return SourceType.ANONYMOUS if determiners & INDEFINITE - {"some", "many"} else (
            SourceType.VAGUE)
    if determiners & INDEFINITE:
        return SourceType.ANONYMOUS
    return SourceType.UNKNOWN


def _of_a_named_body(head: Token) -> bool:
    def named(token: Token) -> bool:
        return token.pos_ == "PROPN" or token.ent_type_ in {"GPE", "ORG", "NORP"}
    return any((c.dep_ == "poss" and named(c)) or (
        c.dep_ == "prep" and c.lower_ in {"of", "at", "for"} and any(
            g.dep_ == "pobj" and named(g) for g in c.children)) for c in head.children)


ACCOUNTS = frozenset({"interview", "conversation", "account", "testimony", "briefing"})


def _account_giver(head: Token) -> Mention | None:
    """Who gave "interviews with X", "accounts from X": the source behind the account."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "from", "of", "by"}:
            target = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if target is not None:
                return mention(list(target.subtree), target)
    return None


OWN_CHANNELS = frozenset({"website", "site", "blog", "newsletter", "page", "account", "feed"})


def _channel_owner(head: Token, lemma: str) -> Mention | None:
    """Whose own channel `head` is ("the firm's website", "her Twitter account"), unless the
    owner is an outlet ("the Ledger's website" is the Ledger's reporting)."""
    if lemma not in OWN_CHANNELS:
        return None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    found = mention([t for t in owner.subtree if t.dep_ != "case"], owner)
    return None if classify(found) is SourceType.OUTLET else found


def _is_outlet(head: Token, tokens: tuple[Token, ...], head_lemma: str) -> bool:
    """An outlet or one of its reports: the head is (in) an outlet's name, or a report noun."""
    names = words("outlet_names")
    named = [head, *(c for c in head.children if c.dep_ in {"compound", "poss"})]
    for token in named:
        entity = entity_of(token)
        words_in = [t.lower_.strip(".") for t in entity] if entity is not None else (
            [token.lower_.strip(".")] if token.pos_ == "PROPN" else [])
        if any(w in names for w in words_in) and (entity is None
                                                  or entity.label_ != "PERSON"):
            return True
    return head_lemma in words("outlet_heads") and not any(
        t.ent_type_ == "PERSON" for t in tokens
    ) and not _official_report(head, head_lemma)


OFFICIAL_KINDS = frozenset({"confidential", "internal", "secret", "classified", "draft",
                            "official", "annual", "unpublished", "preliminary", "leaked",
                            "final", "government", "police", "court", "audit", "intelligence",
                            "inspection", "autopsy", "incident", "accident", "military",
                            "investigative", "inspector", "committee", "agency", "ministry"})


def _official_report(head: Token, head_lemma: str) -> bool:
    """ "A police report", "an internal report", "a confidential report prepared for the
    board": a document, not another outlet's reporting."""
    return head_lemma == "report" and any(
        (c.dep_ in {"amod", "compound"} and (c.lemma_.lower() in OFFICIAL_KINDS
                                             or c.lower_ in OFFICIAL_KINDS))  # "leaked"
        or (c.dep_ == "acl" and c.lemma_.lower() in {"prepare", "commission", "write",
                                                      "compile", "draft", "submit"})
        for c in head.children)
