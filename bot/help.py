"""What factdesk does and how, in a few lines: the text of `/factcheck help` on every
platform. Each platform names its own commands; the words are decided once, here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Commands:
    """How a platform spells each way in, already formatted for it."""

    check: str  # a check with a link or text
    form: str  # the form for a long pasted text
    menu: str  # the message menu item
    digest: str
    settings: str
    verdicts: str  # who may set verdicts


def help_lines(commands: Commands) -> list[str]:
    return [
        "factdesk reads a news article and lists its claims and on whose word each rests, "
        "the official denials and responses, and the attributions a fact-checker cannot "
        "take at face value (anonymous officials, “reportedly”, unnamed documents). Every "
        "item quotes the article word for word.",
        f"• Check an article: {commands.check} with a link or the pasted text; "
        f"{commands.form} opens a form for a long text; or use “{commands.menu}” on a message.",
        "• Discuss a flagged item: press Discuss to open its thread, talk it through there, "
        "then set the verdict with a short reason. Reopen returns it to open. "
        f"{commands.verdicts} says who may set verdicts (admins can keep them to one group).",
        "• Full analysis: every item with its full quote, as a file in the channel, and "
        "a list from which any flagged item can be discussed.",
        f"• The desk's day: {commands.digest} (today, yesterday, 24h, 7d); "
        f"{commands.settings} sets where and when the daily digest is posted.",
    ]
