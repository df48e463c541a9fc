"""Text in and out of Slack: markup undone on the way in, made inert on the way out."""

from __future__ import annotations

import re

import pytest

from handlers.slack_app.text import WORD_JOINER, escape, from_slack, shorten

PING = re.compile(r"<[!@#]|@(here|channel|everyone)\b", re.IGNORECASE)


@pytest.mark.parametrize(("slack", "meant"), [
    ("<https://news.example/a?x=1&amp;y=2>", "https://news.example/a?x=1&y=2"),
    ("check <https://news.example/a|news.example/a> please",
     "check https://news.example/a please"),
    ("see <https://news.example/a|the harbour story>",
     "see the harbour story (https://news.example/a)"),
    ("Costs &lt;5% &amp; falling &gt; 2", "Costs <5% & falling > 2"),
    ("<@U0ANA|ana> and <@U0BOB> said <!here> in <#C0NEWS|newsdesk>",
     "@ana and @U0BOB said @here in #newsdesk"),
    ("mail <mailto:desk@news.example|desk@news.example>", "mail desk@news.example"),
    ("&amp;lt; stays literal", "&lt; stays literal"),
])
def test_from_slack_gives_the_text_as_written(slack: str, meant: str) -> None:
    assert from_slack(slack) == meant


@pytest.mark.parametrize("article", [
    "<!channel> closes", "<!here|here>", "<@U0BOSS>", "<#C0SECRET>", "@here now",
    "ping @Channel and @EVERYONE", "<!subteam^S0EDITORS>", "a<b>c",
])
def test_escaped_text_cannot_ping_or_link(article: str) -> None:
    shown = escape(article)
    assert PING.search(shown) is None
    assert "<" not in shown and ">" not in shown
    assert shown.replace(WORD_JOINER, "").replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&") == article, "nothing else changes"


def test_shorten_never_cuts_an_entity_in_half() -> None:
    text = "x" * 95 + "&amp;" + "y" * 20
    cut = shorten(text, 100)
    assert len(cut) <= 100 and cut.endswith("…")
    assert "&am" not in cut and not cut.rstrip("…").endswith("&")
    assert shorten("short", 100) == "short"
