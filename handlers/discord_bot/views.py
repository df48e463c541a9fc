"""Persistent buttons: Discuss (and its menus), Full analysis and its pages, the verdicts.

Each is a `discord.ui.DynamicItem` whose namespaced custom id carries all it needs
(`factdesk:discuss:<claim>`, `factdesk:discuss-pick:<check>[:<part>]`,
`factdesk:full:<check>[:<page>]`, `factdesk:verdict:<claim>:<status>`), so a button
posted before a restart still works after it: the state comes from Redis through the
service. The items only parse their id and hand over to the bot's `ClaimThreads`.

The first screen has a Discuss button for each flagged item it shows, a "Discuss
another…" menu for the next 25 and "Full analysis"; the full analysis' private pages
carry four menus of 25 each, so every flagged item of any check can be discussed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.presentation import Concern, present
from bot.records import CheckResult, ClaimStatus, FlaggedClaim
from handlers.discord_bot import limits
from handlers.discord_bot.render import CONCERNS_SHOWN

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

MENUS_PER_PAGE = 4  # a full-analysis page: four menus, the fifth row for its buttons
PAGE_SIZE = MENUS_PER_PAGE * limits.SELECT_OPTIONS

VERDICTS: list[tuple[ClaimStatus, str, discord.ButtonStyle]] = [
    (ClaimStatus.VERIFIED, "Verified", discord.ButtonStyle.success),
    (ClaimStatus.FALSE, "False", discord.ButtonStyle.danger),
    (ClaimStatus.MISLEADING, "Misleading", discord.ButtonStyle.danger),
    (ClaimStatus.UNVERIFIABLE, "Unverifiable", discord.ButtonStyle.secondary),
    (ClaimStatus.NEEDS_CONTEXT, "Needs context", discord.ButtonStyle.primary),
]


def _bot(interaction: discord.Interaction[Any]) -> FactdeskBot:
    return cast("FactdeskBot", interaction.client)


class DiscussButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"factdesk:discuss:(?P<claim>\w+)"):
    def __init__(self, claim_id: str, label: str = "Discuss") -> None:
        super().__init__(discord.ui.Button(
            label=limits.shorten(label, limits.BUTTON_LABEL),
            style=discord.ButtonStyle.secondary,
            custom_id=f"factdesk:discuss:{claim_id}",
            emoji="💬",
        ))
        self.claim_id = claim_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> DiscussButton:
        label = getattr(item, "label", None) or "Discuss"
        return cls(match["claim"], label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _bot(interaction).threads.discuss(interaction, self.claim_id)


class DiscussMenu(discord.ui.DynamicItem[discord.ui.Select[Any]],
                  template=r"factdesk:discuss-pick:(?P<check>\w+)(?::(?P<part>\d+))?"):
    """For flagged items beyond the buttons: pick one to discuss (`part`: which menu of
    a full-analysis page, so each menu's id is its own)."""

    def __init__(self, check_id: str, options: list[discord.SelectOption] | None = None,
                 part: int | None = None, placeholder: str = "Discuss another…") -> None:
        suffix = f":{part}" if part is not None else ""
        super().__init__(discord.ui.Select(
            custom_id=f"factdesk:discuss-pick:{check_id}{suffix}",
            placeholder=limits.shorten(placeholder, limits.OPTION_DESCRIPTION),
            options=options or [discord.SelectOption(label="—", value="none")],
        ))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> DiscussMenu:
        options = list(getattr(item, "options", []) or [])
        part = int(match["part"]) if match["part"] else None
        return cls(match["check"], options, part)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data = cast("dict[str, Any]", interaction.data or {})
        values = [str(v) for v in data.get("values", [])]
        if values:
            await _bot(interaction).threads.discuss(interaction, values[0])


class FullAnalysisButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                         template=r"factdesk:full:(?P<check>\w+)(?::(?P<page>\d+))?"):
    """"Full analysis" (no page: the file in the channel and the first private page), or
    a private page's Previous / Next."""

    def __init__(self, check_id: str, page: int | None = None, label: str = "Full analysis"
                 ) -> None:
        suffix = f":{page}" if page is not None else ""
        super().__init__(discord.ui.Button(
            label=label, style=discord.ButtonStyle.primary if page is None
            else discord.ButtonStyle.secondary,
            custom_id=f"factdesk:full:{check_id}{suffix}", emoji="📄" if page is None else None,
        ))
        self.check_id = check_id
        self.page = page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> FullAnalysisButton:
        page = int(match["page"]) if match["page"] else None
        return cls(match["check"], page, getattr(item, "label", None) or "Full analysis")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _bot(interaction).threads.full_analysis(interaction, self.check_id, self.page)


class VerdictButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"factdesk:verdict:(?P<claim>\w+):(?P<status>\w+)"):
    def __init__(self, claim_id: str, status: ClaimStatus, current: bool = False) -> None:
        label, style = next(((lbl, sty) for s, lbl, sty in VERDICTS if s is status), REOPEN)
        super().__init__(discord.ui.Button(
            label=label + (" ✓" if current else ""),
            style=style,
            custom_id=f"factdesk:verdict:{claim_id}:{status.value}",
        ))
        self.claim_id = claim_id
        self.status = status

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> VerdictButton:
        return cls(match["claim"], ClaimStatus(match["status"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _bot(interaction).threads.verdict(interaction, self.claim_id, self.status)


REOPEN = ("Reopen", discord.ButtonStyle.secondary)

DYNAMIC_ITEMS = (DiscussButton, DiscussMenu, FullAnalysisButton, VerdictButton)


def _option(concern: Concern) -> discord.SelectOption:
    return discord.SelectOption(
        label=limits.shorten(f"⚑{concern.number} {concern.statement or concern.quote}",
                             limits.OPTION_LABEL),
        value=concern.claim_id or "none")


def discuss_view(result: CheckResult) -> discord.ui.View | None:
    """The first screen's row: a Discuss button for each flagged item shown, a menu for
    the next 25, and Full analysis (a saved check only)."""
    if not result.saved or result.check is None:
        return None
    view = discord.ui.View(timeout=None)
    concerns = [c for c in present(result).concerns if c.claim_id]
    for concern in concerns[:CONCERNS_SHOWN]:
        view.add_item(DiscussButton(concern.claim_id or "", f"Discuss ⚑{concern.number}"))
    rest = concerns[CONCERNS_SHOWN:][: limits.SELECT_OPTIONS]
    view.add_item(FullAnalysisButton(result.check.id))
    if rest:
        view.add_item(DiscussMenu(result.check.id, [_option(c) for c in rest]))
    return view


def pages(result: CheckResult) -> int:
    return max(1, -(-len(result.flagged) // PAGE_SIZE))


def page_text(result: CheckResult, page: int) -> str:
    concerns = len(result.flagged)
    return (f"Full analysis: {concerns} to verify, page {page + 1} of {pages(result)}. The "
            "complete analysis is attached in the channel; pick any item below to discuss it.")


def page_view(result: CheckResult, page: int) -> discord.ui.View:
    """A private page of the full analysis: every flagged item, 25 to a menu."""
    assert result.check is not None
    view = discord.ui.View(timeout=None)
    concerns = [c for c in present(result).concerns if c.claim_id]
    shown = concerns[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    for part in range(0, len(shown), limits.SELECT_OPTIONS):
        chunk = shown[part: part + limits.SELECT_OPTIONS]
        view.add_item(DiscussMenu(
            result.check.id, [_option(c) for c in chunk], part=page * MENUS_PER_PAGE
            + part // limits.SELECT_OPTIONS,
            placeholder=f"Discuss ⚑{chunk[0].number}–⚑{chunk[-1].number}…"))
    if page > 0:
        view.add_item(FullAnalysisButton(result.check.id, page - 1, "Previous"))
    if page + 1 < pages(result):
        view.add_item(FullAnalysisButton(result.check.id, page + 1, "Next"))
    return view


def verdict_view(claim: FlaggedClaim) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for status, _label, _style in VERDICTS:
        view.add_item(VerdictButton(claim.id, status, current=claim.status is status))
    if claim.status is not ClaimStatus.OPEN:
        view.add_item(VerdictButton(claim.id, ClaimStatus.OPEN))
    return view
