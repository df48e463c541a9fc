"""What a Discord user gave us to check, as the one string `service.check` takes.

A slash command brings a link, pasted text or an attached `.txt`/`.html` file; a
message (context menu) brings its text, links and text attachments. Attachments are read
with discord.py's `Attachment.read()`, after a size check, and decoded as UTF-8. Whether
the string is a link or an article is the core's decision (`bot.ingest.parse_input`).
"""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.errors import FetchError, InputError

MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
DOWNLOAD_SECONDS = 30.0
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")

ONE_INPUT = "Give one thing to check: a link, pasted text or a file, not several."
NOT_TEXT_FILE = ("factdesk reads .txt and .html files. Attach the article as one of those, "
                 "or paste its text or link.")
TOO_BIG_FILE = (f"That file is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB, more "
                "than one article. Attach a single article, or paste its link.")
NOT_UTF8 = "That file is not UTF-8 text. Save it as UTF-8, or paste the article's text."
NOT_DOWNLOADED = ("Discord did not let factdesk download that file. Attach it again, or paste "
                  "the article's text or link.")
NOTHING_IN_MESSAGE = ("That message has no text, link or text file to check. Use it on a "
                      "message with an article's text or link, or run /factcheck.")


def is_text_attachment(attachment: discord.Attachment) -> bool:
    return attachment.filename.lower().endswith(TEXT_SUFFIXES)


async def read_attachment(attachment: discord.Attachment) -> str:
    if not is_text_attachment(attachment):
        raise InputError(NOT_TEXT_FILE)
    if attachment.size > MAX_ATTACHMENT_BYTES:
        raise InputError(TOO_BIG_FILE)
    try:
        async with asyncio.timeout(DOWNLOAD_SECONDS):
            data = await attachment.read()
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError):
        raise FetchError(NOT_DOWNLOADED) from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(TOO_BIG_FILE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(NOT_UTF8) from None


async def command_input(link: str | None, text: str | None,
                        file: discord.Attachment | None) -> str | None:
    """The slash command's input, or None when none was given (then a modal asks)."""
    given = [part for part in (link, text) if part and part.strip()]
    if len(given) + (file is not None) > 1:
        raise InputError(ONE_INPUT)
    if file is not None:
        return await read_attachment(file)
    return given[0] if given else None


def modal_input(parts: list[str], full: int) -> str:
    """The article pasted across the modal's inputs, joined as it was split.

    A box filled to its limit (`full` characters) was cut mid-stream by Discord, so the
    next box continues it directly; otherwise the boxes are separate paragraphs.
    """
    joined = previous = ""
    for part in parts:
        if not part:
            continue
        if joined:
            joined += "" if len(previous) >= full else "\n\n"
        joined += part
        previous = part
    return joined


async def message_input(message: discord.Message) -> str:
    """A message's text attachment if it has one, else its text (a link or an article)."""
    files = [a for a in message.attachments if is_text_attachment(a)]
    if files:
        return await read_attachment(files[0])
    if message.content.strip():
        return message.content
    raise InputError(NOTHING_IN_MESSAGE)
