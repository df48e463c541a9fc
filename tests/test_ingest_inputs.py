"""parse_input and canonical_url: what the user gave, understood without network I/O."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.ingest import ArticleInput, canonical_url, parse_input
from bot.models import SourceKind
from bot.textnorm import content_hash

ARTICLE = (
    "The harbour authority said on Monday that the new ferry terminal would open in May, "
    "two years later than planned. A spokesperson blamed supply delays."
)


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://news.example.com/a/b", "https://news.example.com/a/b"),
        ("  http://news.example.com/a  \n", "http://news.example.com/a"),
        ("<https://news.example.com/a|Ferry delayed>", "https://news.example.com/a"),
        ("<https://news.example.com/a>", "https://news.example.com/a"),
        ("<https://news.example.com/a?x=1&amp;y=2>", "https://news.example.com/a?x=1&y=2"),
        ("can you check this one? https://news.example.com/a.", "https://news.example.com/a"),
        (
            "(see https://news.example.com/wiki/Ferry_(boat))",
            "https://news.example.com/wiki/Ferry_(boat)",
        ),
        ("www.news.example.com/a", "https://www.news.example.com/a"),
    ],
)
def test_a_message_that_is_one_link_is_a_link(raw: str, url: str) -> None:
    parsed = parse_input(raw)
    assert parsed.kind is SourceKind.LINK
    assert parsed.url == url
    assert parsed.text is None
    assert parsed.canonical_url == canonical_url(url)
    assert parsed.cache_identity() == parsed.canonical_url


def test_links_differing_only_in_tracking_share_one_cache_identity() -> None:
    a = parse_input("https://News.Example.com/story?utm_source=slack&id=7#comments")
    b = parse_input("<https://news.example.com:443/story?id=7&fbclid=abc|story>")
    assert a.cache_identity() == b.cache_identity() == "https://news.example.com/story?id=7"


def test_an_article_mentioning_a_link_is_text() -> None:
    raw = ARTICLE + " The schedule is at https://harbour.example.org/schedule for now."
    parsed = parse_input(raw)
    assert parsed.kind is SourceKind.TEXT
    assert parsed.text == raw
    assert parsed.url is None


def test_two_different_links_are_not_one_link() -> None:
    parsed = parse_input("https://a.example.com/1 https://b.example.com/2")
    assert parsed.kind is SourceKind.TEXT


def test_text_identity_is_the_content_hash_of_the_pasted_text() -> None:
    parsed = parse_input("\n" + ARTICLE + "  ")
    assert parsed == ArticleInput(kind=SourceKind.TEXT, raw="\n" + ARTICLE + "  ", text=ARTICLE)
    assert parsed.cache_identity() == content_hash(ARTICLE)
    # Layout does not change the identity: white space is normalised.
    assert parse_input(ARTICLE.replace(". ", ".\n\n")).cache_identity() == content_hash(ARTICLE)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("raw", ["", "   ", "\n\t \n"])
def test_empty_input_is_refused_with_a_hint(raw: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_input(raw)
    assert caught.value.message == "Paste an article's text or a link to it."


@pytest.mark.parametrize(
    "raw",
    [
        "PK\x03\x04\x14\x00\x00\x00" + ARTICLE,  # a NUL byte anywhere
        "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r\x0b\x0c") * 3,
        "\ufffd\ufffd\x7f\x01abc\ufffd\ufffd\x02\x03",
    ],
)
def test_binary_input_is_refused(raw: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_input(raw)
    assert "binary" in caught.value.message


def test_text_with_a_few_odd_characters_is_still_text() -> None:
    raw = ARTICLE + " \u200b\ufeff"
    assert parse_input(raw).kind is SourceKind.TEXT


def test_overlong_input_is_refused_clearly() -> None:
    with pytest.raises(InputError) as caught:
        parse_input(ARTICLE * 2000)
    assert "200,000 characters" in caught.value.message


def test_pasted_page_source_may_be_longer_than_text_but_not_endless() -> None:
    source = "<html><head><script>" + "var x = 1;" * 30_000 + "</script></head>"
    source += f"<body><article><p>{ARTICLE}</p></article></body></html>"
    assert len(source) > 200_000
    assert parse_input(source).kind is SourceKind.TEXT
    with pytest.raises(InputError) as caught:
        parse_input(source.replace("var x = 1;", "var x = 1;" * 10))
    assert "2,000,000 characters" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("https:///path", "That link has no site name in it."),
        ("http://:80/", "That link has no site name in it."),
        ("https://news.example.com:99999/a", "That link is not a valid web address."),
    ],
)
def test_a_broken_link_is_refused_before_any_fetch(raw: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_input(raw)
    assert caught.value.message == message


# --------------------------------------------------------------------------- canonical


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/Path/Story", "https://news.example.com/Path/Story"),
        ("https://news.example.com", "https://news.example.com/"),
        ("http://news.example.com:80/a", "http://news.example.com/a"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("https://news.example.com:8443/a", "https://news.example.com:8443/a"),
        ("http://news.example.com:443/a", "http://news.example.com:443/a"),
        ("https://news.example.com/a#section-2", "https://news.example.com/a"),
        ("https://news.example.com./a", "https://news.example.com/a"),
        ("https://user:secret@news.example.com/a", "https://news.example.com/a"),
        (
            "https://news.example.com/a?utm_source=x&utm_medium=y&UTM_Campaign=z",
            "https://news.example.com/a",
        ),
        (
            "https://news.example.com/a?z=1&fbclid=F&gclid=G&dclid=D&msclkid=M&b=2",
            "https://news.example.com/a?b=2&z=1",
        ),
        (
            "https://news.example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=5&ocid=6&q=x",
            "https://news.example.com/a?q=x",
        ),
        (
            "https://news.example.com/a?q=caf%C3%A9+au+lait",
            "https://news.example.com/a?q=caf%C3%A9+au+lait",
        ),
        ("https://news.example.com/a?b=2&a=1&a=0", "https://news.example.com/a?a=0&a=1&b=2"),
        ("https://news.example.com/a?", "https://news.example.com/a"),
        ("https://bücher.example/artikel", "https://xn--bcher-kva.example/artikel"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
        ("https://news.example.com/a/../b/", "https://news.example.com/a/../b/"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    "url", ["ftp://files.example.com/a", "javascript:alert(1)", "news.example.com/a"]
)
def test_canonical_url_refuses_what_is_not_a_web_link(url: str) -> None:
    with pytest.raises(InputError):
        canonical_url(url)
