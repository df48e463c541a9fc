"""The summary says what happened and who says so: no dateline, wire tag, byline, "The
Latest", promotional line or repeated headline (invented wire-style articles)."""

from __future__ import annotations

from bot.analyzers.rules import RulesAnalyzer
from bot.analyzers.rules.furniture import is_furniture, lead_cut
from bot.models import Analysis, Article, SourceKind
from bot.textnorm import content_hash

FERRY_TITLE = "The Latest: Ferry fire forces evacuation at Port Almera"
FERRY = f"""{FERRY_TITLE}

By Jane Doe and Omar Ali, Associated Press

PORT ALMERA, Calif. (AP) — The Latest on a fire aboard a commuter ferry at Port Almera (all \
times local):

PORT ALMERA, Calif. (AP) — A fire broke out aboard a commuter ferry at Port Almera on \
Tuesday, forcing 212 passengers to evacuate onto the pier.

Fire Chief Dana Ruiz said three crew members were treated for smoke inhalation and the blaze \
was put out within an hour.

Also on Harbor News: Port Almera approves its new dredging plan for the coming year.

Read more: How the ferry fleet aged and what the city plans to do about it.

SOURCE: Port Almera Fire Department
"""

QUARRY_TITLE = "Quarry expansion approved over residents' objections"
QUARRY = f"""{QUARRY_TITLE}

{QUARRY_TITLE}

LONDON (Reuters) - The county planning board approved a 40-hectare expansion of the Hollin \
quarry on Monday after a four-hour hearing.

The expansion doubles the quarry's area. Residents had collected 3,000 signatures against it.

The quarry's owner, Brask Aggregates, said blasting would stay within legal noise limits.

Sign up for our newsletter to get the latest county news every morning.
"""


def analyze(text: str, title: str) -> Analysis:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text),
                      title=title)
    return RulesAnalyzer().analyze_sync(article)


def test_dateline_wire_tag_byline_and_the_latest_stay_out() -> None:
    analysis = analyze(FERRY, FERRY_TITLE)
    summary = analysis.summary
    assert summary.startswith("A fire broke out aboard a commuter ferry at Port Almera")
    for furniture in ("(AP)", "PORT ALMERA, Calif.", "By Jane Doe", "The Latest",
                      "all times local", "Also on", "Read more", "SOURCE"):
        assert furniture not in summary
    # who says so
    assert "Fire Chief Dana Ruiz said three crew members" in summary
    # no claim is made of the page's furniture, and a claim's quote leaves the tag out
    quotes = [c.quote.text for c in analysis.claims]
    assert not any(q.startswith(("By Jane", "Also on", "Read more", "SOURCE")) for q in quotes)
    fire = next(c for c in analysis.claims if "fire broke out" in c.quote.text)
    assert fire.quote.text.startswith("A fire broke out")
    assert FERRY[fire.quote.start : fire.quote.end] == fire.quote.text


def test_reuters_tag_headline_repeated_and_sign_up_stay_out() -> None:
    summary = analyze(QUARRY, QUARRY_TITLE).summary
    assert summary.startswith("The county planning board approved a 40-hectare expansion")
    assert "(Reuters)" not in summary and "LONDON" not in summary
    assert QUARRY_TITLE not in summary and "Sign up" not in summary
    assert "Brask Aggregates, said blasting would stay" in summary


def test_furniture_is_told_from_news() -> None:
    assert is_furniture("By Jane Doe | Reuters")
    assert not is_furniture("By Tuesday, the council had voted to close the library.")
    assert is_furniture("The Latest: Storm closes schools")
    assert not is_furniture("The latest figures show unemployment fell to 3.9 percent.")
    assert not is_furniture("Watchdog groups said the deal was rushed.")
    assert is_furniture("Ferry fire forces evacuation - Harbor News", "Ferry fire forces "
                        "evacuation")
    text = "WASHINGTON (AP) — The Senate voted 52-48 on Friday."
    assert text[lead_cut(text) :] == "The Senate voted 52-48 on Friday."
    assert lead_cut("The FBI said on Friday that it had made 12 arrests.") == 0
