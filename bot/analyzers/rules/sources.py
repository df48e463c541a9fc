"""Who a source is: the mention a pronoun stands for (what kind of source it is:
`source_kinds`).

A pronoun ("he", "they") or relative ("who") is resolved to the nearest fitting mention
earlier in the article; one that cannot be resolved stays a `pronoun`, never `named`. A
person known by a surname later in the article is given the full name first used.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analyzers.rules.people_nouns import a_person_noun
from bot.analyzers.rules.references import definite_reference, delayed_identification
from bot.analyzers.rules.spans import (
    entities_between,
    entity_of,
    sentence,
    sentences_back,
    text_of,
)

PERSONAL = frozenset({"he", "she", "him", "her"})
PLURAL = frozenset({"they", "them"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
FIRST_SECOND = frozenset({"i", "we", "you", "me", "us"})
QUANTIFIERS = frozenset({"some", "many", "several", "other", "others", "most", "few",
                         "numerous", "various", "certain", "those", "these", "all", "multiple",
                         "countless"})
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
    kept = [t for t in ordered if not (t.is_punct and t.i != head.i)] or [head]
    while len(kept) > 1 and kept[0].i != head.i and kept[0].lower_ in FOCUS:
        kept.pop(0)  # "even critics", "only 50 percent": the source is who is named
    when = _leading_time(kept, head)
    if when:
        kept = kept[when:]  # "Last month board member Ana Ruiz": the parser took the time in
    if len(kept) > 1 and _pseudo_cleft(kept[0], head):
        kept.pop(0)  # "All the report shows is that…": the source is "the report"
    closing = next((t for t in ordered if t.i > kept[-1].i and t.text == ")"), None)
    if closing is not None and _unclosed(kept[0], kept[-1]):
        kept.append(closing)
    return Mention(tuple(kept), head, _resolve(head))


FOCUS = frozenset({"even", "only", "also", "just", "especially", "particularly"})
TIMES = frozenset({"DATE", "TIME"})
DASHES = frozenset({"—", "–", "--", "-"})


def _leading_time(tokens: list[Token], head: Token) -> int:
    """How many tokens at the start of a speaker's words are a time phrase with no number
    ("Last month", "Earlier this week"), not "2016 nominee" (a year that says who)."""
    count = 0
    while count < len(tokens) - 1 and tokens[count].i != head.i and \
            tokens[count].ent_type_ in TIMES:
        count += 1
    if count == 0 or head.ent_type_ in TIMES or any(t.like_num for t in tokens[:count]):
        return 0
    return count


def _pseudo_cleft(first: Token, head: Token) -> bool:
    """ "All the report shows is that…": the parser reads "All the report" as the subject
    of "shows"; a predeterminer "all" before a verb that a form of "be" follows at once is
    the cleft's "all (that)", not part of who speaks ("All the officials said" keeps it)."""
    verb = head.head
    after = verb.i + 1
    return (first.dep_ == "predet" and first.lower_ == "all" and head.dep_ == "nsubj"
            and after < len(verb.doc) and verb.doc[after].lemma_ == "be"
            and verb.doc[after].head.i == verb.i)


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
        if token.pos_ != "PROPN" or token.lower_ in own or (
                token.ent_type_ not in {"", "PERSON"} and not (
                    token is not subject and subject.pos_ == "NOUN"
                    and a_person_noun(subject.lemma_.lower()))):
            continue  # (a name beside a person noun is a person's, whatever the tagger
            # made of it: "His lawyer, Ines Varga")
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
    noun = clause.head if clause.dep_ == "relcl" else cleft_focus(clause)
    if noun is None or noun.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    end = noun.i + 1  # with an appositive before the clause ("Ann Ruiz, a pilot, who …")
    for child in noun.rights:
        if child.dep_ == "appos" and child.i < clause.i:
            end = max(end, min(child.right_edge.i, clause.left_edge.i - 1) + 1)
    while end - 1 > noun.i and noun.doc[end - 1].is_punct and noun.doc[end - 1].text != ")":
        end -= 1
    return Mention((pronoun,), noun, _resolve(noun) or noun.doc[noun.left_edge.i : end])


def cleft_focus(clause: Token) -> Token | None:
    """The focus of a cleft, "It was the mayor who claimed C", whose "who" clause `clause`
    is: the parser hangs it from "the mayor" or, as a complement, from "was"."""
    if clause.dep_ == "relcl" and clause.head.dep_ == "attr":
        focus: Token | None = clause.head
    elif clause.dep_ == "ccomp":
        focus = next((c for c in clause.head.children if c.dep_ == "attr" and c.i < clause.i),
                     None)
    else:
        return None
    if focus is None or focus.head.lemma_ != "be" or not any(
            c.dep_ == "nsubj" and c.lower_ == "it" for c in focus.head.children):
        return None
    return focus


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
