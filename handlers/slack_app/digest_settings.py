"""The daily digest's settings on Slack: how they read, and the form an admin changes them in.

The form (a modal) has a channel picker (`conversations_select`, so the channel comes
as an id; channels shared outside the workspace are left out, see `digest_channel`),
the local hour, the IANA time zone as text (checked with zoneinfo; "europe/paris" is
saved as Europe/Paris), and a box to turn the digest off. It opens filled with the
current settings. What it sends back is read here without any I/O, so a bad answer is
shown on the form itself within Slack's three seconds (the channel's one look-up is
`digest_channel`'s).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.errors import CheckError
from bot.records import TeamSettings
from bot.windows import zone_name
from handlers.slack_app import ids
from handlers.slack_app.blocks import Block, plain, section

COMMAND = f"{ids.COMMAND} {ids.SETTINGS_SUBCOMMAND}"
PICK_A_CHANNEL = "Pick a channel for the digest, or tick “Turn the daily digest off”."
OFF_LABEL = "Turn the daily digest off"


class FormError(CheckError):
    """An answer on the form that cannot be saved; shown under its field."""

    def __init__(self, block: str, message: str) -> None:
        super().__init__(message)
        self.block = block


def describe(settings: TeamSettings, notice: str | None = None) -> str:
    """The settings in words; `notice` (`bot.scheduler.delivery_notice`) on a line of its
    own when the last digest could not be posted."""
    when = f"{settings.digest_hour:02d}:00 {settings.timezone} time"
    if settings.digest_channel is None:
        return (f"The daily digest is *off* (when on: at {when}). A workspace admin can turn "
                f"it on with `{COMMAND}`.")
    text = (f"The daily digest is posted in <#{settings.digest_channel}> at {when}, covering "
            "the day since the previous one. In a private channel, invite factdesk first "
            "(`/invite @factdesk`).")
    return f"{text}\n{notice}" if notice else text


def _hour(hour: int) -> dict[str, Any]:
    return {"text": plain(f"{hour:02d}:00", 75), "value": str(hour)}


def _off() -> dict[str, Any]:
    return {"text": plain(OFF_LABEL, 75), "value": "off"}


def form(current: TeamSettings, channel: str | None, response_url: str | None,
         notice: str | None = None) -> dict[str, Any]:
    """The settings modal, filled with `current` (and `notice`, see `describe`); where to
    answer goes in its metadata."""
    picker: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ids.CHANNEL_ACTION,
        "placeholder": plain("Pick a channel", 150),
        # no channel shared outside the workspace: checked again on submit (digest_channel)
        "filter": {"include": ["public", "private"], "exclude_external_shared_channels": True,
                   "exclude_bot_users": True},
    }
    if current.digest_channel:
        picker["initial_conversation"] = current.digest_channel
    blocks: list[Block] = [
        section(describe(current, notice)),
        {"type": "input", "block_id": ids.CHANNEL_BLOCK, "optional": True,
         "label": plain("Post the digest in", 2000), "element": picker},
        {"type": "input", "block_id": ids.HOUR_BLOCK,
         "label": plain("At this local hour", 2000),
         "element": {"type": "static_select", "action_id": ids.HOUR_ACTION,
                     "options": [_hour(h) for h in range(24)],
                     "initial_option": _hour(current.digest_hour)}},
        {"type": "input", "block_id": ids.ZONE_BLOCK,
         "label": plain("Time zone", 2000),
         "hint": plain("An IANA name, such as Europe/Paris, America/New_York or UTC.", 2000),
         "element": {"type": "plain_text_input", "action_id": ids.ZONE_ACTION,
                     "initial_value": current.timezone, "max_length": 64}},
        {"type": "input", "block_id": ids.OFF_BLOCK, "optional": True,
         "label": plain("Off", 2000),
         "element": {"type": "checkboxes", "action_id": ids.OFF_ACTION, "options": [_off()]}},
    ]
    return {
        "type": "modal",
        "callback_id": ids.SETTINGS_MODAL,
        "title": plain("Daily digest", 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"channel": channel, "response_url": response_url}),
        "blocks": blocks,
    }


@dataclass(frozen=True)
class Origin:
    """Where the form was opened from: to answer the admin there once it is saved."""

    channel: str | None = None
    response_url: str | None = None


def origin(view: dict[str, Any]) -> Origin:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return Origin()
    if not isinstance(meta, dict):
        return Origin()
    return Origin(channel=meta.get("channel") or None,
                  response_url=meta.get("response_url") or None)


def read_form(view: dict[str, Any]) -> TeamSettings:
    """The settings the form asks for; `FormError` names the field to fix."""
    values = (view.get("state") or {}).get("values") or {}

    def answer(block: str, action: str) -> dict[str, Any]:
        found = (values.get(block) or {}).get(action) or {}
        return found if isinstance(found, dict) else {}

    off = bool(answer(ids.OFF_BLOCK, ids.OFF_ACTION).get("selected_options"))
    channel = answer(ids.CHANNEL_BLOCK, ids.CHANNEL_ACTION).get("selected_conversation")
    if not off and not channel:
        raise FormError(ids.CHANNEL_BLOCK, PICK_A_CHANNEL)
    hour_option = answer(ids.HOUR_BLOCK, ids.HOUR_ACTION).get("selected_option") or {}
    hour = str(hour_option.get("value", ""))
    if not hour.isdigit() or not 0 <= int(hour) <= 23:
        raise FormError(ids.HOUR_BLOCK, "Pick the hour of the day to post the digest.")
    typed = str(answer(ids.ZONE_BLOCK, ids.ZONE_ACTION).get("value") or "UTC")
    try:
        timezone = zone_name(typed)
    except CheckError as exc:
        raise FormError(ids.ZONE_BLOCK, exc.message) from None
    return TeamSettings(digest_channel=None if off else str(channel), digest_hour=int(hour),
                        timezone=timezone)
