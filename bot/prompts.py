"""Prompts are data: Markdown files in the `prompts` package, loaded and checked at start.

Each file opens with a small front matter that declares the variables it takes:

    ---
    description: what the prompt is for
    variables: article_id, article_text
    ---
    The body, with {{ article_id }} placeholders.

Loading fails loudly (`PromptError`) when a file is missing, empty, uses a placeholder it
does not declare or declares one it never uses, so a broken prompt stops the bot at start
rather than at the first check. Rendering fails when a variable is missing or unknown.
Substitution is one pass: a value that itself contains `{{ x }}` (an article can) is
inserted as is, never expanded. `PromptSet.hash` is the sha256 of every file's bytes, so
editing any prompt changes the hash that cache keys carry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from importlib import resources

from pydantic import BaseModel, ConfigDict

PACKAGE = "prompts"
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_STRAY_BRACES = re.compile(r"\{\{|\}\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PromptError(ValueError):
    """A prompt file is missing or malformed, or was rendered with the wrong variables.

    Our fault (the files ship with the code), not the user's: it is not a `CheckError`.
    """


class Prompt(BaseModel):
    """One prompt file: its declared variables and its body."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    variables: frozenset[str]
    body: str

    def render(self, **values: str) -> str:
        """The body with every placeholder replaced; missing or unknown names raise."""
        missing = self.variables - values.keys()
        unknown = values.keys() - self.variables
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(sorted(missing))}")
            if unknown:
                parts.append(f"unknown {', '.join(sorted(unknown))}")
            raise PromptError(f"prompt {self.name!r}: {'; '.join(parts)}")
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], self.body)


class PromptSet(BaseModel):
    """Prompts loaded together, with the content hash that identifies this version of them."""

    model_config = ConfigDict(frozen=True)

    prompts: Mapping[str, Prompt]
    hash: str  # sha256 hex of the files' names and bytes

    def __getitem__(self, name: str) -> Prompt:
        try:
            return self.prompts[name]
        except KeyError:
            raise PromptError(f"no prompt named {name!r} in this set") from None


def parse_prompt(name: str, source: str) -> Prompt:
    """A prompt from the text of its file, validated (see the module doc)."""
    if not _NAME.match(name):
        raise PromptError(f"prompt name {name!r}: use lower case letters, digits and _")
    meta, body = _split_front_matter(name, source)
    if not body.strip():
        raise PromptError(f"prompt {name!r} has an empty body")
    declared = frozenset(v.strip() for v in meta.get("variables", "").split(",") if v.strip())
    used = frozenset(_PLACEHOLDER.findall(body))
    if used - declared:
        raise PromptError(
            f"prompt {name!r} uses undeclared variables: {', '.join(sorted(used - declared))}"
        )
    if declared - used:
        raise PromptError(
            f"prompt {name!r} declares unused variables: {', '.join(sorted(declared - used))}"
        )
    if _STRAY_BRACES.search(_PLACEHOLDER.sub("", body)):
        raise PromptError(f"prompt {name!r} has a malformed {{{{ placeholder }}}}")
    description = meta.get("description", "").strip()
    if not description:
        raise PromptError(f"prompt {name!r} needs a description in its front matter")
    return Prompt(name=name, description=description, variables=declared, body=body)


def load_prompts(names: Iterable[str], package: str = PACKAGE) -> PromptSet:
    """Load and validate `names` (file stems) from `package`; any problem raises at once."""
    root = resources.files(package)
    prompts: dict[str, Prompt] = {}
    digest = hashlib.sha256()
    for name in sorted(set(names)):
        resource = root.joinpath(f"{name}.md")
        if not resource.is_file():
            raise PromptError(f"prompt file {package}/{name}.md is missing")
        data = resource.read_bytes()
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise PromptError(f"prompt file {package}/{name}.md is not UTF-8") from None
        prompts[name] = parse_prompt(name, source)
        digest.update(name.encode() + b"\0" + data + b"\0")
    return PromptSet(prompts=prompts, hash=digest.hexdigest())


def _split_front_matter(name: str, source: str) -> tuple[dict[str, str], str]:
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise PromptError(f"prompt {name!r} must start with a '---' front matter block")
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return meta, "".join(lines[index + 1 :]).strip("\n") + "\n"
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise PromptError(f"prompt {name!r}: front matter line {index + 1} is not 'key: value'")
        meta[key.strip()] = value.strip()
    raise PromptError(f"prompt {name!r}: front matter is not closed with '---'")
