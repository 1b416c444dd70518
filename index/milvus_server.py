"""A milvus-lite server process on 127.0.0.1 for the tests and benchmarks: started as `milvus-lite server` starts
it, ready once a call goes through, stopped by its PID."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiteServer:
    def __init__(self, data_dir: Path, port: int | None = None):
        self.data_dir, self.port = Path(data_dir), port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"milvus://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "LiteServer":
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir.parent / f"milvus-{self.port}.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(self.data_dir),
                                      "--host", "127.0.0.1", "--port", str(self.port)], stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite exited with {self.proc.returncode}; see {log.name}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                self._answering()
                return self
            except Exception:  # noqa: BLE001 - not listening, or listening but not answering yet
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"milvus-lite did not answer within {timeout:.0f} s")

    def _answering(self) -> None:
        """A call that goes through. pymilvus keeps one channel per address in a process: after a restart its
        first call fails while the channel reconnects, so callers wait for a call that succeeds."""
        from pymilvus import MilvusClient

        MilvusClient(uri=f"http://127.0.0.1:{self.port}", timeout=5).list_collections()

    def stop(self) -> None:
        """By its PID: SIGTERM, then SIGKILL if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)

    def rss_mb(self) -> float:
        """The server process's resident memory."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AttributeError):
            pass
        return float("nan")
