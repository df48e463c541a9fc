"""An `ArticleInput` to an `Article`: pasted text directly, a link through the safe fetcher.

For a link, `Article.canonical_url` is the input's canonical URL (the cache key, known
before fetching) and `Article.final_url` is where the redirects ended. A page's own
`<link rel=canonical>` is only logged: trusting it would let a page choose its cache key.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from bot.errors import EmptyArticleError, UnsupportedContentError
from bot.ingest.body import decode_text
from bot.ingest.extract import DEFAULT_OPTIONS, ExtractionOptions, extract_html_async
from bot.ingest.fetch import FetchedPage, fetch_page
from bot.ingest.inputs import ArticleInput, looks_binary
from bot.ingest.pasted import article_from_text, clean_text, has_enough_words, split_date_line
from bot.models import Article, SourceKind
from bot.settings import Settings
from bot.textnorm import content_hash

logger = logging.getLogger(__name__)

NO_ARTICLE_TEXT = (
    "No article text found at that link (paywall or a page built by scripts?). "
    "Paste the article's text instead."
)
BINARY_PAGE = (
    "That link serves a file (binary data), not a web page, whatever the site calls it; "
    "factdesk reads web pages and plain text. Paste the article's text instead."
)
#: How much of a page's text is looked at to tell binary data from text.
BINARY_SAMPLE_CHARS = 64 * 1024


async def load_article(
    inp: ArticleInput, settings: Settings, *, extraction: ExtractionOptions = DEFAULT_OPTIONS
) -> Article:
    """The article the user gave: pasted text as is, a link fetched and extracted.

    `extraction` is for the benchmark, which compares trafilatura's options through this
    same path; everyone else uses the default.
    """
    if inp.kind is SourceKind.TEXT:
        assert inp.text is not None
        return await article_from_text(inp.text, extraction)
    assert inp.url is not None
    page = await fetch_page(inp.url, settings)
    return await article_from_page(inp, page, extraction)


async def article_from_page(
    inp: ArticleInput, page: FetchedPage, extraction: ExtractionOptions = DEFAULT_OPTIONS
) -> Article:
    """Main text and metadata of a fetched page; EmptyArticleError when it has none.

    A body that is binary data is refused, and an empty one has no article, before the
    HTML extractor sees either (it would log its own errors about them).
    """
    decoded = decode_text(page.body, page.charset, page.is_html)
    if looks_binary(decoded[:BINARY_SAMPLE_CHARS]):
        raise UnsupportedContentError(BINARY_PAGE)
    if not decoded.strip():
        raise EmptyArticleError(NO_ARTICLE_TEXT)
    title = author = date = site = None
    if page.is_html:
        extracted = await extract_html_async(decoded, page.final_url, extraction)
        text = extracted.text
        title, author, date, site = (
            extracted.title, extracted.author, extracted.date, extracted.site
        )
        if extracted.page_url and extracted.page_url != page.final_url:
            logger.debug("page %s names itself %s", page.final_url, extracted.page_url)
    else:
        text = decoded
    line_date, text = split_date_line(clean_text(text))
    text = text.strip()
    if not has_enough_words(text):
        raise EmptyArticleError(NO_ARTICLE_TEXT)
    return Article(
        text=text,
        kind=SourceKind.LINK,
        url=inp.url,
        canonical_url=inp.canonical_url,
        final_url=page.final_url,
        title=title,
        author=author,
        date=date or line_date,
        site=site or urlsplit(page.final_url).hostname,
        content_hash=content_hash(text),
    )
