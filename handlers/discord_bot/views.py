"""Persistent buttons: Discuss (and its select menu for many claims) and the verdicts.

Each is a `discord.ui.DynamicItem` whose namespaced custom id carries all it needs
(`factdesk:discuss:<claim>`, `factdesk:verdict:<claim>:<status>`), so a button posted
before a restart still works after it: the state comes from Redis through the service.
The items only parse their id and hand over to the bot's `ClaimThreads`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.records import CheckResult, ClaimStatus, FlaggedClaim
from handlers.discord_bot import limits

if TYPE_CHECKING:
    from handlers.discord_bot.client import FactdeskBot

DISCUSS_BUTTONS_WITH_MENU = 20  # four rows of buttons, the fifth row for the menu

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
                  template=r"factdesk:discuss-pick:(?P<check>\w+)"):
    """For checks with more flagged claims than buttons fit: pick one to discuss."""

    def __init__(self, check_id: str, options: list[discord.SelectOption] | None = None
                 ) -> None:
        super().__init__(discord.ui.Select(
            custom_id=f"factdesk:discuss-pick:{check_id}",
            placeholder="Discuss another claim…",
            options=options or [discord.SelectOption(label="—", value="none")],
        ))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> DiscussMenu:
        options = list(getattr(item, "options", []) or [])
        return cls(match["check"], options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data = cast("dict[str, Any]", interaction.data or {})
        values = [str(v) for v in data.get("values", [])]
        if values:
            await _bot(interaction).threads.discuss(interaction, values[0])


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

DYNAMIC_ITEMS = (DiscussButton, DiscussMenu, VerdictButton)


def discuss_view(result: CheckResult) -> discord.ui.View | None:
    """Discuss buttons for a saved check's flagged claims (a menu for those beyond 20)."""
    if not result.saved or result.check is None or not result.flagged:
        return None
    view = discord.ui.View(timeout=None)
    items = result.flagged
    buttons = items if len(items) <= limits.BUTTONS else items[:DISCUSS_BUTTONS_WITH_MENU]
    for number, item in enumerate(buttons, 1):
        view.add_item(DiscussButton(item.claim.id, f"Discuss {number}"))
    rest = items[len(buttons):][: limits.SELECT_OPTIONS]
    if rest:
        options = [
            discord.SelectOption(
                label=limits.shorten(f"{n}. {item.claim.statement}", limits.OPTION_LABEL),
                value=item.claim.id,
            )
            for n, item in enumerate(rest, len(buttons) + 1)
        ]
        view.add_item(DiscussMenu(result.check.id, options))
    return view


def verdict_view(claim: FlaggedClaim) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for status, _label, _style in VERDICTS:
        view.add_item(VerdictButton(claim.id, status, current=claim.status is status))
    if claim.status is not ClaimStatus.OPEN:
        view.add_item(VerdictButton(claim.id, ClaimStatus.OPEN))
    return view
