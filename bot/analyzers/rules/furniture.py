"""Page furniture: the lines of a news page that are not what the article reports.

Datelines and wire tags ("HAYWARD, Calif. (AP) — ", "LONDON (Reuters) - "), bylines ("By
Jane Doe"), "The Latest: …", "SOURCE: …", promotional lines ("Also on …", "Read more",
"Sign up"; `data/boilerplate_starts.txt`) and the headline repeated. The summary leaves them
out, and so do the claims made in the article's own voice.
"""

from __future__ import annotations

import re

from bot.analyzers.rules.lexicon import phrases

WIRES = r"AP|Reuters|AFP|UPI|CNN|Bloomberg|dpa|Xinhua|CNS|PA|ANI|IANS|KCNA|Yonhap|EFE"
# "HAYWARD, Calif. (AP) — ", "LONDON (Reuters) - ", "(AP) — ", "WASHINGTON — "
WIRE_TAG = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)?\s*)?"
    rf"\((?:{WIRES})\)\s*[—–-]+\s*"
    r"|^\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)?\s*[—–]\s*",
)
WIRE_INSIDE = re.compile(rf"\((?:{WIRES})\)\s*[—–-]+\s*")
BYLINE_JOINS = frozenset({"and", "&", ",", "|", "de", "van", "von", "der", "al"})
TIMES_LOCAL = re.compile(r"\(all times \w+\)", re.IGNORECASE)


def lead_cut(text: str) -> int:
    """How many characters at the start of `text` are a dateline or wire tag (0 if none);
    a wire tag further in ends a headline or dateline run into the sentence: all of it."""
    inside = WIRE_INSIDE.search(text)
    if inside is not None:
        return inside.end()
    found = WIRE_TAG.match(text)
    return found.end() if found is not None else 0


def is_furniture(text: str, title: str | None = None) -> bool:
    """A byline, a promotional or source line, "The Latest", or the headline again."""
    text = " ".join(text.split())
    text = text[lead_cut(text) :]
    lower = text.lower()
    if not lower or _byline(text) or TIMES_LOCAL.search(text):
        return True
    for start in phrases("boilerplate_starts"):
        opening = " ".join(start)
        if lower.startswith(opening) and not lower[len(opening) : len(opening) + 1].isalnum():
            return True
    return title is not None and _same(text, title)


def _byline(text: str) -> bool:
    """"By" and names only: "By Jane Doe and Omar Ali, Associated Press"."""
    words = text.replace(",", " , ").replace("|", " | ").split()
    return (2 <= len(words) <= 16 and words[0] == "By"
            and all(w[:1].isupper() or w in BYLINE_JOINS for w in words[1:]))


def _same(text: str, title: str) -> bool:
    """The headline repeated: the same words (case and punctuation aside), or the headline
    followed by no more than a site name."""
    mine, theirs = _words(text), _words(title)
    return bool(theirs) and (mine == theirs or (mine[: len(theirs)] == theirs
                                                and len(mine) - len(theirs) <= 3))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())
