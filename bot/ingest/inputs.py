"""What the user gave, understood without any network I/O: a link, or pasted text.

A chat message is messy: Slack wraps links as `<https://…|label>` (and escapes `&` as
`&amp;` inside them), Discord users write `<https://…>` to stop the embed, and people add
"can you check this" around a link. A message that is one link, or mostly one link with a
few words around it, is a LINK; anything else is pasted TEXT. The decision and the cache
identity must be known before fetching, so the service can look in the cache first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InputError
from bot.ingest.canonical import canonical_url
from bot.ingest.pasted import looks_like_html
from bot.models import SourceKind
from bot.textnorm import content_hash

MAX_INPUT_CHARS = 200_000  # pasted text: a long feature is 60k, so this is several
MAX_HTML_CHARS = 2_000_000  # pasted page source: markup and scripts dwarf the article
MAX_WORDS_AROUND_LINK = 12  # "fact-check this for tomorrow's show please: <link>"
BINARY_SHARE = 0.10  # more non-printable characters than this: not text

EMPTY_INPUT = "Paste an article's text or a link to it."
BINARY_INPUT = (
    "That looks like the contents of a file (binary data), not text. "
    "Paste the article's text or a link to it."
)
TOO_LONG_INPUT = (
    f"That text is longer than {MAX_INPUT_CHARS:,} characters, more than one article. "
    "Paste a single article's text or a link to it."
)
TOO_LONG_HTML = (
    f"That page source is longer than {MAX_HTML_CHARS:,} characters. Paste the article's "
    "text or a link to it instead."
)

# Slack: <https://…|label> or <https://…>; Discord: <https://…>.
_WRAPPED = re.compile(r"<((?:https?://|www\.)[^\s<>|]+)(?:\|[^<>]*)?>", re.IGNORECASE)
_BARE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"’”»"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ArticleInput:
    """A user's input: a link (with its canonical form) or pasted text."""

    kind: SourceKind
    raw: str
    url: str | None = None  # the link as given (LINK)
    canonical_url: str | None = None  # LINK: see bot.ingest.canonical
    text: str | None = None  # TEXT: the pasted text

    def cache_identity(self) -> str:
        """The cache key's article part: the canonical URL, or the pasted text's hash.

        For text it is the hash of what was pasted (normalised, see bot.textnorm), known
        without extracting anything; `Article.content_hash` is the hash of the article body.
        """
        if self.kind is SourceKind.LINK:
            assert self.canonical_url is not None
            return self.canonical_url
        assert self.text is not None
        return content_hash(self.text)


def parse_input(raw: str) -> ArticleInput:
    """Decide whether `raw` is a link or pasted text; InputError if it is neither."""
    stripped = raw.strip()
    if not stripped:
        raise InputError(EMPTY_INPUT)
    if looks_binary(raw):
        raise InputError(BINARY_INPUT)
    if len(stripped) > MAX_INPUT_CHARS:
        if not looks_like_html(stripped):
            raise InputError(TOO_LONG_INPUT)
        if len(stripped) > MAX_HTML_CHARS:
            raise InputError(TOO_LONG_HTML)
    link = _lone_link(stripped)
    if link is not None:
        return ArticleInput(
            kind=SourceKind.LINK, raw=raw, url=link, canonical_url=canonical_url(link)
        )
    return ArticleInput(kind=SourceKind.TEXT, raw=raw, text=stripped)


def looks_binary(raw: str) -> bool:
    """NUL bytes, or many characters that are neither printable nor white space."""
    if "\x00" in raw:
        return True
    odd = sum(1 for ch in raw if ch == "\ufffd" or not (ch.isprintable() or ch.isspace()))
    return odd > BINARY_SHARE * len(raw)


def _lone_link(message: str) -> str | None:
    """The link when the message is one link with at most a few words around it."""
    wrapped = [m.group(1).replace("&amp;", "&") for m in _WRAPPED.finditer(message)]
    rest = _WRAPPED.sub(" ", message)
    bare = [_trim(m.group(0)) for m in _BARE.finditer(rest)]
    rest = _BARE.sub(" ", rest)
    links = wrapped + bare
    if len(set(links)) != 1:
        return None
    if len(_WORD.findall(rest)) > MAX_WORDS_AROUND_LINK or "\n\n" in message.strip():
        return None
    link = links[0]
    if link.lower().startswith("www."):
        link = "https://" + link
    return link


def _trim(url: str) -> str:
    """Drop sentence punctuation stuck to a link, and a ")" that closes no "(" in it."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url
