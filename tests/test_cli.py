"""`factdesk analyze` as a user runs it: a real process, embedded Redis, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import embedded_redis
from tests.support.articles import HARBOUR, html_page
from tests.support.cli import factdesk
from tests.support.http_server import LocalHTTPServer


def test_same_link_twice_second_served_from_embedded_redis(
    cli_env: dict[str, str], http_server: LocalHTTPServer
) -> None:
    http_server.page("/ports/closure", html_page("Valmora terminal to close", HARBOUR))
    link = http_server.url("/ports/closure")
    first = factdesk("analyze", "--format", "json", link, env=cli_env)
    assert first.returncode == 0, first.stderr
    second = factdesk("analyze", "--format", "json", link + "#comments", env=cli_env)
    assert second.returncode == 0, second.stderr
    assert http_server.requests.count("/ports/closure") == 1
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert (one["engine"]["cached"], two["engine"]["cached"]) == (False, True)
    assert one["claims"] == two["claims"]
    state = Path(cli_env["FACTDESK_STATE_DIR"])
    assert embedded_redis.stop(state), "the server is still up for the next command"
    assert (state / "factdesk.rdb").exists(), "and saved its data when it stopped"


def test_text_output_has_the_sections(cli_env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(HARBOUR)
    done = factdesk("analyze", str(article), env=cli_env)
    assert done.returncode == 0, done.stderr
    for section in ("Summary", "Claims", "Denials and responses", "Attributions to verify"):
        assert section in done.stdout
    assert "Paul Oduya" in done.stdout


def test_jsonl_one_line_per_input_from_files_and_stdin(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(HARBOUR)
    done = factdesk("analyze", "--format", "jsonl", str(article), "-", env=cli_env,
                    stdin=HARBOUR.replace("Valmora", "Ostrava").encode())
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["input"] for line in lines] == [str(article), "-"]
    assert all(line["analysis"]["claims"] for line in lines)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("-", "paste"),  # empty standard input
        ("{tmp}/binary.bin", "binary"),
        ("{tmp}/missing.txt", "no such file"),
        ("http://127.0.0.1:9/nothing", "could not connect"),
        ("{server}/missing", "404"),
        ("{server}/empty", "no article text"),
        ("http://10.1.2.3/private", "private"),
    ],
    ids=["empty", "binary", "no-file", "unreachable", "404", "no-article", "private"],
)
def test_bad_input_one_line_and_exit_2(
    cli_env: dict[str, str], tmp_path: Path, http_server: LocalHTTPServer,
    given: str, expected: str,
) -> None:
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 20)
    http_server.page("/empty", "<html><body><script>app()</script></body></html>")
    env = dict(cli_env)
    if "10.1.2.3" in given:
        env.pop("FACTDESK_FETCH_ALLOW")
    item = given.format(tmp=tmp_path, server=http_server.url(""))
    done = factdesk("analyze", item, env=env, stdin=b"")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert expected in lines[0].lower()


def test_a_reader_that_stops_early_is_not_an_error(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(HARBOUR)
    many = [str(article)] * 60  # far more output than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "analyze", *many], cwd=cli_env["FACTDESK_TEST_CWD"],
        env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`
    proc.stdout.close()
    errors = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert first.strip()
    assert "Traceback" not in errors and "Sorry" not in errors and "BrokenPipe" not in errors
