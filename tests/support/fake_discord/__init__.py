"""A fake Discord REST API on 127.0.0.1, and the gateway payloads that drive the bot.

The bot under test is discord.py's own client, logged in over HTTP (`bot.login`) against
this server (`discord.http.Route.BASE` points here; its gateway at a closed local port).
Interactions are fed through discord.py's own gateway parsing (`parse_interaction_create`)
with payloads shaped like Discord's INTERACTION_CREATE events; whatever the bot does then
arrives here as REST calls, which are recorded (method, path, JSON) for the test to assert
on.

Only the routes factdesk uses are served, with realistic answers: the bot's user and
application, command sync, interaction callbacks, webhook follow-ups, channel messages and
threads. Anything else answers 404, so an unexpected call shows up as a failure.

The parts: `payloads` (Discord's JSON shapes and the fake's ids), `server` (the REST API
and its recorded calls), `interactions` (what users do, fed to the bot), `messages`
(reading what the bot sent) and `running` (discord.py pointed here, the bot logged in).
Tests import every name from this package.
"""

from __future__ import annotations

from tests.support.fake_discord.interactions import (
    Interactions,
    channel_option,
    feed,
    give_verdict,
    role_option,
)
from tests.support.fake_discord.messages import (
    MASKED_LINKS,
    all_text,
    allowed_mentions_of,
    components_of,
    embed_chars,
    is_followup,
    live_masked_links,
    sent_messages,
)
from tests.support.fake_discord.payloads import (
    ADMIN_PERMISSIONS,
    APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_PERMISSIONS,
    TOKEN,
    member_payload,
    message_payload,
    text_channel_payload,
    thread_payload,
    user_payload,
)
from tests.support.fake_discord.running import (
    DiscordInAThread,
    discord_api,
    logged_in,
    point_discord_at,
)
from tests.support.fake_discord.server import Call, FakeDiscord, Route

__all__ = [
    "ADMIN_PERMISSIONS",
    "APP_ID",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "GUILD_ID",
    "MASKED_LINKS",
    "MEMBER_PERMISSIONS",
    "TOKEN",
    "Call",
    "DiscordInAThread",
    "FakeDiscord",
    "Interactions",
    "Route",
    "all_text",
    "allowed_mentions_of",
    "channel_option",
    "components_of",
    "discord_api",
    "embed_chars",
    "feed",
    "give_verdict",
    "is_followup",
    "live_masked_links",
    "logged_in",
    "member_payload",
    "message_payload",
    "point_discord_at",
    "role_option",
    "sent_messages",
    "text_channel_payload",
    "thread_payload",
    "user_payload",
]
