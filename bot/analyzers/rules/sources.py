"""Who a source is: the mention a pronoun stands for, and what kind of source it is.

A pronoun ("he", "they") or relative ("who") is resolved to the nearest fitting mention
earlier in the article; one that cannot be resolved stays a `pronoun`, never `named`. A
person known by a surname later in the article is given the full name first used.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.references import INFORMED, definite_reference, delayed_identification
from bot.analyzers.rules.spans import (
    entities_between,
    entity_of,
    sentence,
    sentences_back,
    text_of,
)
from bot.models import SourceType

PERSONAL = frozenset({"he", "she", "him", "her"})
PLURAL = frozenset({"they", "them"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
FIRST_SECOND = frozenset({"i", "we", "you", "me", "us"})
QUANTIFIERS = frozenset({"some", "many", "several", "other", "others", "most", "few",
                         "numerous", "various", "certain", "those", "these", "all", "multiple",
                         "countless"})
LOOSE_PRONOUNS = frozenset({"those", "many", "some", "others", "few", "most", "several"})
_BACK = 4  # sentences searched back for a pronoun's antecedent


@dataclass(frozen=True)
class Mention:
    """A source as the article names it: its tokens, head, and the name it resolves to."""

    tokens: tuple[Token, ...]
    head: Token
    resolved: Span | None = None  # the named mention a pronoun or short name stands for

    @property
    def text(self) -> str:
        """The mention's words, without the comma that closes it ("Ann Ruiz, a pilot,")."""
        if self.resolved is not None and self.head not in self.tokens:
            return self.resolved.text  # a relative pronoun: the noun it stands for
        words = self.tokens[:-1] if len(self.tokens) > 1 and self.tokens[-1].text in CLOSERS \
            else self.tokens
        doc = self.head.doc
        return text_of(doc)[words[0].idx : words[-1].idx + len(words[-1].text)]

    @property
    def name(self) -> str:
        """The fullest name: the resolved mention when there is one."""
        return self.resolved.text if self.resolved is not None else self.text


def mention(tokens: list[Token], head: Token) -> Mention:
    """The mention of `tokens` headed by `head`, resolved when it is a pronoun or surname.

    Punctuation is left off its edges, but for a ")" that closes a "(" it holds
    ("Sen. Ann Ruiz (D-Ga.)")."""
    ordered = _without_dateline(sorted(tokens, key=lambda t: t.i), head)
    kept = [t for t in ordered if not (t.is_punct and t is not head)] or [head]
    while len(kept) > 1 and kept[0] is not head and kept[0].lower_ in FOCUS:
        kept.pop(0)  # "even critics", "only 50 percent": the source is who is named
    closing = next((t for t in ordered if t.i > kept[-1].i and t.text == ")"), None)
    if closing is not None and _unclosed(kept[0], kept[-1]):
        kept.append(closing)
    return Mention(tuple(kept), head, _resolve(head))


FOCUS = frozenset({"even", "only", "also", "just", "especially", "particularly"})
DASHES = frozenset({"—", "–", "--", "-"})


def _without_dateline(tokens: list[Token], head: Token) -> list[Token]:
    """ "WASHINGTON — Sen. Ann Ruiz": a dateline before a dash is no part of the source."""
    dash = next((t for t in tokens[:8] if t.text in DASHES and t.i < head.i), None)
    if dash is None:
        return tokens
    before = [t for t in tokens if t.i < dash.i]
    if before and all(t.is_punct or t.pos_ == "PROPN" or t.is_upper or t.like_num
                      for t in before) and any(t.is_upper and len(t) > 1 for t in before):
        return [t for t in tokens if t.i > dash.i]
    return tokens


def closed(source: Mention, cue: Token) -> Mention:
    """`source` with the comma or dash that closes it before its cue, when it opened with
    one ("Ann Ruiz, a ferry pilot from Alder, said"; "Ruiz, who flew in, said")."""
    doc = cue.doc
    last = source.tokens[-1]
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is None or after.text not in CLOSERS or after.i >= cue.i:
        return source
    if not any(t.text in CLOSERS for t in doc[source.tokens[0].i : last.i]):
        return source
    return Mention((*source.tokens, after), source.head, source.resolved)


CLOSERS = frozenset({",", "—", "–", "-", "--"})


def _unclosed(first: Token, last: Token) -> bool:
    text = text_of(first.doc)[first.idx : last.idx + len(last.text)]
    return text.count("(") > text.count(")")


