"""Pasted text and pasted HTML to an Article: the date line, extraction, refusals."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.grounding import Grounder
from bot.ingest import load_article, parse_input
from bot.models import SourceKind
from bot.settings import Settings
from bot.textnorm import content_hash
from tests.conftest import SHARED

STORY = (
    "The regional water board voted on Thursday to close the Lindqvist reservoir for "
    "repairs, a decision residents of three villages had opposed for months.\n\n"
    "“We were never asked,” said Marta Oyelaran, who chairs the Vessby residents’ "
    "association. A board spokesman said the closure would last until spring, according "
    "to a statement seen by the Courier.\n\n"
    "Engineers reportedly found cracks in the spillway last year."
)


async def test_a_leading_date_on_the_first_line_is_metadata_not_text(settings: Settings) -> None:
    article = await load_article(parse_input(" date 2023-11-02 " + STORY), settings)
    assert article.kind is SourceKind.TEXT
    assert article.date == "2023-11-02"
    assert article.text == STORY
    assert article.content_hash == content_hash(STORY)
    assert article.url is None
    assert article.canonical_url is None


@pytest.mark.parametrize(
    "prefix",
    [
        "Published: 2023-11-02\n\n",
        "2023-11-02 — ",
        "Updated 2023-11-02T09:30:00Z\n",
        "DATE 2023-11-02 ",
    ],
)
async def test_date_line_variants(prefix: str, settings: Settings) -> None:
    article = await load_article(parse_input(prefix + STORY), settings)
    assert article.date == "2023-11-02"
    assert article.text == STORY


@pytest.mark.parametrize(
    "text",
    ["2023 was the driest year on record. " + STORY, "2023-13-45 " + STORY, STORY],
)
async def test_text_without_a_real_date_line_is_kept_whole(text: str, settings: Settings) -> None:
    article = await load_article(parse_input(text), settings)
    assert article.date is None
    assert article.text == text


async def test_offsets_refer_to_the_article_text(settings: Settings) -> None:
    article = await load_article(parse_input("date 2023-11-02 " + STORY), settings)
    span = Grounder(article.text).locate("“We were never asked,” said Marta Oyelaran")
    assert span is not None
    assert article.text[span.start:span.end].startswith("“We were never asked")


PASTED_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Reservoir to close for repairs | The Vessby Courier</title>
<meta name="author" content="Ines Halvorsen">
<meta property="article:published_time" content="2023-11-02T08:00:00Z">
<meta property="og:site_name" content="The Vessby Courier">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li></ul></nav>
<article><h1>Reservoir to close for repairs</h1>
{"".join(f"<p>{para}</p>" for para in STORY.split(chr(10) + chr(10)))}
</article>
<footer><p>© 2023 The Vessby Courier. All rights reserved. Cookie settings.</p></footer>
</body></html>"""


async def test_pasted_html_is_reduced_to_its_main_text(settings: Settings) -> None:
    article = await load_article(parse_input(PASTED_PAGE), settings)
    assert article.kind is SourceKind.TEXT
    assert "The regional water board voted on Thursday" in article.text
    assert "Engineers reportedly found cracks in the spillway" in article.text
    for noise in ("Subscribe today", "All rights reserved", "<p>", "Cookie settings"):
        assert noise not in article.text
    assert article.title is not None
    assert "Reservoir to close for repairs" in article.title
    assert article.author == "Ines Halvorsen"
    assert article.date == "2023-11-02"
    assert article.content_hash == content_hash(article.text)


@pytest.mark.parametrize("text", ["Fake news!", "Is this true? Please check.", "a b c d e f g h"])
async def test_text_too_short_for_an_article_is_refused(text: str, settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        await load_article(parse_input(text), settings)
    assert "too short" in caught.value.message


async def test_a_date_alone_is_too_short(settings: Settings) -> None:
    with pytest.raises(InputError):
        await load_article(parse_input("date 2023-11-02 Breaking news."), settings)


async def test_the_users_example_article(settings: Settings) -> None:
    """The project's own example (read from ../shared; skipped when absent)."""
    path = SHARED / "examples" / "soleimani-article.txt"
    if not path.exists():
        pytest.skip("../shared/examples is not present")
    article = await load_article(parse_input(path.read_text(encoding="utf-8")), settings)
    assert article.date == "2021-05-08"
    assert article.text.startswith("Israel went to great lengths")
    assert "date" not in article.text[:20]
    grounder = Grounder(article.text)
    for quote in ("one anonymous CIA official", "Soleimani reportedly switched phones"):
        assert grounder.locate(quote) is not None


async def test_long_pasted_page_source_gives_its_article(settings: Settings) -> None:
    scripts = "<script>" + "window.ads.push({slot: 'top'});" * 10_000 + "</script>"
    source = PASTED_PAGE.replace("</head>", scripts + "</head>")
    assert len(source) > 200_000
    article = await load_article(parse_input(source), settings)
    assert "The regional water board voted on Thursday" in article.text
    assert "window.ads" not in article.text
