"""docs/settings.md and .env.example are generated from Settings and stay in step with it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.settings_doc import env_example, markdown, settings_docs
from bot.settings import Settings, env_name

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_LINE = re.compile(r"^# ([A-Z][A-Z0-9_]*)=(.*)$")


def test_docs_settings_md_is_the_generated_reference() -> None:
    """If this fails: python -m bot.ops.settings_doc > docs/settings.md"""
    assert (REPO / "docs" / "settings.md").read_text("utf-8") == markdown()


def test_env_example_is_the_generated_file() -> None:
    """If this fails: python -m bot.ops.settings_doc --env-example > .env.example"""
    assert (REPO / ".env.example").read_text("utf-8") == env_example()


def test_the_documented_command_prints_the_reference() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "bot.ops.settings_doc"], cwd=REPO, capture_output=True,
        text=True, check=True, timeout=60,
    ).stdout
    assert printed == (REPO / "docs" / "settings.md").read_text("utf-8")


def test_every_field_is_documented_once_under_its_variable() -> None:
    documented = [doc.env for doc in settings_docs()]
    assert documented == [env_name(name) for name in Settings.model_fields]
    assert len(set(documented)) == len(documented)
    reference = markdown()
    example_names = [m.group(1) for line in env_example().splitlines()
                     if (m := EXAMPLE_LINE.match(line))]
    assert example_names == documented
    for doc in settings_docs():
        assert f"| `{doc.env}`" in reference
        assert doc.description, f"{doc.env} has no description in bot/settings.py"


def test_aliases_and_secrets_are_shown() -> None:
    docs = {doc.env: doc for doc in settings_docs()}
    assert docs["FACTDESK_LLM_API_KEY"].aliases == ("OPENAI_API_KEY",)
    assert docs["FACTDESK_LLM_API_KEY"].secret and docs["DISCORD_TOKEN"].secret
    assert not docs["FACTDESK_LLM_MODEL"].secret
    assert docs["FACTDESK_ANALYZER"].type == "auto | rules | llm"
    assert docs["FACTDESK_METRICS_PORT"].type == "int (optional)"
    assert "(or `OPENAI_API_KEY`)" in markdown()


def test_example_values_uncommented_are_valid_and_are_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who uncomments every line with a value gets exactly the defaults."""
    for doc in settings_docs():
        for name in (doc.env, *doc.aliases):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    uncommented = [
        line[2:] for line in env_example().splitlines()
        if (m := EXAMPLE_LINE.match(line)) and m.group(2)
    ]
    assert len(uncommented) >= 10
    env_file = tmp_path / "filled.env"
    env_file.write_text("\n".join(uncommented) + "\n", "utf-8")
    from_file = Settings(_env_file=env_file)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert from_file == defaults
    # …and a changed value in that file is really read (the file is not ignored).
    env_file.write_text("FACTDESK_FETCH_USER_AGENT=\"desk bot (test)\"\n", "utf-8")
    assert Settings(_env_file=env_file).fetch_user_agent == "desk bot (test)"  # type: ignore[call-arg]
