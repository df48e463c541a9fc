"""Lay out sections of fields as embeds across messages, within Discord's limits.

Discord refuses a message whose embeds exceed 6,000 characters together, 10 embeds, 25
fields each, 1,024 characters a field value or 256 a name or title. Rather than fail, a
long analysis continues in the next embed or message, and what still does not fit is
summed up as "… and N more" at the end. Each embed keeps one field free and each message
some characters free for that note, so the note itself always fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import discord

from handlers.discord_bot import limits

NOTE_RESERVE = 80  # characters kept free in each message for the "… and N more" note


@dataclass
class Entry:
    name: str
    value: str

    def clipped(self) -> Entry:
        return Entry(limits.shorten(self.name, limits.FIELD_NAME) or "—",
                     limits.clip(self.value, limits.FIELD_VALUE) or "—")

    def __len__(self) -> int:
        return len(self.name) + len(self.value)


@dataclass
class Section:
    title: str
    colour: int
    noun: str  # "claims": for "… and 3 more claims"
    entries: list[Entry] = field(default_factory=list)
    empty: str = "None found."
    description: str | None = None


def embed_chars(embed: discord.Embed) -> int:
    """The characters Discord counts toward a message's 6,000 (see `Embed.__len__`)."""
    return len(embed)


class Packer:
    """Fills messages with embeds; `max_messages` bounds how many it may start."""

    def __init__(self, max_messages: int, reserve: int = 0) -> None:
        self.messages: list[list[discord.Embed]] = [[]]
        self.max_messages = max_messages
        self.reserve = reserve  # characters kept free in every message (e.g. a footer)
        self.omitted: list[tuple[int, str]] = []  # (how many, of what) did not fit

    @property
    def _current(self) -> list[discord.Embed]:
        return self.messages[-1]

    def _used(self) -> int:
        return sum(embed_chars(e) for e in self._current)

    def _room(self) -> int:
        return limits.EMBED_TOTAL - self.reserve - NOTE_RESERVE - self._used()

    def _new_message(self) -> bool:
        if len(self.messages) >= self.max_messages:
            return False
        self.messages.append([])
        return True

    def add_embed(self, embed: discord.Embed) -> bool:
        """Add a finished embed, in a new message if needed; False when out of room."""
        if embed.title:
            embed.title = limits.shorten(embed.title, limits.TITLE)
        if embed.description:
            embed.description = limits.clip(embed.description, limits.DESCRIPTION)
        full = len(self._current) >= limits.EMBEDS or embed_chars(embed) > self._room()
        if full and (not self._current or not self._new_message()):
            return False
        self._current.append(embed)
        return True

    def _open(self, section: Section, continued: bool, need: int = 40) -> discord.Embed | None:
        title = limits.shorten(section.title + (" (continued)" if continued else ""),
                               limits.TITLE)
        embed = discord.Embed(title=title, colour=section.colour)
        if section.description and not continued:
            embed.description = limits.clip(section.description, limits.DESCRIPTION)
        full = len(self._current) >= limits.EMBEDS or embed_chars(embed) + need > self._room()
        if full and (not self._current or not self._new_message()):
            return None
        self._current.append(embed)
        return embed

    def add_section(self, section: Section) -> int:
        """Add a section's entries; returns how many were left out (see `finish`)."""
        embed = self._open(section, continued=False)
        if embed is None:
            return self._omit(len(section.entries), section.noun)
        if not section.entries:
            embed.description = "\n".join(p for p in (embed.description, section.empty) if p)
            return 0
        for index, raw in enumerate(section.entries):
            entry = raw.clipped()
            fits = (len(embed.fields) < limits.FIELDS - 1 and len(entry) <= self._room())
            if not fits:
                follow = self._open(section, continued=True, need=len(entry))
                if follow is None or len(entry) > self._room():
                    return self._omit(len(section.entries) - index, section.noun)
                embed = follow
            embed.add_field(name=entry.name, value=entry.value, inline=False)
        return 0

    def _omit(self, count: int, noun: str) -> int:
        if count:
            self.omitted.append((count, noun))
        return count

    def finish(self) -> list[list[discord.Embed]]:
        """The messages, the last one ending with "… and N more" for what was left out."""
        messages = [embeds for embeds in self.messages if embeds]
        if self.omitted and messages:
            note = ", ".join(f"{count} more {noun}" for count, noun in self.omitted)
            messages[-1][-1].add_field(name="…", value=limits.shorten(f"… and {note}", 70),
                                       inline=False)
        return messages
