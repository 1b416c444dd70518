"""Ingest files into the archive: extract -> parse -> store, one transaction per document.

A bad file gets a one-line error naming it and the reason; the others still go in.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest import config
from ingest.annotate import annotate
from ingest.archive import Archive
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.parse import parse

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


def ingest_file(path: Path, archive: Archive, max_bytes: int | None = None) -> FileResult:
    source = str(path.resolve())
    try:
        limit = config.max_file_bytes() if max_bytes is None else max_bytes
        size = path.stat().st_size
        if size > limit:
            raise IngestError(f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                              "(raise it with --max-size-mb or DIRECTIVES_MAX_FILE_MB)")
        if size == 0:
            raise IngestError("empty file")
        data = path.read_bytes()
        file_hash = hashlib.sha256(data).hexdigest()
        known = archive.source_hash(source)
        if known and known[1] == file_hash:
            doc_id = known[0]
            return FileResult(str(path), "duplicate", doc_id, len(archive.clauses(doc_id)))
        doc = annotate(parse(extract(path).pages, source))
        status = archive.add(doc, source, file_hash)
        return FileResult(str(path), status, doc.id, len(doc.clauses))
    except IngestError as e:
        return FileResult(str(path), "error", error=str(e))
    except OSError as e:
        return FileResult(str(path), "error", error=f"cannot read: {e.strerror or e}")


def ingest_paths(paths: Iterable[Path], archive: Archive, max_bytes: int | None = None,
                 progress: Callable[[Progress], None] | None = None) -> list[FileResult]:
    files, results = find_files(paths)
    started, clauses = time.perf_counter(), 0
    for n, path in enumerate(files, start=1):
        result = ingest_file(path, archive, max_bytes)
        results.append(result)
        clauses += result.clauses if result.status in ("added", "replaced") else 0
        if progress:
            progress(Progress(n, len(files), clauses, time.perf_counter() - started, result))
    return results
