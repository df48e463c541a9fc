"""Run `factdesk` as a user would: a real process with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def factdesk(*args: str, env: dict[str, str], stdin: bytes | None = None
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=env["FACTDESK_TEST_CWD"], env=env, input=stdin.decode() if stdin else None,
        capture_output=True, text=True, timeout=120, check=False,
    )


def cli_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FACTDESK_", "REDIS_", "OPENAI_", "SLACK_", "DISCORD_"))}
    env.update({
        "FACTDESK_STATE_DIR": str(tmp_path / "state"),
        "FACTDESK_FETCH_ALLOW": "127.0.0.1",
        "FACTDESK_TEST_CWD": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    })
    return env
