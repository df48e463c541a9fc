"""An article the offline engine cannot read is said to be so, plainly, on every surface.

"Nothing here needs checking" is only ever said of an article the engine could read: an
article in French is refused with a message that names the way out (a model), in the
terminal, in Slack and in Discord. Articles are our own, invented.
"""

from __future__ import annotations

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.errors import UnsupportedLanguageError
from bot.language import detect
from bot.models import Article, SourceKind
from bot.textnorm import content_hash
from handlers.discord_bot.client import FactdeskBot
from tests.support.cli import factdesk
from tests.support.fake_discord import (
    Call,
    FakeDiscord,
    Interactions,
    feed,
)
from tests.support.slack_signing import Scenario

FRENCH = (
    "Le port d'Almera a signé mardi un contrat de dragage de 40 millions d'euros, selon des "
    "sources proches du dossier. Le président de l'autorité portuaire a refusé de commenter. "
    "D'après un document interne consulté par notre rédaction, l'offre gagnante aurait été "
    "déposée après la date limite. L'entreprise dément toute irrégularité et affirme avoir "
    "respecté toutes les règles de la procédure.\n"
)
ENGLISH = (
    "The harbour authority signed a $40 million dredging contract on Tuesday, according to "
    "people familiar with the deal. The authority's chairwoman declined to comment.\n"
)
WAY_OUT = "FACTDESK_LLM_MODEL"


def article(text: str) -> Article:
    return Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))


def test_the_detector_tells_french_from_english() -> None:
    assert detect(FRENCH).code == "fr" and detect(FRENCH).confidence > 0.9
    assert detect(ENGLISH).code == "en"


def test_the_engine_refuses_what_it_cannot_read_and_names_the_way_out() -> None:
    with pytest.raises(UnsupportedLanguageError) as refused:
        RulesAnalyzer().analyze_sync(article(FRENCH))
    message = refused.value.message
    assert "French" in message and "English only" in message and WAY_OUT in message
    english = RulesAnalyzer().analyze_sync(article(ENGLISH))
    assert english.flags and english.denials


def test_a_short_text_plainly_in_another_language_is_refused_too() -> None:
    # a pasted paragraph is no sure verdict for the detector alone; almost no English
    # function words settles it, so "nothing to verify" is never said of it
    with pytest.raises(UnsupportedLanguageError) as refused:
        RulesAnalyzer().analyze_sync(article(
            "Selon des sources proches du dossier, le maire savait tout depuis janvier."))
    assert "French" in refused.value.message and WAY_OUT in refused.value.message


@pytest.mark.parametrize("text", [
    "Mayor Ruiz denies ferry contract claims, calls harbour audit flawed.",
    "BREAKING: Harbour Board Approves Pier Budget 7-2",
    "Le maire a démissionné.",  # too few words to tell: tried, and finds nothing
])
def test_a_short_text_the_detector_cannot_settle_is_tried(text: str) -> None:
    analysis = RulesAnalyzer().analyze_sync(article(text))
    assert analysis.flags == []


def test_the_terminal_says_so_in_one_line(cli_env: dict[str, str]) -> None:
    done = factdesk("analyze", "-", env=cli_env, stdin=FRENCH.encode())
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "French" in lines[0] and WAY_OUT in lines[0]
    assert "Nothing" not in done.stdout and "Traceback" not in done.stderr


async def test_slack_says_so_privately(slack: Scenario) -> None:
    await slack.driver.command(FRENCH)
    told = (await slack.fake.wait_for("respond"))[0]
    assert told["response_type"] == "ephemeral"
    assert "French" in told["text"] and WAY_OUT in told["text"]
    assert not slack.fake.of("chat.update"), "no analysis is posted for it"


async def test_discord_says_so_privately(bot: FactdeskBot, fake: FakeDiscord) -> None:
    payload = Interactions(fake).slash("factcheck", {"text": FRENCH})
    feed(bot, payload)
    token = payload["token"]

    def private_reply(call: Call) -> bool:
        return token in call.path and call.sends_message() and bool(
            call.message.get("flags", 0) & 64)

    [reply] = await fake.wait_for(private_reply)
    text = reply.message["content"].replace("\\_", "_")  # Discord Markdown escapes "_"
    assert "French" in text and WAY_OUT in text
    assert "Nothing in this article" not in text
