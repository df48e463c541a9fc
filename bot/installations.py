"""Where a chat platform's installations of factdesk are kept (OAuth mode), encrypted.

One record per team under the team's hash tag (`bot.keys.installation`): the platform's
installation as JSON (its bot token among it), encrypted with Fernet (AES-128-CBC and an
HMAC, from `cryptography`) under FACTDESK_TOKEN_KEY, so a copy of Redis's data file or a
look at its keys gives no token. Several keys, comma-separated, rotate: the first
encrypts, any decrypts. The OAuth states of installs in progress are kept apart, ten
minutes each, and taken once.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot import keys
from bot.errors import ConfigError
from bot.records import Team
from bot.settings import Settings

STATE_SECONDS = 600  # an install must be finished within this long of being started

BAD_KEY = ("FACTDESK_TOKEN_KEY is not a Fernet key (32 bytes, url-safe base64). Make one "
           "with `factdesk token-key`.")
WRONG_KEY = ("A workspace's stored token cannot be decrypted with FACTDESK_TOKEN_KEY (was "
             "the key changed without keeping the old one after it?).")


def new_key() -> str:
    return Fernet.generate_key().decode()


def cipher(settings: Settings) -> MultiFernet:
    """The Fernet keys from FACTDESK_TOKEN_KEY (ConfigError when unset or malformed)."""
    settings.require("token_key")
    assert settings.token_key is not None
    parts = [k.strip() for k in settings.token_key.get_secret_value().split(",") if k.strip()]
    try:
        return MultiFernet([Fernet(part) for part in parts])
    except ValueError:
        raise ConfigError(BAD_KEY) from None


class Installations:
    """A team's installation record: saved, read, deleted; encrypted at rest."""

    def __init__(self, client: aioredis.Redis, fernet: MultiFernet) -> None:
        self._client = client
        self._fernet = fernet

    async def save(self, team: Team, record: dict[str, Any]) -> None:
        sealed = self._fernet.encrypt(json.dumps(record).encode())
        await self._client.set(keys.installation(team), sealed)

    async def find(self, team: Team) -> dict[str, Any] | None:
        sealed = await self._client.get(keys.installation(team))
        if sealed is None:
            return None
        try:
            record: dict[str, Any] = json.loads(self._fernet.decrypt(sealed))
        except InvalidToken:
            raise ConfigError(WRONG_KEY) from None
        return record

    async def delete(self, team: Team) -> bool:
        return bool(await self._client.delete(keys.installation(team)))


class OAuthStates:
    """The `state` of each install in progress: issued once, taken once, then gone."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client

    async def issue(self, state: str) -> None:
        await self._client.set(keys.oauth_state(state), b"1", ex=STATE_SECONDS)

    async def consume(self, state: str) -> bool:
        return bool(await self._client.delete(keys.oauth_state(state)))
