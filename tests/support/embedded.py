"""Find and stop the embedded Redis servers (and their keepers) that runs left under a folder.

Both work in their state folder, so a process counts as under `root` when its working
folder is; the machine's own Redis on 6379 and other people's servers never do.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

from bot import embedded_redis


def embedded_processes(root: Path) -> list[str]:
    """`pid command` of each redis-server or keeper whose working folder is under `root`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace").strip()
        except OSError:
            continue  # ended meanwhile, or a zombie
        if cwd.is_relative_to(root) and ("redis-server" in command
                                         or "bot.embedded_redis" in command):
            found.append(f"{entry.name} {command}")
    return found


def servers(root: Path) -> list[str]:
    return [line for line in embedded_processes(root) if "redis-server" in line]


def stop_all(root: Path) -> list[str]:
    """Stop what `embedded_processes` finds (cleanly, else by SIGKILL); what it found."""
    found = embedded_processes(root)
    for line in found:
        pid = int(line.split()[0])
        with contextlib.suppress(OSError, embedded_redis.EmbeddedError):
            embedded_redis.stop(Path(os.readlink(f"/proc/{pid}/cwd")), timeout=5)
    for line in embedded_processes(root):
        with contextlib.suppress(OSError):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    return found
