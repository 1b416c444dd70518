"""One ingest at a time per archive, across processes and threads.

Two ingests into one archive each stored their documents, but the one that finished second reported a stale
count (23 of 40 documents): each had checked for duplicates and counted while the other was half done. So an
ingest holds an exclusive lock on `<archive>.lock` from its first duplicate check to its closing count; a
second one waits, says that it waits, and then sees everything the first stored. The kernel drops a flock when
its holder dies, so an ingest killed with kill -9 never leaves the archive locked. Searches take no lock.

The lock is re-entrant within one thread (the CLI holds it around ingest_paths, which takes it too); other
threads of the same process (app sessions uploading at once) wait for it like other processes.
"""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class _State:
    def __init__(self) -> None:
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_STATES: dict[str, _State] = {}
_GUARD = threading.Lock()


@contextmanager
def ingesting(archive_path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the archive's ingest lock for the block; `on_wait` is called once if another holder makes us wait."""
    key = str(Path(archive_path).resolve())
    with _GUARD:
        state = _STATES.setdefault(key, _State())
    waited = False

    def wait() -> None:
        nonlocal waited
        if on_wait is not None and not waited:
            on_wait()
        waited = True

    if not state.thread_lock.acquire(blocking=False):
        wait()
        state.thread_lock.acquire()
    try:
        if state.depth == 0:
            fd = os.open(key + ".lock", os.O_RDWR | os.O_CREAT, 0o644)   # not inherited by workers (O_CLOEXEC)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                wait()
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
            state.fd = fd
        state.depth += 1
        try:
            yield
        finally:
            state.depth -= 1
            if state.depth == 0 and state.fd is not None:
                os.close(state.fd)                  # closing the descriptor releases the flock
                state.fd = None
    finally:
        state.thread_lock.release()
