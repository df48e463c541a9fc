"""One structured-output call to an OpenAI-compatible endpoint, and its failures in plain words.

`make_client` builds the `AsyncOpenAI` client from settings, so OpenAI, Azure's v1
endpoint, Ollama, vLLM and llama.cpp all work through `base_url`. Retries of 429, 5xx
and dropped connections are the client's own (`max_retries`), with its back-off and its
respect for `Retry-After`; we do not retry on top.

`ModelCaller.call` sends one request with the draft model as `response_format` and
returns a `CallResult` even when the answer cannot be read, because the repair step needs
the bad text and the validation error, and the tokens spent count either way. Transport
and API failures become `CheckError`s with messages a newsroom user can act on; the log
gets the status and the exception's type only, never the endpoint's error text (a proxy
may echo the request's headers, API key included, into it).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import openai
from openai import AsyncOpenAI
from openai._legacy_response import LegacyAPIResponse
from openai.types.chat import ChatCompletionMessageParam, ParsedChatCompletion
from pydantic import ValidationError

from bot.analyzers.llm.schema import AnalysisDraft
from bot.errors import AnalyzerError, ConfigError
from bot.settings import Settings, env_name

log = logging.getLogger("bot.analyzers.llm")

# Local servers (Ollama, vLLM, llama.cpp) accept any key but the client insists on one.
LOCAL_PLACEHOLDER_KEY = "not-needed"
RULES_HINT = f"or use the rules engine ({env_name('analyzer')}=rules)"
UNREADABLE = "The model's answer could not be read; try again, or use the rules engine."
UNUSABLE = f"The model endpoint gave a reply we cannot use. Try again, {RULES_HINT}."
REFUSED = f"The model declined to analyze this article. Try again, {RULES_HINT}."


def make_client(settings: Settings) -> AsyncOpenAI:
    """The client for the configured endpoint; `ConfigError` names what is missing."""
    settings.require("llm_model")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    if not key:
        if not settings.llm_base_url:
            raise ConfigError(
                f"Set {env_name('llm_api_key')} (in the environment or .env) to use the model, "
                f"or {env_name('llm_base_url')} for a local server that needs no key."
            )
        key = LOCAL_PLACEHOLDER_KEY
    return AsyncOpenAI(
        base_url=settings.llm_base_url,
        api_key=key,
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
    )


@dataclass(frozen=True)
class CallResult:
    """One answer: the draft if it could be read, else the raw text and what was wrong."""

    draft: AnalysisDraft | None
    content: str
    error: str | None
    tokens_in: int
    tokens_out: int


class ModelCaller:
    """Sends chat requests for one model and logs each call (model, tokens, duration)."""

    def __init__(self, client: AsyncOpenAI, settings: Settings) -> None:
        self.client = client
        self.model = settings.llm_model or ""
        self.timeout = settings.llm_timeout_seconds

    async def call(self, messages: list[ChatCompletionMessageParam], label: str) -> CallResult:
        """One request; `label` names it in the log ("part 2/3", "repair 1/1")."""
        started = time.perf_counter()
        try:
            raw = await self.client.chat.completions.with_raw_response.parse(
                model=self.model, messages=messages, response_format=AnalysisDraft
            )
        except openai.APIError as exc:
            # Not chained: the endpoint's error text (which a proxy may fill with our own
            # Authorization header) must not ride along into a logged traceback.
            raise self._translate(exc, label) from None
        result = self._read(raw, label)
        log.info(
            "llm call model=%s %s tokens_in=%d tokens_out=%d duration_ms=%.0f%s",
            self.model,
            label,
            result.tokens_in,
            result.tokens_out,
            (time.perf_counter() - started) * 1000,
            " unreadable" if result.draft is None else "",
        )
        return result

    def _read(
        self, raw: LegacyAPIResponse[ParsedChatCompletion[AnalysisDraft]], label: str
    ) -> CallResult:
        try:
            completion = raw.parse()
        except ValidationError as exc:  # the answer's JSON, not the envelope, is wrong
            content, tokens_in, tokens_out = _lenient(raw.text)
            return CallResult(None, content, describe(exc), tokens_in, tokens_out)
        except ValueError:  # the body itself is not JSON: a broken endpoint or proxy
            log.warning("llm %s: the endpoint's reply is not JSON", label)
            raise AnalyzerError(UNUSABLE) from None
        except openai.LengthFinishReasonError:
            log.warning("llm %s: answer cut off at the token limit", label)
            raise AnalyzerError(
                "The model's answer was cut off before it was complete; set a lower "
                f"{env_name('llm_context_tokens')}, {RULES_HINT}."
            ) from None
        except openai.ContentFilterFinishReasonError:
            log.info("llm %s: the endpoint's content filter stopped the answer", label)
            raise AnalyzerError(REFUSED) from None
        if not isinstance(completion, ParsedChatCompletion) or not completion.choices:
            log.warning("llm %s: the endpoint's reply is not a chat completion", label)
            raise AnalyzerError(UNUSABLE)
        usage = completion.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        message = completion.choices[0].message
        if message.refusal:
            log.info("llm %s: the model refused", label)
            raise AnalyzerError(REFUSED)
        if message.parsed is None:
            return CallResult(
                None, message.content or "", "The answer was empty.", tokens_in, tokens_out
            )
        return CallResult(message.parsed, message.content or "", None, tokens_in, tokens_out)

    def _translate(self, exc: openai.APIError, label: str) -> Exception:
        """A user-facing error for an API failure; the details go to the log only."""
        if isinstance(exc, openai.APITimeoutError):
            log.warning("llm %s: no answer within %.1f s", label, self.timeout)
            return AnalyzerError(
                f"The model did not answer within {self.timeout:g} s. Try again later, "
                f"raise {env_name('llm_timeout_seconds')}, {RULES_HINT}."
            )
        if isinstance(exc, openai.APIConnectionError):
            log.warning("llm %s: cannot reach the endpoint (%s)", label, type(exc).__name__)
            return AnalyzerError(
                f"The model endpoint could not be reached. Check {env_name('llm_base_url')}, "
                f"try again later, {RULES_HINT}."
            )
        status = getattr(exc, "status_code", None)
        log.warning("llm %s: API error status=%s type=%s", label, status, type(exc).__name__)
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ConfigError(
                f"The model endpoint refused the API key. Check {env_name('llm_api_key')}."
            )
        if isinstance(exc, openai.NotFoundError):
            return ConfigError(
                f"The model endpoint does not know the model {self.model!r}. Check "
                f"{env_name('llm_model')} and {env_name('llm_base_url')}."
            )
        if isinstance(exc, openai.BadRequestError) and _context_exceeded(exc):
            return AnalyzerError(
                "The article is too long for the model in one piece. Set a lower "
                f"{env_name('llm_context_tokens')} so it is sent in smaller parts, {RULES_HINT}."
            )
        if isinstance(exc, openai.RateLimitError):
            return AnalyzerError(
                f"The model service is rate-limiting us. Try again in a minute, {RULES_HINT}."
            )
        return AnalyzerError(f"The model service returned an error. Try again, {RULES_HINT}.")


def describe(exc: ValidationError, limit: int = 12) -> str:
    """The validation errors as short lines for the model to correct (not for users)."""
    lines = []
    for error in exc.errors(include_url=False)[:limit]:
        where = ".".join(str(part) for part in error["loc"]) or "(the whole answer)"
        lines.append(f"- {where}: {error['msg']}")
    if len(exc.errors()) > limit:
        lines.append(f"- … and {len(exc.errors()) - limit} more errors of the same kinds")
    return "\n".join(lines)


def _context_exceeded(exc: openai.BadRequestError) -> bool:
    """Whether a 400 says the request was longer than the model's context window."""
    code = getattr(exc, "code", None) or ""
    return code == "context_length_exceeded" or "context length" in exc.message.lower()


def _lenient(body: str) -> tuple[str, int, int]:
    """Content and token counts of a reply whose content did not validate."""
    try:
        data = json.loads(body)
        content = data["choices"][0]["message"].get("content") or ""
        usage = data.get("usage") or {}
        return (
            str(content),
            int(usage.get("prompt_tokens") or 0),
            int(usage.get("completion_tokens") or 0),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "", 0, 0
