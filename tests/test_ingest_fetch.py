"""The link path against a real local HTTP server: pages, redirects, refusals."""

from __future__ import annotations

import gzip
import logging
import random
import zlib

import pytest
from aiohttp import web

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import EmptyArticleError, FetchError, UnsupportedContentError
from bot.ingest import canonical_url, load_article, parse_input
from bot.ingest.load import BINARY_PAGE
from bot.models import SourceKind
from bot.settings import Settings
from bot.textnorm import content_hash
from tests.support.articles import HARBOUR, html_page
from tests.support.cli import factdesk
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import free_port

PARAGRAPHS = [
    "The regional water board voted on Thursday to close the Lindqvist reservoir for "
    "repairs, a decision residents of three villages had opposed for months.",
    "“We were never asked,” said Marta Oyelaran, who chairs the Vessby residents’ "
    "association. She said the board had ignored two petitions signed by 900 people.",
    "A board spokesman said the closure would last until spring, according to a statement "
    "seen by the Courier. Engineers reportedly found cracks in the spillway last year, "
    "though the board has not published their report.",
    "The board’s chair, Tomas Lindgren, declined to comment when reached by phone.",
]

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Reservoir to close for repairs despite protests | The Vessby Courier</title>
<meta name="author" content="Ines Halvorsen">
<meta property="og:title" content="Reservoir to close for repairs despite protests">
<meta property="og:site_name" content="The Vessby Courier">
<meta property="article:published_time" content="2023-11-02T08:15:00+01:00">
<link rel="canonical" href="https://courier.example/news/reservoir-closure">
</head><body>
<header><a href="/">The Vessby Courier</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe for 1 euro</a></li>
</ul></nav></header>
<main><article>
<h1>Reservoir to close for repairs despite protests</h1>
<p class="byline">By Ines Halvorsen · 2 November 2023</p>
%s
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ferry timetable changes again</a></li>
<li><a href="/b">Local bakery wins national prize</a></li></ul></aside></main>
<footer><p>© 2023 The Vessby Courier. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookie settings</a></p></footer>
<script>window.analytics = {track: function () {}};</script>
</body></html>"""


#: A JPEG's first bytes, then noise: what a misconfigured image server sends.
BINARY = b"\xff\xd8\xff\xe0\x00\x10JFIF" + random.Random(13).randbytes(6000)


def news_page(paragraphs: list[str] = PARAGRAPHS) -> str:
    return NEWS_PAGE % "\n".join(f"<p>{p}</p>" for p in paragraphs)


def redirect(server: LocalHTTPServer, path: str, location: str, status: int = 302) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    server.route(path, handler)


def assert_is_the_story(text: str) -> None:
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    for noise in ("Subscribe for 1 euro", "Most read", "All rights reserved", "Cookie settings",
                  "window.analytics", "<p>"):
        assert noise not in text


# --------------------------------------------------------------------------- pages


async def test_a_news_page_gives_its_text_and_metadata(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/news/reservoir", news_page())
    link = http_server.url("/news/reservoir?utm_source=chat&fbclid=x1")
    article = await load_article(parse_input(link), settings)
    assert article.kind is SourceKind.LINK
    assert_is_the_story(article.text)
    assert article.title == "Reservoir to close for repairs despite protests"
    assert article.author == "Ines Halvorsen"
    assert article.date == "2023-11-02"
    assert article.site == "The Vessby Courier"
    assert article.url == link
    assert article.canonical_url == http_server.url("/news/reservoir")
    assert article.final_url == link
    assert article.content_hash == content_hash(article.text)
    assert http_server.requests == ["/news/reservoir?utm_source=chat&fbclid=x1"]


async def test_the_headline_does_not_run_into_the_first_sentence(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/ports/closure", html_page("Valmora terminal to close", HARBOUR))
    article = await load_article(parse_input(http_server.url("/ports/closure")), settings)
    headline, _, rest = article.text.partition("\n\n")
    assert headline == "Valmora terminal to close"
    assert rest.startswith(HARBOUR.split("\n\n")[0].strip()[:40])
    analysis = await RulesAnalyzer().analyze(article)
    assert not analysis.summary.startswith("Valmora terminal to close")


async def test_a_gzip_encoded_page_is_decoded(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=gzip.compress(news_page().encode()),
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        )

    http_server.route("/gz", handler)
    article = await load_article(parse_input(http_server.url("/gz")), settings)
    assert_is_the_story(article.text)


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
async def test_a_deflate_encoded_page_is_decoded_either_way(
    http_server: LocalHTTPServer, settings: Settings, wbits: int
) -> None:
    """"deflate" is zlib-wrapped by the standard, but some servers send it raw."""
    packer = zlib.compressobj(wbits=wbits)
    body = packer.compress(news_page().encode()) + packer.flush()

    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "deflate"})

    http_server.route("/deflate", handler)
    article = await load_article(parse_input(http_server.url("/deflate")), settings)
    assert_is_the_story(article.text)


async def test_an_unlabelled_body_is_decoded_as_utf8_or_else_cp1252(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    text = "\n\n".join([*PARAGRAPHS, "The café’s owner, Zoë Brennan, said nothing."])
    http_server.page("/utf8.txt", text.encode("utf-8"), content_type="text/plain")
    http_server.page("/cp1252.txt", text.encode("cp1252"), content_type="text/plain")
    for path in ("/utf8.txt", "/cp1252.txt"):
        article = await load_article(parse_input(http_server.url(path)), settings)
        assert article.text == text


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [("text/html", "windows-1252"), ("text/html; charset=iso-8859-1", "iso-8859-1")],
)
async def test_the_page_is_decoded_by_its_declared_charset(
    http_server: LocalHTTPServer, settings: Settings, content_type: str, encoding: str
) -> None:
    accented = "Zoë Brennan, who runs the café by the dam, called the plan naïve."
    page = news_page([*PARAGRAPHS[:2], accented])
    if "charset=" not in content_type:
        page = page.replace('<meta charset="utf-8">', f'<meta charset="{encoding}">')
    else:
        page = page.replace('<meta charset="utf-8">', "")
    body = page.replace("’", "'").replace("“", '"').replace("”", '"').encode(encoding)
    http_server.page("/latin", body, content_type=content_type.split(";")[0])
    if "charset=" in content_type:
        async def handler(_request: web.Request) -> web.StreamResponse:
            return web.Response(body=body, headers={"Content-Type": content_type})

        http_server.route("/latin", handler)
    article = await load_article(parse_input(http_server.url("/latin")), settings)
    assert accented in article.text


async def test_a_plain_text_page_is_used_as_is_with_its_date_line(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    story = "\n\n".join(PARAGRAPHS)
    http_server.page("/story.txt", " date 2023-11-02 " + story, content_type="text/plain")
    article = await load_article(parse_input(http_server.url("/story.txt")), settings)
    assert article.text == story
    assert article.date == "2023-11-02"
    assert article.site == "127.0.0.1"
    assert article.title is None


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        """<html><head><title>App</title></head><body><div id="root"></div>
        <script src="/static/app.js"></script>
        <script>document.getElementById("root").innerHTML = "<p>Loading the article</p>";</script>
        <noscript>You need to enable JavaScript to run this app.</noscript></body></html>""",
        "",
    ],
    ids=["empty", "script-only", "no-body"],
)
async def test_a_page_without_article_text_says_so(
    http_server: LocalHTTPServer, settings: Settings, body: str
) -> None:
    http_server.page("/empty", body)
    with pytest.raises(EmptyArticleError) as caught:
        await load_article(parse_input(http_server.url("/empty")), settings)
    assert caught.value.message == (
        "No article text found at that link (paywall or a page built by scripts?). "
        "Paste the article's text instead."
    )


@pytest.mark.parametrize(
    ("content_type", "body", "named"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image (image/png)"),
        ("application/json", b'{"title": "Reservoir"}', "JSON data (application/json)"),
    ],
)
async def test_other_content_types_are_refused_by_name(
    http_server: LocalHTTPServer, settings: Settings, content_type: str, body: bytes, named: str
) -> None:
    http_server.page("/file", body, content_type=content_type)
    with pytest.raises(UnsupportedContentError) as caught:
        await load_article(parse_input(http_server.url("/file")), settings)
    assert named in caught.value.message
    assert f"({content_type})" in caught.value.message
    assert "Paste the article's text" in caught.value.message


@pytest.mark.parametrize("content_type", ["text/html", "text/plain"])
async def test_binary_data_labelled_as_text_is_refused_before_extraction(
    http_server: LocalHTTPServer, settings: Settings, caplog: pytest.LogCaptureFixture,
    content_type: str,
) -> None:
    """The extraction library would log its own ERROR lines about such a "page"."""
    http_server.page("/photo", BINARY, content_type=content_type)
    with caplog.at_level(logging.DEBUG), pytest.raises(UnsupportedContentError) as caught:
        await load_article(parse_input(http_server.url("/photo")), settings)
    assert caught.value.message == BINARY_PAGE
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_binary_data_labelled_as_html_is_one_line_in_the_terminal(
    cli_env: dict[str, str], http_server: LocalHTTPServer
) -> None:
    http_server.page("/photo", BINARY)
    link = http_server.url("/photo")
    done = factdesk("analyze", link, env=cli_env)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.splitlines() == [f"factdesk: {link}: {BINARY_PAGE}"]


@pytest.mark.parametrize(
    ("header", "shown"),
    [("application/x <https://evil.example/login|Your session expired> <!channel>",
      "(application/x)"),
     ("application/x[sign in](https://evil.example/login)", "(application/x)"),
     ("[sign in](https://evil.example/login)", "not a web page")],
)
async def test_only_the_media_type_of_a_content_type_is_quoted(
    http_server: LocalHTTPServer, settings: Settings, header: str, shown: str
) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=b"%PDF-1.7", headers={"Content-Type": header})

    http_server.route("/file", handler)
    with pytest.raises(UnsupportedContentError) as caught:
        await load_article(parse_input(http_server.url("/file")), settings)
    assert shown in caught.value.message
    assert "evil.example" not in caught.value.message and "[" not in caught.value.message
    assert "<" not in caught.value.message


@pytest.mark.parametrize(
    ("status", "says"),
    [(404, "not found"), (410, "not found"), (403, "refused"), (500, "server error"),
     (503, "server error")],
)
async def test_error_statuses_are_said_plainly(
    http_server: LocalHTTPServer, settings: Settings, status: int, says: str
) -> None:
    http_server.page("/gone", "<html><body><p>Error page</p></body></html>", status=status)
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/gone")), settings)
    assert f"HTTP {status}" in caught.value.message
    assert says in caught.value.message


async def test_a_missing_route_is_a_404(http_server: LocalHTTPServer, settings: Settings) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        await load_article(parse_input(http_server.url("/no/such/story")), settings)


async def test_an_unreachable_port_is_a_fetch_error(settings: Settings) -> None:
    link = f"http://127.0.0.1:{free_port()}/story"
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(link), settings)
    assert caught.value.message.startswith("Could not connect to 127.0.0.1")


async def test_an_unknown_host_name_is_a_fetch_error(settings: Settings) -> None:
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input("https://no-such-host.invalid/story"), settings)
    assert "Could not connect to no-such-host.invalid" in caught.value.message


# --------------------------------------------------------------------------- redirects


async def test_a_chain_of_three_redirects_relative_and_absolute(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/news/reservoir", news_page())
    redirect(http_server, "/r1", "/r2", status=301)  # relative to the host
    redirect(http_server, "/r2", http_server.url("/news/r3"), status=307)  # absolute
    redirect(http_server, "/news/r3", "reservoir", status=308)  # relative to the path
    link = http_server.url("/r1?utm_campaign=x")
    article = await load_article(parse_input(link), settings)
    assert_is_the_story(article.text)
    assert article.url == link
    assert article.canonical_url == canonical_url(link) == http_server.url("/r1")
    assert article.final_url == http_server.url("/news/reservoir")
    assert http_server.requests == ["/r1?utm_campaign=x", "/r2", "/news/r3", "/news/reservoir"]


async def test_five_redirects_are_followed_six_are_refused(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/story", news_page())
    for n in range(1, 7):
        redirect(http_server, f"/c{n}", f"/c{n + 1}" if n < 6 else "/story")
    five = await load_article(parse_input(http_server.url("/c2")), settings)
    assert five.final_url == http_server.url("/story")

    http_server.requests.clear()
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/c1")), settings)
    assert "more than 5 times" in caught.value.message
    assert http_server.requests == [f"/c{n}" for n in range(1, 7)]  # /story never asked for


async def test_a_redirect_loop_stops(http_server: LocalHTTPServer, settings: Settings) -> None:
    redirect(http_server, "/loop", "/loop")
    with pytest.raises(FetchError, match="more than 5 times"):
        await load_article(parse_input(http_server.url("/loop")), settings)
    assert len(http_server.requests) == 6


@pytest.mark.parametrize(
    "location", ["ftp://files.example.com/story.txt", "file:///etc/passwd", "javascript:x()"]
)
async def test_a_redirect_off_the_web_is_refused(
    http_server: LocalHTTPServer, settings: Settings, location: str
) -> None:
    redirect(http_server, "/odd", location)
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/odd")), settings)
    assert "not a web page address" in caught.value.message
