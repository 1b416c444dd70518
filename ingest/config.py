"""One data root for the archive and its indexes ($DIRECTIVES_HOME, else ~/.local/share/directives), and the
limits a service shared by many staff needs: per file (size, unpacked size, paragraphs, pages, OCR) and per
query (characters, seconds). Each limit is an environment variable; a value that is not a positive number is a
usage error naming the variable, never a traceback."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UsageError

DEFAULT_MAX_FILE_MB = 50.0


def home() -> Path:
    root = os.environ.get("DIRECTIVES_HOME")
    path = Path(root).expanduser() if root else \
        Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "directives"
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive_path() -> Path:
    return home() / "archive.sqlite3"


@dataclass(frozen=True)
class Limit:
    """One configurable limit: its variable, its default and what it counts (for messages)."""

    env: str
    default: float
    unit: str
    integer: bool = False

    def value(self) -> float:
        """The variable's value, else the default. Anything but a positive finite number is a UsageError."""
        raw = os.environ.get(self.env)
        if raw is None or not raw.strip():
            return self.default
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number <= 0 or (self.integer and number != int(number)):
            kind = "a whole number" if self.integer else "a number"
            raise UsageError(f"{self.env}={raw!r}: expected {kind} of {self.unit} above 0, "
                             f"e.g. {self.env}={self.default:g}")
        return int(number) if self.integer else number


MAX_FILE_MB = Limit("DIRECTIVES_MAX_FILE_MB", DEFAULT_MAX_FILE_MB, "megabytes")
# A DOCX is a zip: 1 MB of it may unpack to 1 GiB of XML, which python-docx would hold as a tree (2 GB peak).
MAX_UNPACKED_MB = Limit("DIRECTIVES_MAX_UNPACKED_MB", 64.0, "megabytes")
# Paragraphs (lines) of one file: the archive's largest document has ~2,000; 2 M one-letter paragraphs made a
# 1.4 GB ingest and a 15-minute search.
MAX_PARAGRAPHS = Limit("DIRECTIVES_MAX_PARAGRAPHS", 50_000, "paragraphs", integer=True)
MAX_PAGES = Limit("DIRECTIVES_MAX_PAGES", 5_000, "pages", integer=True)
# OCR is a few seconds a page: 2,000 scanned pages were 20 minutes of one ingest.
MAX_OCR_PAGES = Limit("DIRECTIVES_MAX_OCR_PAGES", 200, "pages", integer=True)
MAX_OCR_SECONDS = Limit("DIRECTIVES_MAX_OCR_SECONDS", 600.0, "seconds")
# A question longer than this is cut (with a notice): 100 KB pasted into the question box took 107 s.
MAX_QUERY_CHARS = Limit("DIRECTIVES_MAX_QUERY_CHARS", 2_000, "characters", integer=True)
QUERY_SECONDS = Limit("DIRECTIVES_QUERY_SECONDS", 10.0, "seconds")
LIMITS = (MAX_FILE_MB, MAX_UNPACKED_MB, MAX_PARAGRAPHS, MAX_PAGES, MAX_OCR_PAGES, MAX_OCR_SECONDS, MAX_QUERY_CHARS,
          QUERY_SECONDS)


def check_limits() -> None:
    """Read every limit once, so a bad setting stops a command before it does anything (exit 2)."""
    for limit in LIMITS:
        limit.value()


def max_file_bytes() -> int:
    """Files above this size are refused; $DIRECTIVES_MAX_FILE_MB overrides the default."""
    return int(MAX_FILE_MB.value() * 1024 * 1024)


SPIN_COUNT = "10000"


def bound_openmp_spinning() -> None:
    """The embedder and FAISS run on OpenMP. Its default waiting spins for a long time: with another process
    on the (2) cores a query took seconds. Never spinning (OMP_WAIT_POLICY=PASSIVE) costs ~10 ms a query on a
    quiet machine (e5-small query p50 27 -> 15 ms with a bounded spin; under two busy processes both ~40 ms,
    bench/RESULTS.md). So: spin briefly, then sleep. Must run before those libraries load; a user's own
    OMP_WAIT_POLICY or GOMP_SPINCOUNT wins."""
    if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ:
        os.environ["GOMP_SPINCOUNT"] = SPIN_COUNT
