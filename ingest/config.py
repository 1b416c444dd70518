"""One data root for the archive and its indexes: $DIRECTIVES_HOME, else ~/.local/share/directives."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MAX_FILE_MB = 50.0


def home() -> Path:
    root = os.environ.get("DIRECTIVES_HOME")
    path = Path(root).expanduser() if root else \
        Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "directives"
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive_path() -> Path:
    return home() / "archive.sqlite3"


def max_file_bytes() -> int:
    """Files above this size are refused; $DIRECTIVES_MAX_FILE_MB overrides the default."""
    return int(float(os.environ.get("DIRECTIVES_MAX_FILE_MB", DEFAULT_MAX_FILE_MB)) * 1024 * 1024)


SPIN_COUNT = "10000"


def bound_openmp_spinning() -> None:
    """The embedder and FAISS run on OpenMP. Its default waiting spins for a long time: with another process
    on the (2) cores a query took seconds. Never spinning (OMP_WAIT_POLICY=PASSIVE) costs ~10 ms a query on a
    quiet machine (e5-small query p50 27 -> 15 ms with a bounded spin; under two busy processes both ~40 ms,
    bench/RESULTS.md). So: spin briefly, then sleep. Must run before those libraries load; a user's own
    OMP_WAIT_POLICY or GOMP_SPINCOUNT wins."""
    if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ:
        os.environ["GOMP_SPINCOUNT"] = SPIN_COUNT
