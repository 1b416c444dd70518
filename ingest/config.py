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
