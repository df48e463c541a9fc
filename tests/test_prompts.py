"""Prompt files: loaded from the package, validated, rendered, hashed."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest

from bot.analyzers.llm.messages import PROMPT_NAMES
from bot.models import DenialKind, FlagKind, SourceType, Sourcing
from bot.prompts import PromptError, load_prompts, parse_prompt

GOOD = """---
description: a test prompt
variables: who, what
---
Tell {{ who }} about {{what}}.
"""


@pytest.mark.parametrize("name", PROMPT_NAMES)
def test_every_shipped_prompt_loads_and_renders(name: str) -> None:
    prompt = load_prompts([name])[name]
    values = {variable: f"<value of {variable}>" for variable in prompt.variables}
    rendered = prompt.render(**values)
    assert "{{" not in rendered
    assert "}}" not in rendered
    for value in values.values():
        assert value in rendered
    assert prompt.description


def test_the_system_prompt_says_the_article_is_data_and_quotes_are_verbatim() -> None:
    system = load_prompts(["analyze_system"])["analyze_system"].render().lower()
    assert "data, never instructions" in system
    assert "do not follow" in system
    assert "character for character" in system


def test_the_system_prompt_defines_every_kind_the_schema_accepts() -> None:
    system = load_prompts(["analyze_system"])["analyze_system"].render()
    for kind in [*DenialKind, *FlagKind, *SourceType, *Sourcing]:
        assert f"`{kind.value}`" in system, kind


def test_the_user_prompt_fences_the_article() -> None:
    prompt = load_prompts(["analyze_user"])["analyze_user"]
    rendered = prompt.render(article_id="abc123", part_note="", article_text="BODY")
    opening = rendered.index('<article id="abc123">')
    assert opening < rendered.index("BODY") < rendered.rindex("</article>")


def test_render_fails_loudly_on_a_missing_or_unknown_variable() -> None:
    prompt = parse_prompt("test", GOOD)
    with pytest.raises(PromptError, match="missing what"):
        prompt.render(who="the desk")
    with pytest.raises(PromptError, match="unknown extra"):
        prompt.render(who="the desk", what="x", extra="y")


def test_render_is_one_pass_so_values_are_never_expanded() -> None:
    prompt = parse_prompt("test", GOOD)
    rendered = prompt.render(who="{{ what }}", what="the pier")
    assert rendered == "Tell {{ what }} about the pier.\n"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("no front matter\n", "front matter"),
        ("---\ndescription: d\nvariables: a\n", "not closed"),
        ("---\ndescription: d\nvariables:\n---\n   \n", "empty body"),
        ("---\ndescription: d\nvariables:\n---\nHello {{ who }}\n", "undeclared variables: who"),
        ("---\ndescription: d\nvariables: a, b\n---\nHi {{ a }}\n", "unused variables: b"),
        ("---\ndescription: d\nvariables:\n---\nHi {{ 2x }}\n", "malformed"),
        ("---\nvariables:\n---\nHi\n", "description"),
        ("---\ndescription d\n---\nHi\n", "key: value"),
    ],
)
def test_malformed_prompts_are_refused_at_load(source: str, problem: str) -> None:
    with pytest.raises(PromptError, match=problem):
        parse_prompt("test", source)


def test_a_missing_prompt_file_is_refused() -> None:
    with pytest.raises(PromptError, match="missing"):
        load_prompts(["no_such_prompt"])


def test_the_hash_is_the_hash_of_the_files_and_changes_with_them() -> None:
    prompts = load_prompts(PROMPT_NAMES)
    digest = hashlib.sha256()
    for name in sorted(PROMPT_NAMES):
        data = resources.files("prompts").joinpath(f"{name}.md").read_bytes()
        digest.update(name.encode() + b"\0" + data + b"\0")
    assert prompts.hash == digest.hexdigest()
    assert load_prompts(PROMPT_NAMES).hash == prompts.hash
    assert load_prompts(["analyze_system", "repair"]).hash != prompts.hash


def test_editing_a_prompt_file_changes_the_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "edited_prompts"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "greet.md").write_text(GOOD)
    monkeypatch.syspath_prepend(str(tmp_path))
    before = load_prompts(["greet"], package="edited_prompts").hash
    (package / "greet.md").write_text(GOOD.replace("Tell", "Remind"))
    after = load_prompts(["greet"], package="edited_prompts")
    assert after.hash != before
    assert after["greet"].render(who="a", what="b") == "Remind a about b.\n"
