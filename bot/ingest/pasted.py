"""Pasted text (plain or HTML) to an `Article`, and the rules shared with fetched text.

Copied articles often start with a metadata line, as in the user's own example
(" date 2021-05-08 Israel went to great lengths…"): the date sits on the same line as
the first sentence. That date is metadata (`Article.date`), not article text, and it is
cut off before anything else, because `Article.text` is what every quote offset refers to.

Pasted HTML (someone copied a page's source) is reduced to its main text by trafilatura,
like a fetched page.
"""

from __future__ import annotations

import re
from datetime import date

from trafilatura import html2txt

from bot.errors import InputError
from bot.ingest.extract import DEFAULT_OPTIONS, ExtractionOptions, extract_html_async
from bot.models import Article, SourceKind
from bot.textnorm import content_hash

MIN_WORD_CHARS = 40  # letters and digits in words; less than that is not an article

TOO_SHORT = (
    "That text is too short to be an article. Paste the whole article's text, or a link "
    "to it."
)
EMPTY_HTML = (
    "That HTML has no article text factdesk can find. Paste the article's plain text instead."
)

# An ISO date, optionally introduced by a label and followed by a time, at the very start.
_DATE_LINE = re.compile(
    r"""\A\s*
    (?:(?:date|dated|published|posted|updated)\s*[:\-]?\s*)?
    (?P<date>\d{4}-\d{2}-\d{2})
    (?:[T\s]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?
    [\s|,;\-–—]+""",
    re.IGNORECASE | re.VERBOSE,
)
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|section|div|p|span|br|h[1-6]|ul|li|a)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def split_date_line(text: str) -> tuple[str | None, str]:
    """(ISO date or None, the text without it). Only a real calendar date is taken."""
    found = _DATE_LINE.match(text)
    if found is None:
        return None, text
    try:
        date.fromisoformat(found.group("date"))
    except ValueError:
        return None, text
    return found.group("date"), text[found.end():]


def looks_like_html(text: str) -> bool:
    """Pasted page source: starts with a tag and has a few structural tags in it."""
    return text.lstrip().startswith("<") and len(_HTML_TAG.findall(text[:20_000])) >= 2


def has_enough_words(text: str) -> bool:
    return sum(len(word) for word in _WORD.findall(text)) >= MIN_WORD_CHARS


def clean_text(text: str) -> str:
    """Line endings unified and the ends trimmed; nothing inside the text changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


async def article_from_text(
    pasted: str, extraction: ExtractionOptions = DEFAULT_OPTIONS
) -> Article:
    """The article in pasted text; InputError when it is too short or empty HTML."""
    title = author = site = page_date = None
    text = clean_text(pasted)
    if looks_like_html(text):
        extracted = await extract_html_async(text, None, extraction)
        body = extracted.text or clean_text(html2txt(text))
        if not body:
            raise InputError(EMPTY_HTML)
        title, author, site, page_date = (
            extracted.title, extracted.author, extracted.site, extracted.date
        )
        text = body
    line_date, text = split_date_line(text)
    text = text.strip()
    if not has_enough_words(text):
        raise InputError(TOO_SHORT)
    return Article(
        text=text,
        kind=SourceKind.TEXT,
        title=title,
        author=author,
        date=page_date or line_date,
        site=site,
        content_hash=content_hash(text),
    )
