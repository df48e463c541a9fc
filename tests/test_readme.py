"""What the README promises a newcomer who cloned the repository (no ../shared beside it)."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import ROOT, factdesk
from tests.support.fake_openai import FakeOpenAI, Reply, completion, serve
from tests.test_llm_analyzer import ARTICLE as MODEL_ARTICLE
from tests.test_llm_analyzer import DRAFT

README = (ROOT / "README.md").read_text("utf-8")


def first_command() -> list[str]:
    """The `factdesk analyze …` of the README's first shell block, as words."""
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    for step in block.group(1).split("&&"):
        words = shlex.split(step)
        if words[0].endswith("factdesk") and words[1] == "analyze":
            return words[1:]
    raise AssertionError("the README's first command analyzes nothing")


def test_the_first_commands_article_is_in_the_repository() -> None:
    _, article = first_command()
    path = (ROOT / article).resolve()
    assert path.is_file(), f"{article} is not in the repository"
    assert path.is_relative_to(ROOT), "a clone has nothing outside its own folder"
    text = path.read_text("utf-8")
    for phrase in ("denied the report", "declined to comment", "on condition of anonymity"):
        assert phrase in text, f"the example keeps its plain phrasing: {phrase!r}"


def test_the_first_command_prints_an_analysis_of_the_shipped_example(
    cli_env: dict[str, str],
) -> None:
    env = {**cli_env, "FACTDESK_TEST_CWD": str(ROOT)}  # the README's commands run there
    text = factdesk(*first_command(), env=env)
    assert text.returncode == 0, text.stderr
    assert "Denials and responses" in text.stdout and "Attributions to verify" in text.stdout
    done = factdesk("analyze", "--format", "json", first_command()[1], env=env)
    assert done.returncode == 0, done.stderr
    analysis = json.loads(done.stdout)
    kinds = {denial["kind"] for denial in analysis["denials"]}
    assert kinds & {"denial", "no_comment", "declined"}, analysis["denials"]
    flags = {flag["kind"] for flag in analysis["flags"]}
    assert "anonymous_source" in flags, analysis["flags"]


def test_version(cli_env: dict[str, str]) -> None:
    done = factdesk("--version", env=cli_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"factdesk {importlib.metadata.version('factdesk')}"


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    yield from serve()


def test_openai_variables_already_in_the_environment_are_used(
    cli_env: dict[str, str], model: FakeOpenAI, tmp_path: Path
) -> None:
    assert "`OPENAI_BASE_URL` and `OPENAI_API_KEY`" in README
    article = tmp_path / "velmora.txt"
    article.write_text(MODEL_ARTICLE)
    model.queue(Reply(json=completion(DRAFT)))
    env = {**cli_env, "OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "sk-from-env",
           "FACTDESK_LLM_MODEL": "test-model"}
    done = factdesk("analyze", "--format", "json", str(article), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["engine"]["analyzer"] == "llm"
    [request] = model.received
    assert request.headers["Authorization"] == "Bearer sk-from-env"
