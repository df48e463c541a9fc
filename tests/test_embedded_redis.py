"""The embedded Redis as `factdesk analyze` uses it: real processes, real redis-server.

One server per state folder, shared by concurrent and later commands, gone after the idle
time whatever happened to the commands (SIGTERM, a data file it cannot write); a state
folder that cannot hold data is one line and exit 2, with nothing left running.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import embedded_redis
from tests.support.articles import HARBOUR, SCHOOLS
from tests.support.cli import factdesk
from tests.support.embedded import embedded_processes, servers

IDLE = 1.0  # seconds; the keeper polls every IDLE / 4


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "FACTDESK_EMBEDDED_IDLE": str(IDLE)}


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR)
    return path


def cache_state(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    state: str = json.loads(done.stdout)["engine"]["cache"]
    return state


def wait_until_gone(root: Path, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := embedded_processes(root)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def one_line_exit_2(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert "FACTDESK_STATE_DIR" in lines[0]


def test_later_runs_reuse_the_server_and_it_stops_when_idle(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    idle = 4.0  # longer than a command takes to start
    env = {**env, "FACTDESK_EMBEDDED_IDLE": str(idle)}
    assert cache_state(factdesk("analyze", "--format", "json", str(article), env=env)) == "stored"
    first = servers(tmp_path)
    assert len(first) == 1, first
    assert cache_state(factdesk("analyze", "--format", "json", str(article), env=env)) == "hit"
    assert servers(tmp_path) == first, "the second run found the first run's server"

    assert wait_until_gone(tmp_path, idle + 3) == [], "server and keeper exit once idle"
    state = Path(env["FACTDESK_STATE_DIR"])
    assert (state / "factdesk.rdb").exists(), "the data was saved as it stopped"
    again = factdesk("analyze", "--format", "json", str(article), env=env)
    assert cache_state(again) == "hit", "a new server loads the saved cache"


def test_concurrent_runs_share_one_server(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    runs = [
        subprocess.Popen([sys.executable, "-m", "bot.cli", "analyze", "--format", "json",
                          str(article)], cwd=env["FACTDESK_TEST_CWD"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    seen: set[str] = set()
    while any(run.poll() is None for run in runs):
        seen.update(line.split()[0] for line in servers(tmp_path))
        time.sleep(0.02)
    outcomes = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, [err for _, err in outcomes]
    states = sorted(json.loads(out)["engine"]["cache"] for out, _ in outcomes)
    assert states.count("stored") == 1 and states.count("hit") == 5, states
    assert len(seen) == 1, f"one server for the state folder, saw {seen}"
    assert wait_until_gone(tmp_path, IDLE + 3) == []


def test_sigterm_to_analyze_leaves_no_server(
    env: dict[str, str], tmp_path: Path
) -> None:
    articles = []
    for n in range(3):
        path = tmp_path / f"schools-{n}.txt"
        path.write_text(SCHOOLS.replace("three", str(n + 3)))
        articles.append(str(path))
    run = subprocess.Popen([sys.executable, "-m", "bot.cli", "analyze", *articles],
                           cwd=env["FACTDESK_TEST_CWD"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not servers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGTERM)
    run.communicate(timeout=30)
    assert run.returncode != 0
    assert wait_until_gone(tmp_path, IDLE + 3) == []


def test_a_killed_server_is_replaced_and_a_killed_keeper_takes_its_server_along(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    assert cache_state(factdesk("analyze", "--format", "json", str(article), env=env)) == "stored"
    (server,) = servers(tmp_path)
    os.kill(int(server.split()[0]), signal.SIGKILL)  # leaves its socket file behind
    assert wait_until_gone(tmp_path, 3) == [], "the keeper ends with its server"
    cache_state(factdesk("analyze", "--format", "json", str(article), env=env))

    (keeper,) = [p for p in embedded_processes(tmp_path) if "bot.embedded_redis" in p]
    os.kill(int(keeper.split()[0]), signal.SIGKILL)
    assert wait_until_gone(tmp_path, 5) == [], "the server gets SIGTERM when its keeper dies"


@pytest.mark.skipif(os.access("/proc/sys", os.W_OK), reason="needs a directory Redis cannot write")
def test_a_server_that_cannot_save_still_stops(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    cache_state(factdesk("analyze", "--format", "json", str(article), env=env))
    sock = embedded_redis.socket_path(Path(env["FACTDESK_STATE_DIR"]))
    assert b"+OK" in embedded_redis._send(sock, b"CONFIG SET dir /proc/sys\r\n", timeout=2)
    # SHUTDOWN SAVE fails there, and Redis refuses to exit on SIGTERM: the keeper says NOSAVE
    assert wait_until_gone(tmp_path, IDLE + 5) == []


def test_a_long_state_folder_gets_a_short_socket(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    state = tmp_path / ("deep-" * 12) / "state"
    env = {**env, "FACTDESK_STATE_DIR": str(state)}
    assert len(str(state / "redis.sock")) > embedded_redis.MAX_SOCKET_PATH
    assert cache_state(factdesk("analyze", "--format", "json", str(article), env=env)) == "stored"
    assert cache_state(factdesk("analyze", "--format", "json", str(article), env=env)) == "hit"
    assert embedded_redis.stop(state)
    assert embedded_processes(tmp_path) == []


def test_state_folder_under_a_file(env: dict[str, str], article: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = factdesk("analyze", str(article), env={**env, "FACTDESK_STATE_DIR": str(
        blocker / "state")})
    one_line_exit_2(done, "a part of that path is a file")
    assert embedded_processes(tmp_path) == []


def test_state_folder_on_a_read_only_mount(
    env: dict[str, str], article: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state-ro"
    state.mkdir()
    command = [sys.executable, "-m", "bot.cli", "analyze", str(article)]
    env = {**env, "FACTDESK_STATE_DIR": str(state)}
    if os.geteuid() != 0:
        state.chmod(0o500)
        expected = "it is not writable"
    elif shutil.which("unshare") and subprocess.run(
        ["unshare", "-rm", "true"], capture_output=True, check=False
    ).returncode == 0:
        # root writes anywhere: a read-only bind mount in a private mount namespace
        mount = (f"mount --bind {state} {state} && mount -o remount,bind,ro {state} && "
                 'exec "$@"')
        command = ["unshare", "-rm", "sh", "-c", mount, "sh", *command]
        expected = "it is on a read-only file system"
    else:
        pytest.skip("root without user namespaces: no way to make a folder read-only")
    done = subprocess.run(command, cwd=env["FACTDESK_TEST_CWD"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    one_line_exit_2(done, expected)
    assert embedded_processes(tmp_path) == []


def test_redis_url_that_is_not_a_url(env: dict[str, str], article: Path) -> None:
    done = factdesk("analyze", str(article), env={**env, "REDIS_URL": "notaurl"})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "REDIS_URL" in lines[0], done.stderr
