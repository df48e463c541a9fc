"""Which gateway shards a `factdesk discord` process runs (DISCORD_SHARDS, DISCORD_SHARD_IDS).

Unset: one connection (`discord.Client`), as one team's server needs. Otherwise
discord.py's `AutoShardedClient`: `auto` lets Discord say how many shards (all in this
process); `DISCORD_SHARDS=N` with `DISCORD_SHARD_IDS=a-b` lets several processes share
the servers, each running its range of the N shards.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import ConfigError
from bot.settings import Settings

BAD_SHARDS = "DISCORD_SHARDS must be `auto` or a number of shards (1 or more)."
BAD_IDS = ("DISCORD_SHARD_IDS must list shards from 0 to DISCORD_SHARDS - 1, as a range "
           "(`0-3`) or separated by commas (`4,5`).")
IDS_WITHOUT_COUNT = "DISCORD_SHARD_IDS needs DISCORD_SHARDS, the number of shards in all."


@dataclass(frozen=True)
class ShardPlan:
    count: int | None  # None: Discord's recommendation
    ids: list[int] | None  # None: every shard

    def describe(self) -> str:
        if self.count is None:
            return "auto-sharded (Discord's recommended number of shards)"
        ids = self.ids if self.ids is not None else list(range(self.count))
        return f"shards {', '.join(map(str, ids))} of {self.count}"


def shard_plan(settings: Settings) -> ShardPlan | None:
    """The plan the settings ask for; None for one unsharded connection."""
    shards = (settings.discord_shards or "").strip().lower()
    ids_text = (settings.discord_shard_ids or "").strip()
    if not shards:
        if ids_text:
            raise ConfigError(IDS_WITHOUT_COUNT)
        return None
    if shards == "auto":
        if ids_text:
            raise ConfigError(IDS_WITHOUT_COUNT)
        return ShardPlan(None, None)
    if not shards.isdigit() or int(shards) < 1:
        raise ConfigError(BAD_SHARDS)
    count = int(shards)
    return ShardPlan(count, _ids(ids_text, count) if ids_text else None)


def _ids(text: str, count: int) -> list[int]:
    found: list[int] = []
    for part in text.split(","):
        low, dash, high = part.strip().partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ConfigError(BAD_IDS)
        first, last = int(low), int(high) if dash else int(low)
        if first > last or last >= count:
            raise ConfigError(BAD_IDS)
        found.extend(range(first, last + 1))
    if len(set(found)) != len(found):
        raise ConfigError(BAD_IDS)
    return sorted(found)