def _resolve(head: Token) -> Span | None:
    lower = head.lower_
    doc = head.doc
    if lower in PERSONAL:
        # never someone named in the pronoun's own clause ("he visited Epstein")
        in_clause = {t.lower_ for t in head.head.subtree if t.pos_ == "PROPN"}
        if head.dep_ in {"nsubj", "nsubjpass"}:  # "He said": most often the last person
            found = _last_named_subject(head, in_clause)  # who was a subject, not the last one
            if found is not None:  # mentioned ("Andrew met Epstein. He said …")
                return found
        gender = _PRONOUN_GENDER[lower]
        return _nearest(doc, head, lambda e: e.label_ == "PERSON"
                        and e[-1].lower_ not in in_clause and _gender(e.root) in {None, gender})
    if lower in PLURAL:
        return _nearest_plural(doc, head)
    if lower in RELATIVE:
        return None
    if head.pos_ == "NOUN":
        # "the official" for "Ana Ruiz", named just before; a lede's "a transit chief says"
        return definite_reference(head) or delayed_identification(head)  # named next
    own = entity_of(head)
    if head.pos_ == "PROPN" and (own is None or len(own) == 1) and head.ent_type_ in {
        "PERSON", "", "ORG", "GPE", "NORP"
    }:  # a surname alone ("Keel") stands for the full name used earlier ("Marta Keel")
        return _nearest(doc, head, lambda e: e.label_ == "PERSON" and len(e) > 1
                        and e[-1].lower_ == head.lower_) or _earlier_full_name(head)
    return None


def _last_named_subject(pronoun: Token, own: set[str]) -> Span | None:
    """The last person named as a subject in the sentences before `pronoun`: a person
    entity, or a name the entity recogniser missed (a proper noun, in no other entity)."""
    doc = pronoun.doc
    floor = sentences_back(pronoun, _BACK)
    here = sentence(pronoun).start
    for subject in reversed(doc[floor : _before_parenthetical(pronoun)]):
        if subject.head.i == pronoun.head.i or not (
                subject.dep_ in {"nsubj", "nsubjpass"}
                or (subject.dep_ == "poss" and subject.i >= here)):  # "X's role, and
            continue  # whether he …": a possessor in the same sentence
        token = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                     subject)  # "Her deputy, Lena Dahl, …"
        if token.pos_ != "PROPN" or \
                token.lower_ in own or token.ent_type_ not in {"", "PERSON"}:
            continue
        if _gender(token) not in {None, _PRONOUN_GENDER[pronoun.lower_]}:
            continue  # "His mother, Queen Elizabeth, …" is no "he"
        entity = entity_of(token)
        if entity is not None:
            return entity[:-1] if len(entity) > 1 and entity[-1].dep_ == "case" else entity
        first = token
        while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and \
                doc[first.i - 1].head.i == token.i and doc[first.i - 1].ent_type_ == "":
            first = doc[first.i - 1]
        return doc[first.i : token.i + 1]
    return None


_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_TITLES = {
    "f": frozenset({"ms", "mrs", "miss", "queen", "princess", "mother", "wife", "daughter",
                    "sister", "woman", "lady", "duchess", "grandmother", "aunt", "niece",
                    "chairwoman", "spokeswoman", "congresswoman", "actress", "dame"}),
    "m": frozenset({"mr", "king", "prince", "father", "husband", "son", "brother", "man",
                    "duke", "grandfather", "uncle", "nephew", "chairman", "spokesman",
                    "congressman", "actor", "sir", "lord"}),
}


def _gender(name: Token) -> str | None:
    """A person's gender as the article marks it next to the name ("Ms. Keel", "Queen
    Elizabeth", "his mother, Ana Ruiz"), else None."""
    doc = name.doc
    near = [t.lower_.rstrip(".") for t in doc[max(0, name.left_edge.i - 2) : name.i]]
    if name.dep_ == "appos":
        near.append(name.head.lower_)
    near.extend(c.lower_ for c in name.children if c.dep_ == "appos")
    for gender, titles in _TITLES.items():
        if any(word in titles for word in near):
            return gender
    return None


PUBLISHED = frozenset({"data", "datum", "figure", "statistic", "number", "estimate", "poll",
                       "survey", "study", "analysis", "ranking", "index", "forecast",
                       "count", "census", "tally"})


