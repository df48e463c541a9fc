"""The article's own outlet named by the page it came from: "told the Ledger" and "a Ledger
analysis" on the Ledger's own site are its reporting, not another outlet's; an outlet with
a name like it stays another one. On our own invented article."""

from __future__ import annotations

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.analyzers.rules.own_outlet import OwnOutlet, site_names
from bot.models import Analysis, Article, FlagKind, SourceKind
from bot.textnorm import content_hash

STORY = ("Harbour audit\n\nThe harbour board's chair, Mira Keel, paid the clerk twice, the "
         "auditors say. \"I did nothing wrong,\" Keel told the Ledger on Tuesday. A Ledger "
         "analysis of board records found 14 payments. The Brenmouth Ledger reported last "
         "week that the firm was under investigation.\n")


def analyze_page(text: str, site: str | None) -> Analysis:
    article = Article(text=text, kind=SourceKind.LINK, url="https://ledger.example/audit",
                      site=site, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


def other_outlets(analysis: Analysis) -> list[str]:
    return [f.quote.text for f in analysis.flags if f.kind is FlagKind.SECONDARY_REPORT]


def test_on_the_outlet_s_own_page_its_reporting_is_its_own() -> None:
    reports = other_outlets(analyze_page(STORY, "The Almera Ledger"))
    assert reports == ["The Brenmouth Ledger reported"]


def test_without_a_site_name_the_text_alone_decides() -> None:
    reports = other_outlets(analyze_page(STORY, None))
    assert "Keel told" in reports and "The Brenmouth Ledger reported" in reports


@pytest.mark.parametrize(("site", "names"), [
    ("The Almera Ledger", (("almera", "ledger"),)),
    ("www.almeraledger.example", (("almeraledger",),)),
    # a known news host: the name its outlet goes by in print, and the host's own
    ("www.nytimes.com", (("new", "york", "times"), ("nytimes",))),
    ("www.huffpost.com", (("huffington", "post"), ("huffpost",))),
    ("www.bbc.co.uk", (("bbc",),)),
    ("news.ledger.co.uk", (("ledger",),)),  # under a second-level public suffix
    ("127.0.0.1", ()),
    ("Harbour Info's", (("harbour", "info"),)),
    ("The", ()),
    ("", ()),
    (None, ()),
])
def test_site_names(site: str | None, names: tuple[tuple[str, ...], ...]) -> None:
    assert site_names(site) == names


@pytest.mark.parametrize(("name", "own"), [
    (["ledger"], True),
    (["almera", "ledger"], True),
    (["brenmouth", "ledger"], False),
    (["almera"], False),
    (["almeraledger"], True),  # the host's own name
    ([], False),
])
def test_a_name_is_the_site_s_when_its_words_are_one_of_the_site_s(name: list[str],
                                                                    own: bool) -> None:
    site = (("almera", "ledger"), ("almeraledger",))
    assert OwnOutlet(site=site).named_by(name) is own


def test_on_a_known_news_host_its_outlet_is_the_article_s_own() -> None:
    story = STORY.replace("the Ledger", "The Times").replace("A Ledger", "A Times").replace(
        "The Brenmouth Ledger", "The Los Angeles Times")
    reports = other_outlets(analyze_page(story, "www.nytimes.com"))
    assert reports == ["The Los Angeles Times reported"]
