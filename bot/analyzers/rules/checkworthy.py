"""Check-worthiness: how much a sentence reads as a checkable statement of fact, 0 to 1.

A logistic regression over features read off spaCy's parse of the sentence: the kinds of
named entities and numbers it holds, tense and modality, who the subject is (first or
second person), words of opinion and feeling, comparatives and records, causes, negation,
question or command form, length, and its lemmas. Facts (numbers, events, records, causal
and comparative assertions, named actors) score high; opinion, prediction and rhetoric
score low.

The weights are ours: `data/checkworthy_model.json`, learned from the ClaimBuster
debate sentences (`train.json` only) by `bench/train_checkworthy.py`, which regenerates
the file; `factdesk eval checkworthy --split test` measures it. Inference here is plain
Python: no model is downloaded and nothing but the parse is needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.spans import entities_between

MODEL = Path(__file__).resolve().parent / "data" / "checkworthy_model.json"

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "DATE", "TIME", "MONEY",
                 "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "EVENT", "LAW", "PRODUCT",
                 "WORK_OF_ART", "LANGUAGE")
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
UNITS = frozenset({"percent", "%", "$", "million", "billion", "trillion", "thousand",
                   "hundred", "dollar", "dollars", "times", "half", "third", "quarter"})
RECORDS = frozenset({"record", "first", "last", "ever", "never", "only", "since", "highest",
                     "lowest", "largest", "biggest", "smallest", "fastest", "most", "least"})
CHANGE = frozenset({"increase", "decrease", "rise", "fall", "grow", "drop", "cut", "raise",
                    "double", "triple", "lose", "gain", "create", "add", "reduce", "spend",
                    "cost", "pay", "vote", "pass", "sign", "veto", "support", "oppose"})
CAUSES = frozenset({"because", "cause", "due", "result", "lead", "therefore", "thanks"})
OBLIGATION = frozenset({"should", "must", "ought", "need", "have"})
POSSIBILITY = frozenset({"can", "could", "may", "might"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})
DISCOURSE = frozenset({"well", "yes", "no", "thank", "thanks", "okay", "ok", "oh", "look",
                       "now", "so", "and", "but", "let"})


@dataclass(frozen=True)
class Model:
    """A logistic regression: bias plus the weights of named features."""

    bias: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        total = self.bias + sum(self.weights.get(name, 0.0) * value
                                for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


@cache
def model(path: Path = MODEL) -> Model:
    """The shipped weights (read once)."""
    data = json.loads(path.read_text("utf-8"))
    return Model(bias=float(data["bias"]),
                 weights={str(k): float(v) for k, v in data["weights"].items()})


def score(sentence: Span) -> float:
    """How check-worthy `sentence` is, 0 to 1 (two decimals)."""
    return round(model().probability(features(sentence)), 2)


def features(sentence: Span) -> dict[str, float]:
    """The named features of one sentence (absent means 0)."""
    words_of = _content(sentence)
    tokens = [t for t in words_of if not t.is_punct and not t.is_space]
    out: dict[str, float] = {}
    if not tokens:
        return {"len:empty": 1.0}
    if len(words_of) < len(sentence):
        out["reported"] = 1.0
    lowers = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    count = len(tokens)
    out["len:log"] = math.log(1 + count) / math.log(50)
    if count < 6:
        out["len:short"] = 1.0
    if count > 30:
        out["len:long"] = 1.0
    kept = {t.i for t in tokens}
    for ent in entities_between(sentence.doc, sentence.start, sentence.end):
        if ent.label_ in ENTITY_LABELS and ent.start in kept:
            out[f"ent:{ent.label_}"] = 1.0
    digits = [t for t in tokens if any(c.isdigit() for c in t.text)]
    if digits:
        out["num:digit"] = 1.0
    if any(t.like_num for t in tokens):
        out["num:word"] = 1.0
    if any(w in UNITS for w in lowers):
        out["num:unit"] = 1.0
    _verbs(tokens, out)
    _persons(tokens, out)
    evaluative = sum(1 for lemma in lemmas if lemma in words("evaluative_words"))
    if evaluative:
        out["opinion"] = min(3, evaluative) / 3
    if any(t.lemma_.lower() in words("cognition_verbs") and t.pos_ == "VERB"
           and any(c.dep_ == "nsubj" and c.lower_ in FIRST_SINGULAR | FIRST_PLURAL | SECOND
                   for c in t.children) for t in tokens):
        out["opinion:i_think"] = 1.0
    if any(t.tag_ in {"JJR", "RBR"} for t in tokens) or "than" in lowers:
        out["comparative"] = 1.0
    if any(t.tag_ in {"JJS", "RBS"} for t in tokens):
        out["superlative"] = 1.0
    if any(w in RECORDS for w in lowers):
        out["record"] = 1.0
    if any(lemma in CHANGE for lemma in lemmas):
        out["change"] = 1.0
    if any(lemma in CAUSES for lemma in lemmas):
        out["cause"] = 1.0
    if any(t.dep_ == "neg" for t in tokens):
        out["negation"] = 1.0
    text = sentence.text.strip()
    if text.endswith("?"):
        out["question"] = 1.0
    if tokens[0].tag_ in {"WDT", "WP", "WP$", "WRB"}:
        out["question:wh_start"] = 1.0
    if lowers[0] in DISCOURSE:
        out[f"start:{lowers[0]}"] = 1.0
    if any(t.pos_ == "INTJ" for t in tokens):
        out["interjection"] = 1.0
    for pos in ("PROPN", "NOUN", "PRON", "ADJ", "ADV", "VERB"):
        out[f"share:{pos}"] = sum(1 for t in tokens if t.pos_ == pos) / count
    for lemma in set(lemmas):
        if lemma.isalpha() or lemma in {"%", "$"}:
            out[f"w:{lemma}"] = 1.0
    return out


def _content(sentence: Span) -> list[Token]:
    """What a reported sentence reports: "X said (that) C" is judged on C alone, since the
    saying is not what a fact-checker checks; any other sentence is judged whole."""
    root = sentence.root
    reporting = words("speech_verbs")
    if root.lemma_.lower() not in reporting or not any(c.dep_ == "ccomp" for c in root.children):
        return list(sentence)
    frame = {root.i}
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass", "aux", "neg", "advmod", "npadvmod", "dobj"}:
            frame.update(t.i for t in child.subtree)
    return [t for t in sentence if t.i not in frame]


def _verbs(verbs: list[Token], out: dict[str, float]) -> None:
    """Tense, aspect, modality and mood of the sentence's words."""
    if any(t.tag_ == "VBD" for t in verbs):
        out["tense:past"] = 1.0
    if any(t.tag_ == "VBN" and any(c.lemma_ == "have" and c.dep_ == "aux" for c in t.children)
           for t in verbs):
        out["tense:perfect"] = 1.0
    if any(t.tag_ in {"VBZ", "VBP"} and t.dep_ == "ROOT" for t in verbs):
        out["tense:present"] = 1.0
    modals = {t.lower_ for t in verbs if t.tag_ == "MD"}
    if modals & FUTURE or any(t.lower_ == "going" and t.nbor(1).lower_ == "to"
                              for t in verbs if t.i + 1 < len(t.doc)):
        out["modal:future"] = 1.0
    if modals & OBLIGATION or any(t.lemma_ == "have" and t.i + 1 < len(t.doc)
                                  and t.nbor(1).lower_ == "to" for t in verbs):
        out["modal:obligation"] = 1.0
    if modals & POSSIBILITY:
        out["modal:possibility"] = 1.0
    if "would" in modals:
        out["modal:would"] = 1.0
    root = next((t for t in verbs if t.dep_ == "ROOT"), None)
    if root is not None and root.tag_ in {"VBD", "VBN"} and any(
            c.dep_ in {"nsubj", "nsubjpass"} and any(t.pos_ == "PROPN" for t in c.subtree)
            for c in root.children):
        out["event:named_past"] = 1.0
    if root is not None and root.tag_ == "VB" and not any(
            c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in root.children):
        out["imperative"] = 1.0


def _persons(tokens: list[Token], out: dict[str, float]) -> None:
    """Who speaks and to whom: first and second person, as subject or anywhere."""
    for token in tokens:
        word = token.lower_
        for name, group in (("i", FIRST_SINGULAR), ("we", FIRST_PLURAL), ("you", SECOND)):
            if word in group:
                out[f"person:{name}"] = 1.0
                if token.dep_ in {"nsubj", "nsubjpass"}:
                    out[f"subject:{name}"] = 1.0
