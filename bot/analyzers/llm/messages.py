"""The chat messages for one part of an article, built from the prompt files.

The article goes into the user message between `<article id="…">` and `</article>`
markers. The id is derived from the article's content hash, which the article cannot
know in advance, and any `<article` or `</article` the text itself contains is escaped
(`<` becomes `&lt;`), so the text cannot close the data block early and speak as us.
The system message never contains article text.
"""

from __future__ import annotations

import re

from openai.types.chat import ChatCompletionMessageParam

from bot.analyzers.llm.chunking import Part
from bot.prompts import PromptSet, load_prompts

SYSTEM = "analyze_system"
USER = "analyze_user"
REPAIR = "repair"
PROMPT_NAMES = (SYSTEM, USER, REPAIR)

_DELIMITER = re.compile(r"<(/?\s*article)", re.IGNORECASE)


def load() -> PromptSet:
    """The analyzer's prompts, validated; raises `PromptError` if any is broken."""
    return load_prompts(PROMPT_NAMES)


def escape_article(text: str) -> str:
    """`text` with anything that could open or close the article block defused."""
    return _DELIMITER.sub(r"&lt;\1", text)


def article_messages(
    prompts: PromptSet, article_id: str, part: Part, parts: int
) -> list[ChatCompletionMessageParam]:
    """System instructions, then the article part as data."""
    note = (
        f"This is part {part.index + 1} of {parts} of a longer article: analyze this part; "
        "the other parts are analyzed separately."
        if parts > 1
        else ""
    )
    user = prompts[USER].render(
        article_id=article_id, part_note=note, article_text=escape_article(part.text)
    )
    return [
        {"role": "system", "content": prompts[SYSTEM].render()},
        {"role": "user", "content": user},
    ]


def repair_messages(
    prompts: PromptSet,
    first: list[ChatCompletionMessageParam],
    bad_answer: str,
    error: str,
    max_answer_chars: int = 60_000,
) -> list[ChatCompletionMessageParam]:
    """The first exchange, the model's unreadable answer, and what was wrong with it."""
    return [
        *first,
        {"role": "assistant", "content": bad_answer[:max_answer_chars] or "(empty)"},
        {"role": "user", "content": prompts[REPAIR].render(error=error)},
    ]
