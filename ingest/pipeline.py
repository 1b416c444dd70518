"""Ingest files into the archive: extract -> parse -> store, one transaction per document.

A bad file gets a one-line error naming it and the reason; the others still go in. A file whose name is not
UTF-8 (copied from another system) goes in too, its name written with \\xNN escapes wherever it is shown or
stored: one such name had aborted a whole folder (0 files stored). One ingest runs at a time per archive
(ingest/lock.py), so its duplicate checks and counts see every document stored before it.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ingest import config
from ingest.annotate import annotate
from ingest.archive import Archive
from ingest.errors import IngestError, LimitError
from ingest.limits import size_text
from ingest.extract import extract
from ingest.model import Document
from ingest.parallel import ordered_map
from ingest.lock import ingesting
from ingest.parse import PARSE_VERSION, parse

R = TypeVar("R")
SUPPORTED = {".pdf", ".txt", ".md", ".docx"}


@dataclass
class FileResult:
    path: str
    status: str                  # added | duplicate | replaced | reread | error
    doc_id: str | None = None
    clauses: int = 0
    error: str | None = None

    def line(self) -> str:
        if self.status == "error":
            return f"{self.path}: error: {self.error}"
        return f"{self.path}: {self.status} ({self.doc_id}, {self.clauses} clauses)"


@dataclass
class Progress:
    done: int
    total: int
    clauses: int
    seconds: float
    result: FileResult

    def line(self) -> str:
        rate = self.clauses / self.seconds if self.seconds > 0 else 0.0
        return f"[{self.done}/{self.total}] {self.result.line()} | {self.clauses} clauses, {rate:.0f} clauses/s"


def shown(path: Path | str) -> str:
    """A path as text that prints and stores anywhere: bytes that are not UTF-8 and control characters as
    \\xNN (Python gives such names as lone surrogates, which neither stdout nor SQLite accept)."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest under the given paths; missing paths and unsupported files are reported."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append(FileResult(shown(p), "error", error="not a regular file or folder"))
        else:
            problems.append(FileResult(shown(p), "error", error="no such file or folder"))
    return files, problems


PARALLEL_FROM = 8            # files; fewer are parsed in this process (a worker's start costs ~0.3 s)


def _check(path: Path, archive: Archive, limit: int) -> FileResult | str:
    """A file's hash when it needs parsing, or its result when it does not (too big, empty, already in)."""
    size = path.stat().st_size
    if size > limit:
        raise LimitError(f"file is {size_text(size)}, over the {size_text(limit)} limit "
                         "(raise it with --max-size-mb or DIRECTIVES_MAX_FILE_MB)")
    if size == 0:
        raise IngestError("empty file")
    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    known = archive.source_hash(shown(path.resolve()))
    if known and known[1] == file_hash and known[2] >= PARSE_VERSION:
        return FileResult(shown(path), "duplicate", known[0], len(archive.clauses(known[0])))
    return file_hash          # new, changed, or read by an older parser: Archive.add keeps the reading that differs



def _read(path: Path) -> Document | FileResult:
    """Extract, parse and annotate one file (in a worker process when there are many)."""
    return _guarded(path, lambda: annotate(parse(extract(path).pages, shown(path.resolve()))))


def _store(path: Path, file_hash: str, read: Document | FileResult, archive: Archive) -> FileResult:
    if isinstance(read, FileResult):
        return read
    status = _guarded(path, lambda: archive.add(read, shown(path.resolve()), file_hash))
    if isinstance(status, FileResult):
        return status
    return FileResult(shown(path), status, read.id, len(read.clauses))


def _guarded(path: Path, step: Callable[[], R]) -> R | FileResult:
    """The step's value, or an error result naming the file: one bad file never stops the others."""
    try:
        return step()
    except IngestError as e:
        return FileResult(shown(path), "error", error=str(e))
    except OSError as e:
        return FileResult(shown(path), "error", error=f"cannot read: {e.strerror or e}")


def ingest_file(path: Path, archive: Archive, max_bytes: int | None = None) -> FileResult:
    limit = config.max_file_bytes() if max_bytes is None else max_bytes
    with ingesting(archive.path):
        checked = _guarded(path, lambda: _check(path, archive, limit))
        if isinstance(checked, FileResult):
            return checked
        return _store(path, checked, _read(path), archive)


def ingest_paths(paths: Iterable[Path], archive: Archive, max_bytes: int | None = None,
                 progress: Callable[[Progress], None] | None = None,
                 parallel_from: int = PARALLEL_FROM, on_wait: Callable[[], None] | None = None) -> list[FileResult]:
    """Every file under `paths`, one transaction each. Files are parsed in worker processes when there are
    at least `parallel_from` new ones; this process stores them one by one, in order, as they arrive. Holds the
    archive's ingest lock throughout (`on_wait` is told when another ingest makes it wait)."""
    with ingesting(archive.path, on_wait):
        return _ingest_paths(paths, archive, max_bytes, progress, parallel_from)


def _ingest_paths(paths: Iterable[Path], archive: Archive, max_bytes: int | None,
                  progress: Callable[[Progress], None] | None, parallel_from: int) -> list[FileResult]:
    files, results = find_files(paths)
    limit = config.max_file_bytes() if max_bytes is None else max_bytes
    started, clauses = time.perf_counter(), 0
    checked = [(path, _guarded(path, lambda path=path: _check(path, archive, limit))) for path in files]
    reads = ordered_map(_read, [path for path, c in checked if isinstance(c, str)], min_items=parallel_from)
    for n, (path, c) in enumerate(checked, start=1):     # in the files' order; parsed ones as their turn comes
        result = c if isinstance(c, FileResult) else _store(path, c, next(reads), archive)
        results.append(result)
        clauses += result.clauses if result.status in ("added", "replaced", "reread") else 0
        if progress:
            progress(Progress(n, len(files), clauses, time.perf_counter() - started, result))
    return results
