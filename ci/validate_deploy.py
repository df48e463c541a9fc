"""Check docker-compose.yml and the Dockerfile for what the deployment promises.

    python ci/validate_deploy.py [docker-compose.yml] [Dockerfile]

The Compose specification's JSON schema (run by check-jsonschema, see ci/check_ops.sh)
says the file is well-formed; it cannot say that Redis persists its data, that the bots
wait for a healthy Redis, or that no token is written into the file. This does. Needs
ruamel.yaml, which check-jsonschema brings. Exit 0 when all holds, 1 with one line per
problem otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BOTS = {"slack": "slack", "discord": "discord"}  # service -> `factdesk` subcommand
REDIS_URL = "redis://redis:6379/0"
RESTARTS = {"on-failure", "unless-stopped", "always"}
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|API_KEY", re.IGNORECASE)


def load_compose(path: Path) -> dict[str, Any]:
    """The compose file as plain data, with YAML anchors and merge keys resolved."""
    from ruamel.yaml import YAML  # here: the Dockerfile checks need no YAML library

    data = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a YAML mapping")
    return data


def _words(command: Any) -> list[str]:
    if isinstance(command, str):
        return command.split()
    return [str(word) for word in command or []]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) for item in env)
        return {p[0]: p[1] if len(p) > 1 else "" for p in pairs}
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _env_files(service: dict[str, Any]) -> list[str]:
    files = service.get("env_file") or []
    files = [files] if isinstance(files, str | dict) else files
    return [item["path"] if isinstance(item, dict) else str(item) for item in files]


def compose_problems(compose: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    services: dict[str, Any] = compose.get("services") or {}
    volumes: dict[str, Any] = compose.get("volumes") or {}

    redis = services.get("redis")
    if not redis:
        return ["no redis service"]
    if "--appendonly" not in _words(redis.get("command")) or "yes" not in _words(
        redis.get("command")
    ):
        problems.append("redis: append-only persistence is not on (--appendonly yes)")
    data_volumes = [v.split(":", 1)[0] for v in redis.get("volumes") or [] if isinstance(v, str)
                    and v.split(":", 2)[1:2] == ["/data"]]
    if not data_volumes or data_volumes[0] not in volumes:
        problems.append("redis: /data is not on a named volume declared under `volumes`")
    if not (redis.get("healthcheck") or {}).get("test"):
        problems.append("redis: no health check")
    if "profiles" in redis:
        problems.append("redis: must not be behind a profile")

    images = set()
    for name, subcommand in BOTS.items():
        bot = services.get(name)
        if not bot:
            problems.append(f"no {name} service")
            continue
        images.add(bot.get("image"))
        if _words(bot.get("command")) != [subcommand]:
            problems.append(f"{name}: command should be [{subcommand!r}] (factdesk {subcommand})")
        depends = bot.get("depends_on") or {}
        if not isinstance(depends, dict) or (depends.get("redis") or {}).get(
            "condition"
        ) != "service_healthy":
            problems.append(f"{name}: does not wait for redis to be healthy")
        if bot.get("restart") not in RESTARTS:
            problems.append(f"{name}: restart policy {bot.get('restart')!r} does not restart "
                            "on failure")
        if ".env" not in _env_files(bot):
            problems.append(f"{name}: not configured from the .env file")
        env = _environment(bot)
        if env.get("REDIS_URL") != REDIS_URL:
            problems.append(f"{name}: REDIS_URL should be {REDIS_URL}")
        for key, value in env.items():
            if SECRET_NAME.search(key) and value and not value.startswith("${"):
                problems.append(f"{name}: {key} is written into the compose file; use .env")
        if "profiles" in bot:
            problems.append(f"{name}: must not be behind a profile")
    if len(images) > 1:
        problems.append("the bots do not share one image")

    for name, service in services.items():
        if name not in BOTS and name != "redis" and not service.get("profiles"):
            problems.append(f"{name}: optional services must be behind a profile (off by "
                            "default)")
    return problems


def dockerfile_problems(text: str) -> list[str]:
    lines = _instructions(text)
    problems: list[str] = []
    froms = [args for op, args in lines if op == "FROM"]
    args = dict(
        a.split("=", 1) for op, a in lines if op == "ARG" and "=" in a
    )
    bases = [re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), f.split()[0])
             for f in froms]
    if not bases or not re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", bases[-1]):
        problems.append(f"final stage is not a slim Python 3.11 image: {bases[-1:]}")
    users = [a for op, a in lines if op == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append("the app runs as root (no non-root USER in the final stage)")
    if not any(op == "HEALTHCHECK" and "bot.ops.probe" in a for op, a in lines):
        problems.append("no HEALTHCHECK running bot.ops.probe")
    if not any(op == "RUN" and "requirements.lock" in a for op, a in lines):
        problems.append("dependencies are not installed from requirements.lock")
    for op, a in lines:
        if op in ("ENV", "ARG") and SECRET_NAME.search(a):
            problems.append(f"{op} {a.split()[0]}: secrets must not be baked into the image")
        if op in ("COPY", "ADD") and re.search(r"(^|\s)\.env(\s|$)|(^|\s)\.(\s|$)", a):
            problems.append(f"{op} {a}: copies .env or the whole context into the image")
    return problems


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    result = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            op, _, rest = stripped.partition(" ")
            result.append((op.upper(), rest.strip()))
    return result


def dockerignore_problems(text: str) -> list[str]:
    patterns = [line.strip() for line in text.splitlines() if line.strip()
                and not line.startswith("#")]
    everything_out = "*" in patterns and "!.env" not in patterns
    if not everything_out and not {".env", "**/.env"} & set(patterns):
        return [".dockerignore does not keep .env out of the build context"]
    return []


def main(argv: list[str]) -> int:
    compose_path = Path(argv[0]) if argv else ROOT / "docker-compose.yml"
    dockerfile = Path(argv[1]) if len(argv) > 1 else ROOT / "Dockerfile"
    problems = [f"{compose_path.name}: {p}" for p in compose_problems(load_compose(compose_path))]
    problems += [f"{dockerfile.name}: {p}" for p in dockerfile_problems(
        dockerfile.read_text("utf-8"))]
    ignore = dockerfile.parent / ".dockerignore"
    problems += [f".dockerignore: {p}" for p in dockerignore_problems(
        ignore.read_text("utf-8") if ignore.exists() else "")]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("deployment files: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
