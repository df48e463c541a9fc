"""The Discord bot: `/factcheck`, the message menu, claim threads and verdict buttons.

Built on discord.py; everything it decides goes through `bot.service`.
"""

from handlers.discord_bot.client import FactdeskBot

__all__ = ["FactdeskBot"]
