"""Text from outside (articles, pages, the model, people's names) as Discord shows it.

Discord renders Markdown in message content, embed descriptions and field values,
including masked links, `[label](https://…)`, which show a label and go elsewhere. So
such text is made literal: flattened to one line first (a link split over lines is
joined only after it has been escaped), then escaped with discord.py's
`escape_markdown`, then every square bracket it left alone is escaped too; that
function escapes only the first of several links. Without an unescaped bracket no
masked link can form, whatever the text.
"""

from __future__ import annotations

import re

import discord

# a bracket after an even number of backslashes (none included) is not escaped
_BARE_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")


def no_markdown(text: str) -> str:
    """`text` on one line, shown as written: no Markdown, no masked link."""
    flat = " ".join(text.split())
    return _BARE_BRACKET.sub(r"\1\\\2", discord.utils.escape_markdown(flat))
