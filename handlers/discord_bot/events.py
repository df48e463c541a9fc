"""One interaction, handled: its log context and how long its user waited for an answer.

Every handler body runs inside `handling(interaction)`: a `bot.logs.check_context` for the
guild, so every log line of the event carries one correlation id, and the id a user is
shown on a failure (`replies.report_failure`) is that same id. The moment the handler
starts is kept too, and `acknowledged()` — called right after the first response
(defer, modal or message) — records the wait in `factdesk_ack_seconds{platform="discord"}`.

The wait is measured from when discord.py hands the interaction to our handler (a
monotonic clock, immune to clock skew against Discord's), so it covers our own work and
the acknowledging request, which is what we can make slow.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import discord

from bot import logs
from bot.inflight import InFlight
from bot.ops import metrics

PLATFORM = "discord"


@dataclass
class _Event:
    started: float
    acked: bool = False


_EVENT: ContextVar[_Event | None] = ContextVar("factdesk_discord_event", default=None)


def team_key(interaction: discord.Interaction[Any]) -> str | None:
    """The guild as a team key for logs; None outside a server (the handler refuses it)."""
    if interaction.guild_id is None:
        return None
    return f"{PLATFORM}:{interaction.guild_id}"


@contextlib.contextmanager
def handling(interaction: discord.Interaction[Any]) -> Iterator[logs.CheckContext]:
    """The context of one interaction's handling: log correlation, the ack clock, and
    the bot's in-flight work (so a stopping bot lets it finish, `command.serve`)."""
    token = _EVENT.set(_Event(started=time.perf_counter()))
    inflight = getattr(interaction.client, "inflight", None)
    tracked = inflight.track() if isinstance(inflight, InFlight) else contextlib.nullcontext()
    try:
        with tracked, logs.check_context(team=team_key(interaction)) as context:
            yield context
    finally:
        _EVENT.reset(token)


def acknowledged() -> None:
    """The interaction has its first response: record the wait (once per interaction)."""
    event = _EVENT.get()
    if event is None or event.acked:
        return
    event.acked = True
    metrics.observe_ack(PLATFORM, time.perf_counter() - event.started)
