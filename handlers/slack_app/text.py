"""Text between Slack and us: article text made safe to show, Slack text made plain.

Article text is data. Shown in Slack it must not ping anyone or turn into a link or
a mention: `&`, `<`, `>` are escaped (so `<!channel>` shows as text), and the words
`@here`, `@channel`, `@everyone` get an invisible word joiner after the `@`, so no
client or `parse` mode can read them as a broadcast. Messages are also sent with
`parse: "none"` and `link_names: false`, and text objects with `verbatim: true`.
"""

from __future__ import annotations

import re
from datetime import datetime

WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"(@)(here|channel|everyone)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")

# Slack's own markup in a message or a command's text.
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)(?:\|([^<>]*))?>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>")
_CHANNEL = re.compile(r"<#(C[A-Z0-9]+)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone|subteam\^[A-Z0-9]+)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Article (or any outside) text, safe inside a mrkdwn or plain_text object."""
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), text)


def link(url: str, label: str | None = None) -> str:
    """A link: the address made safe inside `<…>`; the label (already escaped) after `|`,
    or none, and Slack shows the address."""
    safe = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace("&", "&amp;")
    if not label:
        return f"<{safe}>"
    return f"<{safe}|{label.replace('|', '¦')}>"


def when(moment: datetime, fmt: str = "{date_short_pretty} {time}") -> str:
    """A time each reader sees in their own time zone (Slack's date formatting); the
    fallback, for clients that cannot, is UTC."""
    fallback = f"{moment:%Y-%m-%d %H:%M} UTC"
    return f"<!date^{int(moment.timestamp())}^{fmt}|{fallback}>"


def flat(text: str) -> str:
    """One line: white space runs collapsed (quotes in a list read better that way)."""
    return _SPACES.sub(" ", text).strip()


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """At most `limit` characters, cut at a word when one is near, never mid-entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]  # do not leave half of "&amp;"
    space = cut.rfind(" ")
    if space > len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


def from_slack(text: str) -> str:
    """A message or command text as the user meant it: Slack's markup undone.

    `<https://x|label>` becomes the link (its label only when it is not the link
    itself), mentions become their names, and `&amp;`, `&lt;`, `&gt;` are unescaped,
    so a pasted article is checked as written and a lone link is still a lone link.
    """

    def link(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        if url.startswith("mailto:"):
            return label or url.removeprefix("mailto:")
        if not label or label == url or url.endswith(label) or label in url:
            return url
        return f"{label} ({url})"

    text = _LINK.sub(link, text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = _SPECIAL.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