def _publisher(head: Token) -> Token | None:
    """The named body that published data or a study the article cites by it."""
    if head.lemma_.lower() not in PUBLISHED:
        return None
    return next((g for c in head.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}
                 for g in c.children if g.dep_ == "pobj" and (
                     g.pos_ == "PROPN" or g.ent_type_ in {"ORG", "GPE"})), None)


MEMBERS = frozenset({"one", "two", "three", "four", "five", "each", "either", "neither",
                     "both"})


COUNTS = frozenset({"dozen", "half-dozen", "handful", "couple", "number", "score"})


def _member_of(head: Token) -> Mention | None:
    """The group a "one of them" or "two of the officials" is drawn from."""
    if head.lower_ not in MEMBERS and head.lemma_.lower() not in COUNTS and not head.like_num:
        return None  # "one of them", "a handful of aides", "15 of the officials"
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return mention(list(group.subtree), group) if group is not None else None


def _earlier_full_name(head: Token) -> Span | None:
    """ "Ana Ruiz … Ruiz said": the same proper noun used earlier with a first name, when
    the entity recogniser did not mark it as a person."""
    doc = head.doc
    for other in reversed(doc[max(0, head.i - 400) : head.i]):
        if other.text == head.text and other.pos_ == "PROPN" and any(
            c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == other.i - 1
            for c in other.children
        ):
            return doc[other.left_edge.i if other.left_edge.pos_ == "PROPN" else other.i - 1
                       : other.i + 1]
    return None


def relative(pronoun: Token) -> Mention | None:
    """A relative pronoun ("who") as a mention: the pronoun is its word, the noun its clause
    describes is its head (what it is classified by), resolved to that noun's fullest name."""
    clause = pronoun.head
    noun = clause.head
    if clause.dep_ != "relcl" or noun.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    end = noun.i + 1  # with an appositive before the clause ("Ann Ruiz, a pilot, who …")
    for child in noun.rights:
        if child.dep_ == "appos" and child.i < clause.i:
            end = max(end, min(child.right_edge.i, clause.left_edge.i - 1) + 1)
    while end - 1 > noun.i and noun.doc[end - 1].is_punct and noun.doc[end - 1].text != ")":
        end -= 1
    return Mention((pronoun,), noun, _resolve(noun) or noun.doc[noun.left_edge.i : end])


def _nearest(doc: Doc, token: Token, fits: object) -> Span | None:
    first_sentence = sentence(token).start
    sentences = 0
    for entity in reversed(entities_between(doc, 0, token.i)):
        if entity.end > token.i:
            continue
        if entity.start < first_sentence:
            sentences += 1
            first_sentence = sentence(entity[0]).start
            if sentences > _BACK:
                return None
        if fits(entity):  # type: ignore[operator]
            return entity
    return None


def _before_parenthetical(pronoun: Token) -> int:
    """Where the search for a pronoun's antecedent starts: before its own sentence when it
    speaks in a parenthetical ("Rebel gains, they said, forced the talks"): what comes
    before it there is what it says, not who says it."""
    if pronoun.dep_ == "nsubj" and pronoun.head.dep_ == "parataxis":
        return sentence(pronoun).start
    return pronoun.i


