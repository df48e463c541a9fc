"""The ids Slack sends back to us: commands, callback ids, action ids, block ids.

Buttons must keep working after a restart, so an id carries everything the handler
needs besides what is on the desk: `factdesk:discuss` and `factdesk:verdict:<status>`
with the desk's claim id in the button's `value`.
"""

from __future__ import annotations

import re

from bot.records import ClaimStatus

PLATFORM = "slack"  # a Slack team's records are under fd:{slack:<team id>}
COMMAND = "/factcheck"
SHORTCUT = "factdesk:check_message"  # message shortcut "Fact-check this message"
MODAL = "factdesk:check_modal"  # the paste-an-article modal's callback id

# `/factcheck digest-settings` and `/factcheck digest [window]`, and the settings form.
SETTINGS_SUBCOMMAND = "digest-settings"
DIGEST_SUBCOMMAND = "digest"
HELP_SUBCOMMAND = "help"
SETTINGS_MODAL = "factdesk:digest_settings"
CHANNEL_BLOCK, CHANNEL_ACTION = "factdesk:digest:channel", "channel"
HOUR_BLOCK, HOUR_ACTION = "factdesk:digest:hour", "hour"
ZONE_BLOCK, ZONE_ACTION = "factdesk:digest:zone", "zone"
OFF_BLOCK, OFF_ACTION = "factdesk:digest:off", "off"

DISCUSS = "factdesk:discuss"
DISCUSS_PICK = "factdesk:discuss-pick"  # the "Discuss another…" menu
FULL = "factdesk:full"  # "Full analysis": the file and the paged view
FULL_MODAL = "factdesk:full_view"  # the paged view's callback id
FULL_PAGE = "factdesk:full-page"  # its Previous / Next buttons (value: the page)
REASON_MODAL = "factdesk:verdict_reason"  # the verdict's reason form
REASON_BLOCK, REASON_ACTION = "factdesk:reason", "reason"
VERDICT_PREFIX = "factdesk:verdict:"
VERDICT = re.compile(r"^factdesk:verdict:(?P<status>[a-z_]+)$")

# The modal's inputs: block ids and action ids.
LINK_BLOCK, LINK_ACTION = "factdesk:link", "link"
TEXT_BLOCK_PREFIX, TEXT_ACTION = "factdesk:text:", "text"
TEXT_PARTS = 5  # 5 × 3,000 characters: Slack caps one plain text input at 3,000

VERDICTS = [status for status in ClaimStatus if status is not ClaimStatus.OPEN]


def verdict_action(status: ClaimStatus) -> str:
    return f"{VERDICT_PREFIX}{status.value}"


def verdict_status(action_id: str) -> ClaimStatus | None:
    """The verdict a button stands for (open for Reopen), or None if the id is not ours."""
    match = VERDICT.match(action_id)
    if match is None:
        return None
    try:
        status = ClaimStatus(match["status"])
    except ValueError:
        return None
    return status  # OPEN: the Reopen button


def text_block(part: int) -> str:
    return f"{TEXT_BLOCK_PREFIX}{part}"
