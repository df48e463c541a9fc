"""The model analyzer's failures: configuration, retries, timeouts, API errors."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.analyzers.llm import LLMAnalyzer
from bot.errors import AnalyzerError, CheckError, ConfigError
from bot.models import Analysis, Article, SourceKind
from bot.settings import Settings
from bot.textnorm import content_hash
from tests.support.fake_openai import (
    FakeOpenAI,
    Received,
    Reply,
    completion,
    error_body,
    llm_settings,
    serve,
)
from tests.support.redis_server import free_port

TEXT = (
    "The river authority said on Friday that the flood barrier “will be finished by "
    "October,” a date the contractor has not confirmed."
)
DRAFT = {
    "summary": "The river authority expects the flood barrier to be finished by October.",
    "attributions": [],
    "claims": [
        {
            "id": "c1",
            "statement": "The flood barrier will be finished by October.",
            "quote": 'the flood barrier "will be finished by October,"',
            "claimant": "The river authority",
            "attribution": None,
            "sourcing": "named",
            "checkworthy": 0.6,
        }
    ],
    "denials": [],
    "flags": [],
}
ARTICLE = Article(text=TEXT, kind=SourceKind.TEXT, content_hash=content_hash(TEXT))


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    yield from serve()


async def _analyze(settings: Settings) -> Analysis:
    analyzer = LLMAnalyzer(settings)
    try:
        return await analyzer.analyze(ARTICLE)
    finally:
        await analyzer.aclose()


# ------------------------------------------------------------------------- configuration


def test_a_missing_model_name_is_a_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="FACTDESK_LLM_MODEL"):
        LLMAnalyzer(settings.model_copy(update={"llm_api_key": SecretStr("k")}))


def test_no_key_and_no_base_url_is_a_config_error_naming_the_key(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="FACTDESK_LLM_API_KEY"):
        LLMAnalyzer(settings.model_copy(update={"llm_model": "gpt-4o-mini"}))


async def test_a_local_server_needs_no_key(settings: Settings, fake: FakeOpenAI) -> None:
    fake.queue_completion(DRAFT)
    local = llm_settings(settings, fake, llm_api_key=None)

    await _analyze(local)

    assert fake.received[0].headers["Authorization"] == "Bearer not-needed"


# ------------------------------------------------------------------------------- retries


async def test_a_429_is_retried_by_the_client(settings: Settings, fake: FakeOpenAI) -> None:
    fake.queue(
        Reply(
            status=429, json=error_body("slow down", "rate_limit"), headers={"retry-after-ms": "20"}
        ),
        Reply(json=completion(DRAFT)),
    )

    analysis = await _analyze(llm_settings(settings, fake, llm_max_retries=2))

    assert len(fake.received) == 2
    assert fake.received[0].json == fake.received[1].json
    assert [c.id for c in analysis.claims] == ["c1"]


async def test_a_500_is_retried_by_the_client(settings: Settings, fake: FakeOpenAI) -> None:
    fake.queue(Reply(status=500, json=error_body("upstream hiccup")))
    fake.queue_completion(DRAFT)

    analysis = await _analyze(llm_settings(settings, fake, llm_max_retries=1))

    assert len(fake.received) == 2
    assert [c.id for c in analysis.claims] == ["c1"]


async def test_persistent_5xx_ends_in_a_generic_analyzer_error(
    settings: Settings, fake: FakeOpenAI
) -> None:
    secret = "stack trace at worker-7 /srv/model.py line 12"
    for _ in range(3):
        fake.queue(Reply(status=503, json=error_body(secret), headers={"retry-after-ms": "1"}))

    with pytest.raises(AnalyzerError) as caught:
        await _analyze(llm_settings(settings, fake, llm_max_retries=2))

    assert len(fake.received) == 3  # the first try and two retries
    assert "worker-7" not in caught.value.message
    assert "returned an error" in caught.value.message


async def test_a_rate_limit_that_lasts_says_so(settings: Settings, fake: FakeOpenAI) -> None:
    fake.queue(Reply(status=429, json=error_body("quota"), headers={"retry-after-ms": "1"}))

    with pytest.raises(AnalyzerError, match="rate-limiting"):
        await _analyze(llm_settings(settings, fake, llm_max_retries=0))


# ------------------------------------------------------------------------------ failures


async def test_a_timeout_is_a_clear_analyzer_error_quickly(
    settings: Settings, fake: FakeOpenAI
) -> None:
    fake.queue(Reply(json=None, delay=10.0))
    slow = llm_settings(settings, fake, llm_timeout_seconds=0.3, llm_max_retries=0)

    started = time.monotonic()
    with pytest.raises(AnalyzerError) as caught:
        await _analyze(slow)

    assert time.monotonic() - started < 5  # not the server's 10 s
    assert caught.value.message.startswith("The model did not answer within 0.3 s.")
    assert len(fake.received) == 1


async def test_a_rejected_key_names_the_key_variable(settings: Settings, fake: FakeOpenAI) -> None:
    fake.queue(Reply(status=401, json=error_body("Incorrect API key provided: sk-…", "auth")))

    with pytest.raises(ConfigError, match="FACTDESK_LLM_API_KEY") as caught:
        await _analyze(llm_settings(settings, fake))

    assert "Incorrect" not in caught.value.message
    assert len(fake.received) == 1  # an auth failure is not retried


async def test_an_unknown_model_names_the_model_variable(
    settings: Settings, fake: FakeOpenAI
) -> None:
    fake.queue(Reply(status=404, json=error_body("model 'test-model' not found", "not_found")))

    with pytest.raises(ConfigError, match="FACTDESK_LLM_MODEL"):
        await _analyze(llm_settings(settings, fake))


async def test_an_unreachable_endpoint_is_an_analyzer_error(settings: Settings) -> None:
    closed = settings.model_copy(
        update={
            "llm_base_url": f"http://127.0.0.1:{free_port()}/v1",
            "llm_api_key": SecretStr("k"),
            "llm_model": "m",
            "llm_max_retries": 0,
        }
    )
    with pytest.raises(AnalyzerError, match="could not be reached"):
        await _analyze(closed)


async def test_an_answer_cut_off_at_the_token_limit_is_explained(
    settings: Settings, fake: FakeOpenAI
) -> None:
    fake.queue_completion('{"summary": "The river', finish_reason="length")

    with pytest.raises(AnalyzerError, match="cut off"):
        await _analyze(llm_settings(settings, fake))
    assert len(fake.received) == 1


async def test_a_context_overflow_says_how_to_send_smaller_parts(
    settings: Settings, fake: FakeOpenAI
) -> None:
    body = error_body("This model's maximum context length is 8192 tokens.", "invalid_request")
    body["error"]["code"] = "context_length_exceeded"
    fake.queue(Reply(status=400, json=body))

    with pytest.raises(AnalyzerError, match="FACTDESK_LLM_CONTEXT_TOKENS"):
        await _analyze(llm_settings(settings, fake))


async def test_another_bad_request_is_a_generic_error_and_not_retried(
    settings: Settings, fake: FakeOpenAI
) -> None:
    fake.queue(Reply(status=400, json=error_body("response_format json_schema unsupported")))

    with pytest.raises(AnalyzerError) as caught:
        await _analyze(llm_settings(settings, fake))

    assert "json_schema" not in caught.value.message
    assert "returned an error" in caught.value.message
    assert len(fake.received) == 1


async def test_a_content_filter_stop_is_reported_as_declined(
    settings: Settings, fake: FakeOpenAI
) -> None:
    fake.queue_completion(None, finish_reason="content_filter")

    with pytest.raises(AnalyzerError, match="declined to analyze"):
        await _analyze(llm_settings(settings, fake))


ECHOED_KEY = "sk-factdesk-test-5e1f09c2"


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, "BadRequestError"), (401, "AuthenticationError"), (403, "PermissionDeniedError"),
     (404, "NotFoundError"), (422, "UnprocessableEntityError"), (500, "InternalServerError")],
)
async def test_an_error_echoing_the_api_key_keeps_the_key_out_of_logs(
    settings: Settings, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture, status: int,
    kind: str,
) -> None:
    """A proxy that quotes the request's headers in its error text must not put the key
    in the log: the warning says the status and the error's type, nothing the endpoint
    wrote; and the user's error carries no chained exception with that text either."""

    def echo(seen: Received) -> Reply:
        text = f"upstream refused the request (Authorization: {seen.headers['Authorization']})"
        return Reply(status=status, json=error_body(text, "proxy_error"))

    fake.responder = echo
    keyed = llm_settings(settings, fake, llm_api_key=SecretStr(ECHOED_KEY), llm_max_retries=0)

    with caplog.at_level(logging.DEBUG), pytest.raises(CheckError) as caught:
        await _analyze(keyed)

    assert fake.received[0].headers["Authorization"] == f"Bearer {ECHOED_KEY}"
    warnings = [r for r in caplog.records if r.name.startswith("bot.")
                and r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        f"llm part 1/1: API error status={status} type={kind}"
    ]
    logged = "\n".join(
        logging.Formatter().format(record) for record in caplog.records
    )
    assert ECHOED_KEY not in logged
    assert ECHOED_KEY not in caught.value.message
    shown = "".join(traceback.format_exception(caught.value))
    assert ECHOED_KEY not in shown and "Authorization" not in shown