def _nearest_plural(doc: Doc, token: Token) -> Span | None:
    """The nearest earlier plural subject or organisation a "they" can stand for."""
    floor = sentences_back(token, _BACK)
    for other in reversed(doc[floor : _before_parenthetical(token)]):
        if other.dep_ in {"nsubj", "nsubjpass"} and other.pos_ != "PRON" and (
            other.tag_ in {"NNS", "NNPS"} or other.ent_type_ in {"ORG", "NORP"}
        ):
            return doc[other.left_edge.i : other.i + 1]
    return None


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
    member_of = _member_of(head)
    if member_of is not None:  # "one of them", "two of the officials": as the group is
        kind = classify(member_of)
        return kind if kind is not SourceType.VAGUE else SourceType.ANONYMOUS
    if lower in LOOSE_PRONOUNS and any(c.dep_ in {"prep", "relcl", "acl", "amod"}
                                       for c in head.children):
        return SourceType.VAGUE  # "those in favour of punishment", "many who attended"
    if lower in PERSONAL or lower in PLURAL or lower in FIRST_SECOND or head.pos_ == "PRON":
        resolved = source.resolved
        if resolved is None:
            return SourceType.PRONOUN
        kind = classify(Mention(tuple(resolved), resolved.root))
        # "they" stands for a group only as surely as its antecedent was found: a loose
        # collective behind a pronoun is not flagged on a guess
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
    if _names_a_person(head, tokens):
        return SourceType.NAMED
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
        c.dep_ in {"nummod", "amod", "acl", "relcl"} or c.lower_ in QUANTIFIERS
        or c.lower_ in {"the", "these", "those"} for c in head.children
    )):
        return SourceType.ANONYMOUS  # "a person who attended", "three people", "the people"
    if lemma in words("role_heads"):
        return _by_role(head)
    plural = head.tag_ in {"NNS", "NNPS"}
    if head.pos_ == "NOUN" and not plural and lemma not in ORGANISATION_NOUNS and any(
        c.dep_ == "det" and c.lower_ in {"a", "an", "one", "another"} for c in head.children
    ) and _a_person_noun(lemma):
        return SourceType.ANONYMOUS  # "a doctor at the scene told …": someone unnamed
    if head.ent_type_ == "NORP" and plural:
        definite = any(c.lower_ == "the" for c in head.children)
        return SourceType.ORGANIZATION if definite else SourceType.VAGUE
    if lemma in words("vague_heads") or (
        plural and any(t.lower_ in QUANTIFIERS for t in head.children)
    ):
        if not plural and any(c.lower_ in {"a", "an", "one", "another"} for c in head.children):
            return SourceType.ANONYMOUS  # "one trade expert said": a person, unnamed
        return SourceType.VAGUE
    if head.ent_type_ in {"ORG", "GPE", "NORP", "FAC"} or head.pos_ == "PROPN" or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children
    ):  # "The losing bidder, Nordvik Ferries": the body the description names
        return SourceType.ORGANIZATION
    if lemma in ORGANISATION_NOUNS:
        return SourceType.ORGANIZATION
    return SourceType.UNKNOWN


PERSON_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian", "ee", "man", "woman", "person",
                  "ier", "eer")


def _a_person_noun(lemma: str) -> bool:
    """Whether a common noun can name a person ("a nurse", "a former adviser", "a lawyer"),
    unlike "a look at the figures suggests" or "a fact is dismissed": by the word lists of
    people, else by a person noun's ending (not "-ment": "an agreement")."""
    return lemma in words("person_nouns") or lemma in words("anonymous_heads") or (
        lemma in words("role_heads")) or lemma in words("vague_heads") or (
        lemma in words("response_roles")) or (
        lemma.endswith(PERSON_ENDINGS) and not lemma.endswith("ment"))


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


ORGANISATION_NOUNS = frozenset({"campaign", "government", "administration", "ministry",
                                "department", "company", "agency", "embassy", "office",
                                "committee", "court", "party", "firm", "board", "council"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three",
                        "four", "five", "many", "other", "few"})


def _names_a_person(head: Token, tokens: tuple[Token, ...]) -> bool:
    """The mention is a named person, or names the people it stands for ("X, including Y")."""
    if head.ent_type_ == "PERSON":
        return True
    return (head.pos_ == "PROPN" and any(t.ent_type_ == "PERSON" for t in tokens)) or any(
        c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children
    ) or any(
        c.dep_ == "prep" and c.lower_ in {"including", "like", "such"}
        and any(t.ent_type_ == "PERSON" for t in c.subtree) for c in head.children
    )


def outlet_journalist(head: Token) -> bool:
    """A person named as an outlet's: "CNN's Dana Bash", "The Ledger's Ana Ruiz", "one of
    them, the Ledger's Ana Ruiz"."""
    people = [head, *(c for c in head.children if c.dep_ == "appos")]
    return any(p.pos_ == "PROPN" and (p.ent_type_ == "PERSON" or p.i != head.i) and any(
        c.dep_ == "poss" and c.ent_type_ != "PERSON"
        and _is_outlet(c, tuple(c.subtree), _lemma(c)) for c in p.children) for p in people)


def _has_author(tokens: tuple[Token, ...]) -> bool:
    return any(t.ent_type_ in {"ORG", "GPE", "NORP", "PERSON", "DATE", "WORK_OF_ART", "LAW"}
               or t.pos_ == "PROPN" for t in tokens)


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
        (c.dep_ in {"amod", "compound"} and c.lemma_.lower() in OFFICIAL_KINDS)
        or (c.dep_ == "acl" and c.lemma_.lower() in {"prepare", "commission", "write",
                                                      "compile", "draft", "submit"})
        for c in head.children)
