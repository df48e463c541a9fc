"""Text normalisation for matching quotes against an article, with a map back to offsets.

Normalised: runs of white space become one space; curly and other typographic quote
marks become straight ones; the various dashes become "-". `normalize_with_map` also
returns, for every character of the normalised text, its offset in the original.
"""

from __future__ import annotations

import hashlib
import re

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
}
_TRANSLATION = str.maketrans(_QUOTES)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The normalised form of `text` (see module doc), stripped at both ends."""
    return _SPACE.sub(" ", text.translate(_TRANSLATION)).strip()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise without stripping; `offsets[i]` is where normalised char i came from."""
    out: list[str] = []
    offsets: list[int] = []
    translated = text.translate(_TRANSLATION)
    in_space = False
    for index, char in enumerate(translated):
        if char.isspace():
            if in_space:
                continue
            in_space = True
            out.append(" ")
        else:
            in_space = False
            out.append(char)
        offsets.append(index)
    return "".join(out), offsets


def content_hash(text: str) -> str:
    """sha256 of the normalised text: the identity of pasted text and of an article body."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()
