"""Which words cue an attribution: a logistic regression over each word's place in the parse.

The word lists name the common verbs of saying and thinking; news attributes with many
more words ("endorsed", "called for", "declined", "referring to", "seemed", "support
for"), and whether a word cues depends on its use ("show" of records, not of a TV show).
This model scores one token by its lemma, part of speech, dependency, head, children
(a clausal complement, an object, "to"/"for"/"about" after it), its subject and whether
a quotation is near, and says whether it is the head word of a cue.

The weights are ours: `data/cue_model.json`, learned from PolNeAR's `train` split by
`bench/train_cues.py` (which regenerates the file; dev is never read). They are numbers
only, no text of the corpus. Inference is plain Python over the parse.
"""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import repeat
from pathlib import Path

from spacy.tokens import Doc, Token

from bot.analyzers.rules.checkworthy import Model
from bot.analyzers.rules.checkworthy import model as load_model
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import (
    QUOTE_MARKS,
    inside_quotation,
    paragraph_start,
    sentence,
    text_of,
)

MODEL = Path(__file__).resolve().parent / "data" / "cue_model.json"
EXTENSIONS = Path(__file__).resolve().parent / "data" / "cue_extensions.json"

CANDIDATES = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "ADV", "PUNCT", "SCONJ"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
LINKS = frozenset({"prep", "prt", "agent", "dative"})
OBJECT_REACH = 4  # tokens from a verb to the noun it does its saying with
VEHICLE_LINKS = frozenset({"of", "for", "on", "about", "to", "with", "against", "that"})


def candidate(token: Token) -> bool:
    """Whether `token` may head a cue at all (a content word, a preposition or a colon)."""
    if token.pos_ == "PUNCT":
        return token.text == ":"
    return token.pos_ in CANDIDATES and token.is_alpha


def features(token: Token) -> list[str]:
    """The named (binary) features of `token` as a possible cue head."""
    lemma = token.lemma_.lower()
    head = token.head
    dep = token.dep_
    out = ["bias", f"l:{lemma}", f"p:{token.pos_}", f"t:{token.tag_}", f"d:{dep}",
           f"lp:{lemma}|{token.pos_}", f"ld:{lemma}|{dep}", f"hd:{dep}|{head.pos_}",
           f"hl:{head.lemma_.lower()}|{dep}", f"lt:{lemma}|{token.tag_}"]
    if lemma in words("speech_verbs"):
        out.append(f"speech|{token.pos_}")
    if lemma in words("cognition_verbs"):
        out.append(f"thought|{token.pos_}")
    subject: Token | None = None
    for child in token.children:
        out.append(f"c:{child.dep_}")
        out.append(f"lc:{lemma}|{child.dep_}")
        if child.dep_ in LINKS:
            out.append(f"cw:{child.dep_}|{child.lower_}")
            out.append(f"lcw:{lemma}|{child.lower_}")
        if child.dep_ in SUBJECTS:
            subject = child
    if subject is not None:
        kind = subject.ent_type_ or subject.pos_
        out.append(f"s:{kind}")
        out.append(f"ls:{lemma}|{kind}")
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    out.append(f"v:{before}")
    out.append(f"n:{after}")
    out.append(f"ln:{lemma}|{after}")
    if _quoted(token):
        out.append("quote")
        out.append(f"lq:{lemma}")
    text = text_of(doc)
    if inside_quotation(text, paragraph_start(text, token.idx), token.idx):
        out.append("inside")
    return out


def _quoted(token: Token) -> bool:
    """Whether the sentence holding `token` has a quotation mark (found once per sentence)."""
    clause = sentence(token)
    known: dict[int, bool] = token.doc.user_data.setdefault(_QUOTED_SENTENCES, {})
    found = known.get(clause.start)
    if found is None:
        known[clause.start] = found = any(t.text in QUOTE_MARKS for t in clause)
    return found


_QUOTED_SENTENCES = "factdesk.quoted_sentences"


@cache
def model(path: Path = MODEL) -> Model:
    return load_model(path)


def probability(token: Token) -> float:
    """How likely `token` heads a cue, 0 to 1."""
    shipped = model()
    total = shipped.bias + sum(map(shipped.weights.get, features(token), repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def cue_heads(doc: Doc, threshold: float) -> list[Token]:
    """The tokens the model scores at or above `threshold`, in text order."""
    return [t for t in doc if candidate(t) and probability(t) >= threshold]


@cache
def extensions(path: Path = EXTENSIONS) -> dict[str, str]:
    """ "lemma|word" → "word" (the cue takes in the word after it: "referring to"),
    "lemma|word|noun" → "whole" (and its phrase: "said in a statement"), and
    "lemma|dobj|noun" or "dobj|noun" → "object" (the noun a verb says something with:
    "issued a statement"), learned with the weights."""
    data: dict[str, str] = json.loads(path.read_text("utf-8"))
    return data


def extension(head: Token) -> Token | None:
    """The last token of the phrase after `head` that its cue takes in, if any."""
    table = extensions()
    lemma = head.lemma_.lower()
    for child in head.rights:
        if child.dep_ not in LINKS or child.i > head.i + 3:
            continue
        if any(t.is_punct for t in head.doc[head.i + 1 : child.i]):
            return None
        key = f"{lemma}|{child.lower_}"
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is not None and table.get(f"{key}|{pobj.lemma_.lower()}") == "whole":
            return _phrase_end(child)
        if table.get(key) == "word":
            return child
        return None
    return None


CLAUSES = frozenset({"acl", "relcl", "ccomp", "advcl"})


def _phrase_end(prep: Token) -> Token:
    """The last word of a prepositional phrase without a clause hung on it ("in a statement
    that the ferry would run": the parser gave the reported clause to "statement")."""
    clause = {t.i for c in prep.subtree if c.dep_ in CLAUSES for t in c.subtree}
    return max((t for t in prep.subtree if t.i not in clause and not t.is_punct),
               key=lambda t: t.i)


def vehicle(verb: Token) -> Token | None:
    """ "issued a statement saying C", "expressed concern that C", "made the case for C":
    the last word of the cue when `verb` says C with its object noun (one the train cues
    take in, "object" in the extensions): the noun, or the word after it that opens C (a
    participle, "of", "for", "about", "that")."""
    if verb.pos_ != "VERB":
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.i <= verb.i + OBJECT_REACH),
               None)
    if obj is None or obj.pos_ != "NOUN":
        return None
    table = extensions()
    noun = obj.lemma_.lower()
    known = table.get(f"{verb.lemma_.lower()}|dobj|{noun}", table.get(f"dobj|{noun}"))
    if known != "object" or any(t.is_punct for t in verb.doc[verb.i + 1 : obj.i]):
        return None
    opener = next((c for c in obj.rights if c.i == obj.i + 1 and (
        (c.dep_ == "prep" and c.lower_ in VEHICLE_LINKS) or (c.dep_ == "acl" and c.tag_ == "VBG")
    )), None)
    return opener or obj
