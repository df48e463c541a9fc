"""A real 3-master Redis Cluster for tests: three redis-server processes in cluster mode
on free ports, joined by `redis-cli --cluster create` (no replicas).

Tests reach it with a `redis+cluster://` URL naming one node, as an operator would.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from tests.support.redis_server import RedisServer, free_port, redis_server_binary

MASTERS = 3
BUS_OFFSET = 10000  # Redis Cluster's node-to-node bus listens on port + 10000


def redis_cli_binary() -> str:
    return str(Path(redis_server_binary()).with_name("redis-cli"))


def _free_cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free as well."""
    for _ in range(100):
        port = free_port()
        if port + BUS_OFFSET > 65535:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port + BUS_OFFSET))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for a cluster node")


class RedisCluster:
    def __init__(self, data_dir: Path) -> None:
        self.nodes: list[RedisServer] = []
        for n in range(MASTERS):
            node_dir = data_dir / f"node{n}"
            self.nodes.append(RedisServer(node_dir, _free_cluster_port(), (
                "--cluster-enabled", "yes",
                "--cluster-config-file", str(node_dir / "nodes.conf"),
                "--cluster-node-timeout", "5000",
            )))

    @property
    def url(self) -> str:
        return f"redis+cluster://127.0.0.1:{self.nodes[0].port}"

    def start(self) -> None:
        for node in self.nodes:
            node.start()
        addresses = [f"127.0.0.1:{node.port}" for node in self.nodes]
        subprocess.run(
            [redis_cli_binary(), "--cluster", "create", *addresses,
             "--cluster-replicas", "0", "--cluster-yes"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
        )
        deadline = time.monotonic() + 30
        while not all(self._state_ok(node) for node in self.nodes):
            if time.monotonic() > deadline:
                raise RuntimeError("the test cluster did not reach cluster_state:ok in 30 s")
            time.sleep(0.1)

    @staticmethod
    def _state_ok(node: RedisServer) -> bool:
        with socket.create_connection(("127.0.0.1", node.port), timeout=2) as sock:
            sock.sendall(b"CLUSTER INFO\r\n")
            return b"cluster_state:ok" in sock.recv(4096)

    def flush(self) -> None:
        for node in self.nodes:
            node.flush()

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
