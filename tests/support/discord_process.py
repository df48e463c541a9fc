"""`factdesk discord` as its own process, with discord.py pointed at local fakes.

`python -m tests.support.discord_process [options]` runs `factdesk discord [options]`
after pointing the REST API at FACTDESK_TEST_DISCORD_API (`discord.http.Route.BASE`) and
the gateway at FACTDESK_TEST_DISCORD_GATEWAY: the two settings that discord.py has no
environment variable for.
"""

from __future__ import annotations

import os
import sys

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.cli import main

if __name__ == "__main__":
    discord.http.Route.BASE = os.environ["FACTDESK_TEST_DISCORD_API"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FACTDESK_TEST_DISCORD_GATEWAY"])
    sys.exit(main(["discord", *sys.argv[1:]]))
