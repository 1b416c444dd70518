"""Spread CPU-bound per-item work (parsing files, tokenising clauses) over worker processes, in order.

Parsing and pyvi tokenising are pure Python and hold the GIL, so only processes help: on 2 cores they take
ingest from ~300 to over 500 clauses/s (bench/RESULTS.md). Small jobs stay in this process, where a worker's
start (imports, pyvi's model) would cost more than it saves. Workers are spawned, not forked: the app and
the query embedder run threads, and a fork copies their locks in whatever state they are.

Workers die with their parent: after `kill -9` of `directives ingest`, its workers had kept running (200-320 MB
each). On Linux each worker asks the kernel for SIGKILL when its parent goes (prctl PR_SET_PDEATHSIG); on any
system a watchdog thread in the worker exits when its parent process is gone.
"""
from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """DIRECTIVES_WORKERS, else the cores this process may use (1 turns parallel work off)."""
    env = os.environ.get("DIRECTIVES_WORKERS", "").strip()
    if env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def _bare_main() -> Iterator[None]:
    """A spawned worker imports the parent's __main__ again; in the app that is app.py, a Streamlit script
    that would run its page inside the worker. Our workers need only the package, so while they start, the
    parent's __main__ is an empty module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _die_with_parent(parent: int, initializer: Callable[[], None] | None) -> None:
    """A worker's first act: be killed when `parent` dies, then run the caller's initializer."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl; the watchdog below still runs
            pass
    if os.getppid() != parent:          # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
    if initializer is not None:
        initializer()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], min_items: int, chunksize: int = 1,
                initializer: Callable[[], None] | None = None) -> Iterator[R]:
    """fn over items, results in the items' order; in worker processes when there are at least `min_items`.

    `fn` must be a module-level function (it is pickled by name). Results stream back while later items are
    still being worked on, so the caller can store each one as it arrives.
    """
    items = list(items)
    n = workers()
    if n <= 1 or len(items) < min_items:
        if initializer is not None:
            initializer()
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=min(n, len(items)), mp_context=get_context("spawn"),
                             initializer=functools.partial(_die_with_parent, os.getpid(), initializer)) as pool:
        with _bare_main():            # every worker starts inside map(), which submits all items at once
            results = pool.map(fn, items, chunksize=chunksize)
        yield from results
