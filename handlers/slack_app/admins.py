"""Who may change a workspace's team settings: its admins and owners, and the user group
named by SLACK_ADMIN_GROUP.

Asked of Slack at the moment of the change (`users.info`, then, only for others and only
when a group is configured, `usergroups.users.list`), so a promotion or a removal counts
at once and nothing is cached. The app needs the `users:read` scope, and
`usergroups:read` for the group; a missing scope is explained to the person asking.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ConfigError

log = logging.getLogger(__name__)

MISSING_SCOPE = (
    "factdesk cannot check who may change its settings: the Slack app lacks the "
    "`{scope}` scope. Ask whoever installed it to add the scope (it is in "
    "handlers/slack_app/manifest.yaml) and reinstall the app."
)


async def may_change_settings(client: AsyncWebClient, user_id: str,
                              admin_group: str | None) -> bool:
    """True for a workspace admin or owner, or a member of `admin_group` (a user group id)."""
    try:
        answer = await client.users_info(user=user_id)
    except SlackApiError as exc:
        raise _scope_error(exc, "users:read") from exc
    user = answer.get("user") or {}
    if user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"):
        return True
    if not admin_group:
        return False
    return await in_group(client, user_id, admin_group)


async def in_group(client: AsyncWebClient, user_id: str, group: str) -> bool:
    """Whether the user is in the user group (`usergroups.users.list`, asked now)."""
    try:
        members = await client.usergroups_users_list(usergroup=group)
    except SlackApiError as exc:
        if exc.response.get("error") in ("no_such_subteam", "subteam_not_found"):
            log.warning("user group %s is not a user group of this workspace", group)
            return False
        raise _scope_error(exc, "usergroups:read") from exc
    return user_id in (members.get("users") or [])


def _scope_error(exc: SlackApiError, scope: str) -> Exception:
    """A missing scope is the installer's to fix (said so); anything else is raised as is."""
    if exc.response.get("error") == "missing_scope":
        return ConfigError(MISSING_SCOPE.format(scope=scope))
    return exc
