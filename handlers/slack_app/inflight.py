"""The Slack app's in-flight work: `bot.inflight.InFlight`, shared with Discord."""

from bot.inflight import InFlight

__all__ = ["InFlight"]
