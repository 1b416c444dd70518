"""Ingest files into the archive: extract -> parse -> store, one transaction per document.

A bad file gets a one-line error naming it and the reason; the others still go in.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ingest import config
from ingest.annotate import annotate
from ingest.archive import Archive
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.model import Document
from ingest.parallel import ordered_map
from ingest.parse import parse

R = TypeVar("R")
SUPPORTED = {".pdf", ".txt", ".md", ".docx"}


@dataclass
class FileResult:
    path: str
    status: str                  # added | duplicate | replaced | error
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


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest under the given paths; missing paths and unsupported files are reported."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(FileResult(str(p), "error", error="no such file or folder"))
    return files, problems


PARALLEL_FROM = 8            # files; fewer are parsed in this process (a worker's start costs ~0.3 s)


def _check(path: Path, archive: Archive, limit: int) -> FileResult | str:
    """A file's hash when it needs parsing, or its result when it does not (too big, empty, already in)."""
    size = path.stat().st_size
    if size > limit:
        raise IngestError(f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                          "(raise it with --max-size-mb or DIRECTIVES_MAX_FILE_MB)")
    if size == 0:
        raise IngestError("empty file")
    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    known = archive.source_hash(str(path.resolve()))
    if known and known[1] == file_hash:
        return FileResult(str(path), "duplicate", known[0], len(archive.clauses(known[0])))
    return file_hash


def _read(path: Path) -> Document | FileResult:
    """Extract, parse and annotate one file (in a worker process when there are many)."""
    return _guarded(path, lambda: annotate(parse(extract(path).pages, str(path.resolve()))))


def _store(path: Path, file_hash: str, read: Document | FileResult, archive: Archive) -> FileResult:
    if isinstance(read, FileResult):
        return read
    status = _guarded(path, lambda: archive.add(read, str(path.resolve()), file_hash))
    if isinstance(status, FileResult):
        return status
    return FileResult(str(path), status, read.id, len(read.clauses))


def _guarded(path: Path, step: Callable[[], R]) -> R | FileResult:
    """The step's value, or an error result naming the file: one bad file never stops the others."""
    try:
        return step()
    except IngestError as e:
        return FileResult(str(path), "error", error=str(e))
    except OSError as e:
        return FileResult(str(path), "error", error=f"cannot read: {e.strerror or e}")


def ingest_file(path: Path, archive: Archive, max_bytes: int | None = None) -> FileResult:
    limit = config.max_file_bytes() if max_bytes is None else max_bytes
    checked = _guarded(path, lambda: _check(path, archive, limit))
    if isinstance(checked, FileResult):
        return checked
    return _store(path, checked, _read(path), archive)


def ingest_paths(paths: Iterable[Path], archive: Archive, max_bytes: int | None = None,
                 progress: Callable[[Progress], None] | None = None,
                 parallel_from: int = PARALLEL_FROM) -> list[FileResult]:
    """Every file under `paths`, one transaction each. Files are parsed in worker processes when there are
    at least `parallel_from` new ones; this process stores them one by one, in order, as they arrive."""
    files, results = find_files(paths)
    limit = config.max_file_bytes() if max_bytes is None else max_bytes
    started, clauses = time.perf_counter(), 0
    checked = [(path, _guarded(path, lambda path=path: _check(path, archive, limit))) for path in files]
    reads = ordered_map(_read, [path for path, c in checked if isinstance(c, str)], min_items=parallel_from)
    for n, (path, c) in enumerate(checked, start=1):     # in the files' order; parsed ones as their turn comes
        result = c if isinstance(c, FileResult) else _store(path, c, next(reads), archive)
        results.append(result)
        clauses += result.clauses if result.status in ("added", "replaced") else 0
        if progress:
            progress(Progress(n, len(files), clauses, time.perf_counter() - started, result))
    return results
